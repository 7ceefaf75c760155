using System.Globalization;

namespace EqNet.Models;

/// <summary>How a model produces one output: what the network learns and what comes from reading the equations.</summary>
public enum OutputStructureKind
{
    /// <summary>The network alone (its head may still follow the output's bounds or the sign of its terms).</summary>
    Network,

    /// <summary>
    /// A factor of the output's explicit definition that changes sign (<c>T2 - T1</c> in <c>kappa*(T2-T1)*A/d</c>),
    /// computed from the inputs, times a magnitude the network learns.
    /// </summary>
    FactorTimesNetwork,

    /// <summary>
    /// A closed form the equations give for an implicit output (a quadratic's root, an angle), computed from the inputs,
    /// times a correction the network learns (near 1: the network's share is near zero).
    /// </summary>
    ClosedFormTimesCorrection,

    /// <summary>Computed from an equation of the inputs and the outputs the network predicts (the torn part of a system).</summary>
    ComputedFromEquation,

    /// <summary>A formula of the inputs (a formula model, <c>eqnet discover --save</c>); no network.</summary>
    Formula,
}

/// <summary>
/// How a model produces one output, in words a user understands, with its provenance: the rule that chose it and the
/// equations it was read from. Stored in the model file, and shown by <c>eqnet inspect MODEL</c>, the design print of
/// <c>eqnet train</c>, metrics.json (<c>outputs.NAME.structure</c>) and the report.
/// </summary>
/// <param name="Output">Output name.</param>
/// <param name="Kind">What produces it.</param>
/// <param name="Rule">
/// The rule that chose it, in a few words ("quadratic root", "sign-changing factor", "difference of positive and
/// negative terms", "declared bounds"...); "network" when no rule applied.
/// </param>
/// <param name="Equations">The equations it was read from, numbered from 1 in the problem file's order; empty when none.</param>
/// <param name="Expression">The closed form or factor (an expression of the inputs), or the formula; null for a network alone.</param>
/// <param name="After">For <see cref="OutputStructureKind.ComputedFromEquation"/>, the outputs the network predicts that it is computed from; else empty.</param>
/// <param name="NetworkShare">
/// The share of the output's variance the network supplies beyond the factor times a constant (0: the factor alone,
/// 1: all of it), measured on a sample of the domain after training; null where not measured or not meaningful.
/// </param>
/// <param name="Refinement">
/// For a network's output that Newton steps refine after the network (<see cref="NewtonRefinement"/>), what they do
/// ("up to 2 Newton steps on equations 2, 3"); null when the network's value is the output.
/// </param>
public sealed record OutputStructure(string Output, OutputStructureKind Kind, string Rule, IReadOnlyList<int> Equations,
    string? Expression = null, IReadOnlyList<string>? After = null, double? NetworkShare = null, string? Refinement = null)
{
    /// <summary>The rule of an output no equation gives, learned from measured data (followed by the row count).</summary>
    public const string MeasuredDataRule = "fitted to measured data";

    /// <summary>The output produced by the network alone, with the rule that chose its head.</summary>
    public static OutputStructure Network(string output, string rule = "network", IReadOnlyList<int>? equations = null) =>
        new(output, OutputStructureKind.Network, rule, equations ?? []);

    /// <summary>The kind as written in files: <c>network</c>, <c>factor x network</c>, <c>closed form x correction</c>, <c>computed from equation</c>, <c>formula</c>.</summary>
    public string KindText => KindName(Kind);

    /// <summary>The file name of a kind (see <see cref="KindText"/>).</summary>
    public static string KindName(OutputStructureKind kind) => kind switch
    {
        OutputStructureKind.Network => "network",
        OutputStructureKind.FactorTimesNetwork => "factor x network",
        OutputStructureKind.ClosedFormTimesCorrection => "closed form x correction",
        OutputStructureKind.ComputedFromEquation => "computed from equation",
        _ => "formula",
    };

    /// <summary>The kind with file name <paramref name="text"/>, or null when no kind has it.</summary>
    public static OutputStructureKind? ParseKind(string text) =>
        Enum.GetValues<OutputStructureKind>().Select(k => (OutputStructureKind?)k).FirstOrDefault(k => KindName(k!.Value) == text);

    /// <summary>
    /// One line for people, e.g. <c>closed form (quadratic root of equation 2: ...) x learned correction (network share 2e-14)</c>.
    /// </summary>
    public string Describe()
    {
        string from = Equations.Count == 0 ? "" : Equations.Count == 1 ? $"equation {Equations[0]}" : $"equations {string.Join(", ", Equations)}";
        string share = NetworkShare is { } s ? $" (network's share of its variance {Share(s)})" : "";
        string then = Refinement is null ? "" : $", then {Refinement}";
        return Kind switch
        {
            OutputStructureKind.FactorTimesNetwork => $"factor {Expression} ({Rule}{(from.Length > 0 ? $", {from}" : "")}) x network{share}{then}",
            OutputStructureKind.ClosedFormTimesCorrection => $"closed form ({Rule}{(from.Length > 0 ? $", from {from}" : "")}: {Expression}) x learned correction{share}{then}",
            OutputStructureKind.ComputedFromEquation => $"computed from {from}" + (After is { Count: > 0 } after ? $" after the network's {string.Join(", ", after)}" : " (inputs only)"),
            OutputStructureKind.Formula => $"formula {Expression}",
            _ when Rule.StartsWith(MeasuredDataRule, StringComparison.Ordinal) => $"network {Rule}" + then,
            _ => (Rule == "network" ? "network" : $"network ({Rule}{(from.Length > 0 ? $", {from}" : "")})") + then,
        };
    }

    /// <summary>A share as text: two significant digits, "0" for none.</summary>
    public static string Share(double share) =>
        share == 0 ? "0" : share.ToString(share >= 0.01 ? "0.##" : "0.#e0", CultureInfo.InvariantCulture);
}
