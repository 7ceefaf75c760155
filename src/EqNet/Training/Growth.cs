using System.Globalization;
using EqNet.Features;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Problems;
using EqNet.Sampling;

namespace EqNet.Training;

/// <summary>
/// Training a problem from a model of an earlier version of it (<c>eqnet train PROBLEM --from MODEL</c>): the outputs the
/// old model had, whose equations did not change, keep their trained parts, frozen unless <see cref="FineTune"/>; the
/// new outputs get parts of their own, trained on the new equations with the kept outputs' predictions as features.
/// </summary>
/// <remarks>
/// Progressive networks (Rusu et al. 2016, "Progressive Neural Networks"): a new column for the new task, lateral
/// connections from the frozen old column, so the old task cannot be forgotten. Here the columns are outputs of one
/// magnitude-shape network: a kept output sees exactly the features it was trained on (the old features, copied with
/// their standardisation, come first; new ones follow), so its predictions are the old model's to the bit; a new output
/// sees the new problem's features and, as a chained output does, the kept outputs' predictions.
/// </remarks>
public sealed class Growth
{
    /// <summary>Points of the new domain checked against the old model's before training.</summary>
    private const int DomainCheckPoints = 20_000;

    private Growth(EqNetModel old, string source, string checksum, IReadOnlyList<string> kept, bool fineTune)
    {
        Old = old;
        Source = source;
        Checksum = checksum;
        Kept = kept;
        FineTune = fineTune;
    }

    /// <summary>The model grown from.</summary>
    public EqNetModel Old { get; }

    /// <summary>Where it was read from (a path, or a caller's name for it).</summary>
    public string Source { get; }

    /// <summary>"sha256:" and the hex SHA-256 of the old model file's bytes (or of its serialised form when it came from memory).</summary>
    public string Checksum { get; }

    /// <summary>Names of the outputs whose trained parts are kept.</summary>
    public IReadOnlyList<string> Kept { get; }

    /// <summary>Whether the kept parts train too (starting from their trained weights) instead of staying frozen.</summary>
    public bool FineTune { get; }

    /// <summary>
    /// Checks that <paramref name="problem"/> extends <paramref name="old"/>'s problem and says what is kept: every old
    /// input is still there, the domain is the old one or inside it, every old output is still there with the same
    /// bounds, and the equations that mention it are the old ones, or new ones that bring a new output.
    /// </summary>
    /// <param name="problem">The new problem.</param>
    /// <param name="old">A model of the earlier problem.</param>
    /// <param name="source">Its file (for messages and the new model's record).</param>
    /// <param name="checksum">The file's checksum (<see cref="ChecksumOf"/>).</param>
    /// <param name="fineTune">Whether the kept parts train too.</param>
    /// <exception cref="TrainingSetupException">What changed, and what to do.</exception>
    public static Growth Plan(Problem problem, EqNetModel old, string source, string checksum, bool fineTune = false)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(old);
        string was = $"--from {source}";
        var before = old.Problem;
        foreach (var input in before.Inputs)
            if (!problem.Inputs.Any(i => i.Name == input.Name))
                throw new TrainingSetupException($"{was}: input '{input.Name}' of the old model ('{before.Name}') is not in {Name(problem)}; the kept outputs read it. " +
                    "Put the input back, or train without --from.");
        CheckDomain(problem, before, was);
        foreach (var output in before.Outputs)
        {
            var now = problem.Outputs.FirstOrDefault(o => o.Name == output.Name)
                ?? throw new TrainingSetupException($"{was}: output '{output.Name}' of the old model ('{before.Name}') is not in {Name(problem)}. " +
                    "Keep it in the problem (its parts are kept and cost nothing to train), or train without --from.");
            if (now.Min != output.Min || now.Max != output.Max)
                throw new TrainingSetupException($"{was}: output '{output.Name}' had bounds {Bounds(output)} and has {Bounds(now)} in {Name(problem)}; its trained head assumes the old ones. " +
                    "Put the old bounds back, or train without --from.");
        }
        var oldEquations = before.Equations.Select(e => e.Equation.ToString()).ToHashSet(StringComparer.Ordinal);
        var oldOutputs = before.OutputNames.ToHashSet(StringComparer.Ordinal);
        foreach (var e in before.Equations)
        {
            string text = e.Equation.ToString();
            if (problem.Equations.Any(n => n.Equation.ToString() == text)) continue;
            var outputs = e.Equation.Variables.Where(oldOutputs.Contains).ToArray();
            var replacing = problem.Equations.Where(n => n.Equation.Variables.Any(outputs.Contains) && !oldEquations.Contains(n.Equation.ToString()))
                .Select(n => $"'{n.Equation}' (line {n.Line})").ToArray();
            throw new TrainingSetupException($"{was}: the equation '{text}' of {string.Join(", ", outputs)} changed or is gone" +
                (replacing.Length > 0 ? $"; {Name(problem)} has {string.Join(", ", replacing)} instead" : "") +
                $": the trained parts of {string.Join(", ", outputs)} fit the old equation. Train without --from, or give the changed output a new name so it is trained anew.");
        }
        foreach (var e in problem.Equations)
        {
            if (oldEquations.Contains(e.Equation.ToString())) continue;
            var vars = e.Equation.Variables;
            if (vars.Any(v => problem.Outputs.Any(o => o.Name == v) && !oldOutputs.Contains(v))) continue;
            var touched = vars.Where(oldOutputs.Contains).ToArray();
            if (touched.Length == 0) continue;
            throw new TrainingSetupException($"{was}: the new equation '{e.Equation}' (line {e.Line}) constrains only outputs the old model already has ({string.Join(", ", touched)}): " +
                "it changes their solution, so their trained parts cannot be kept. Train without --from, or bring a new output into the equation.");
        }
        if (!fineTune && problem.Outputs.All(o => oldOutputs.Contains(o.Name)))
            throw new TrainingSetupException($"{was}: {Name(problem)} has no output the old model lacks, so with its parts frozen there is nothing to train. " +
                "Add --fine-tune to train them further on this problem, or --resume the old run.");
        return new Growth(old, source, checksum, before.OutputNames.ToArray(), fineTune);
    }

    /// <summary>"sha256:" and the hex SHA-256 of a file's bytes.</summary>
    public static string ChecksumOf(string path) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>What the grown model records about its origin.</summary>
    public ModelOrigin Origin => new(Old.Problem.Name, Source, Checksum, Kept, FineTune);

    /// <summary>Whether output <paramref name="name"/> keeps its trained parts.</summary>
    public bool Keeps(string name) => Kept.Contains(name);

    /// <summary>
    /// The network a grown run trains: the old features first, exactly as trained, then the new problem's others; the
    /// kept outputs with their old heads, feature subsets, chaining and weights; the new outputs as a fresh run of the new
    /// problem would design them, with the old network's widths. Returns the frozen parameter ranges (none when fine-tuning).
    /// </summary>
    internal (FeatureMap Map, MagnitudeShapeNetwork Network, double[] Parameters, IReadOnlyList<(int Offset, int Length)> Frozen) Build(
        Problem problem, FeatureMap fresh, MagnitudeShapeNetwork designed, int seed)
    {
        var oldNet = Old.Network;
        var inputs = problem.InputNames;
        int Input(Feature f, IReadOnlyList<string> names) => inputs.ToList().IndexOf(names[f.Input]);
        var features = Old.Features.Features.Select(f => f with { Input = Input(f, Old.InputNames) }).ToList();
        var position = new int[fresh.Count];
        for (int k = 0; k < fresh.Count; k++)
        {
            var f = fresh.Features[k] with { Input = Input(fresh.Features[k], fresh.InputNames) };
            int same = features.FindIndex(o => o.Kind == f.Kind && o.Input == f.Input && o.Bound == f.Bound);
            if (same >= 0 && same < Old.Features.Count) { position[k] = same; continue; }
            position[k] = features.Count;
            features.Add(f);
        }
        var map = new FeatureMap(inputs, features);
        int o = problem.Outputs.Count;
        var names = problem.OutputNames.ToList();
        var heads = new OutputHead[o];
        var subsets = new IReadOnlyList<int>?[o];
        var upstream = new IReadOnlyList<UpstreamFeature>[o];
        var denominators = new int[o];
        var oldIndex = new int[o];
        var oldNames = oldNet.Heads.Select(h => h.Name).ToList();
        for (int j = 0; j < o; j++)
        {
            oldIndex[j] = oldNames.IndexOf(names[j]);
            if (oldIndex[j] >= 0)
            {
                int i = oldIndex[j];
                heads[j] = oldNet.Heads[i];
                subsets[j] = oldNet.FeatureSubsets[i] ?? Enumerable.Range(0, Old.Features.Count).ToArray();
                upstream[j] = oldNet.Upstream[i].Select(u => u with { Output = names.IndexOf(oldNames[u.Output]) }).ToArray();
                denominators[j] = oldNet.DenominatorUnitCounts[i];
            }
            else
            {
                var head = designed.Heads[j];
                heads[j] = head.Factor >= 0 ? head with { Factor = position[head.Factor] } : head;
                subsets[j] = designed.FeatureSubsets[j]?.Select(k => position[k]).ToArray();
                upstream[j] = designed.Upstream[j];
                denominators[j] = designed.DenominatorUnitCounts[j];
            }
        }
        // An output that sees others cannot feed one: a new output drops what a kept chained output would feed it.
        for (int j = 0; j < o; j++)
            if (oldIndex[j] < 0) upstream[j] = upstream[j].Where(u => upstream[u.Output].Count == 0).ToArray();
        bool keptChained = Enumerable.Range(0, o).Any(j => oldIndex[j] >= 0 && upstream[j].Count > 0);
        var network = new MagnitudeShapeNetwork(map.Count, oldNet.Hidden, oldNet.LogSumExpUnitCount, oldNet.PowerTermCount, heads, upstream, denominators,
            subsets, keptChained ? oldNet.LearnedScales : designed.LearnedScales);
        var parameters = network.Initialize(seed);
        var frozen = new List<(int, int)>();
        for (int j = 0; j < o; j++)
        {
            if (oldIndex[j] < 0) continue;
            var (from, length) = oldNet.OutputParameterRange(oldIndex[j]);
            var (to, width) = network.OutputParameterRange(j);
            if (length != width)
                throw new InvalidOperationException($"output {names[j]}: the grown network lays out {width} parameters for it, the old one {length}");
            Old.Parameters.AsSpan(from, length).CopyTo(parameters.AsSpan(to, width));
            if (!FineTune) frozen.Add((to, width));
        }
        return (map, network, parameters, frozen);
    }

    /// <summary>How each output of a grown <paramref name="network"/> is produced: a kept output as in the old model, a new one as <paramref name="designed"/>.</summary>
    internal OutputStructure[] Structure(MagnitudeShapeNetwork network, IReadOnlyList<OutputStructure> designed)
    {
        var old = Old.Network.Heads.Select(h => h.Name).ToList();
        return [.. network.Heads.Select((h, j) => old.IndexOf(h.Name) is var i and >= 0 ? Old.NetworkStructure[i] : designed[j])];
    }

    /// <summary>The new domain must lie inside the old one: constant bounds compared, and points of the new domain checked against the old.</summary>
    private static void CheckDomain(Problem problem, Problem before, string was)
    {
        foreach (var input in before.Inputs)
        {
            var now = problem.Inputs.First(i => i.Name == input.Name);
            if (input.Min.Variables.Count == 0 && now.Min.Variables.Count == 0 && now.Min.Evaluate(new Dictionary<string, double>()) < input.Min.Evaluate(new Dictionary<string, double>()))
                throw Widened(problem, was, input.Name, $"its min is {now.Min}, below the old model's {input.Min}");
            if (input.Max.Variables.Count == 0 && now.Max.Variables.Count == 0 && now.Max.Evaluate(new Dictionary<string, double>()) > input.Max.Evaluate(new Dictionary<string, double>()))
                throw Widened(problem, was, input.Name, $"its max is {now.Max}, above the old model's {input.Max}");
        }
        var domain = new TrainedDomain(before);
        var points = new DomainSampler(problem, probeCount: 0).Sample(DomainCheckPoints, 1);
        int d = problem.Inputs.Count;
        var columns = before.Inputs.Select(i => problem.InputNames.ToList().IndexOf(i.Name)).ToArray();
        var point = new double[columns.Length];
        for (int r = 0; r < DomainCheckPoints; r++)
        {
            for (int k = 0; k < columns.Length; k++) point[k] = points[r * d + columns[k]];
            if (domain.FirstViolation(point) is { } violation)
                throw Widened(problem, was, violation.Input, $"the point {string.Join(", ", before.Inputs.Select((i, k) => $"{i.Name}={point[k].ToString("G6", CultureInfo.InvariantCulture)}"))} of the new domain is outside the old one ({violation})");
        }
    }

    private static TrainingSetupException Widened(Problem problem, string was, string input, string what) =>
        new($"{was}: the domain of '{input}' is wider in {Name(problem)}: {what}. The kept outputs were never trained there. " +
            "Keep the old bounds (or narrower ones), or train without --from.");

    private static string Name(Problem problem) => problem.SourcePath is { Length: > 0 } path ? Path.GetFileName(path) : $"'{problem.Name}'";

    private static string Bounds(OutputSpec o) => o.Min is null && o.Max is null ? "none" : $"[{o.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {o.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]";
}
