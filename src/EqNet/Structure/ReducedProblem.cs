using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Structure;

/// <summary>
/// The problem left once a <see cref="SystemStructure"/>'s computed unknowns are substituted: its outputs are the learned
/// unknowns, its equations the residual equations (and any equation beyond the unknowns) with every computed unknown
/// replaced by its expression. It trains like any problem; the computed unknowns are then evaluated from their
/// expressions after the network's outputs.
/// </summary>
public static class ReducedProblem
{
    /// <summary>The reduced problem of <paramref name="problem"/> under <paramref name="structure"/> (same name, inputs and source text).</summary>
    public static Problem Of(Problem problem, SystemStructure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return Of(problem, structure.Learned, [.. structure.Computed.Select(s => (s.Unknown, s.Equation, s.Value))]);
    }

    /// <summary>
    /// The reduced problem of <paramref name="problem"/> when <paramref name="computed"/> (in evaluation order, each from
    /// its 0-based equation) follow from the inputs and <paramref name="learned"/>: the outputs are the learned ones, the
    /// equations every equation no step uses, with the computed unknowns substituted.
    /// </summary>
    public static Problem Of(Problem problem, IReadOnlyList<string> learned, IReadOnlyList<(string Unknown, int Equation, Expr Value)> computed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(computed);
        var expanded = Expanded(computed);
        var kept = learned.ToHashSet(StringComparer.Ordinal);
        var used = computed.Select(c => c.Equation).ToHashSet();
        var outputs = problem.Outputs.Where(o => kept.Contains(o.Name)).ToArray();
        var equations = Enumerable.Range(0, problem.Equations.Count).Where(k => !used.Contains(k)).Select(k =>
        {
            var spec = problem.Equations[k];
            var lhs = Substituter.Substitute(spec.Equation.Lhs, expanded);
            var rhs = Substituter.Substitute(spec.Equation.Rhs, expanded);
            var equation = new Equation(lhs, rhs);
            var scale = spec.Scale is null ? null : Substituter.Substitute(spec.Scale, expanded);
            var mentioned = outputs.Where(o => equation.Variables.Contains(o.Name) || (scale?.Variables.Contains(o.Name) ?? false)).Select(o => o.Name).ToArray();
            return new EquationSpec(equation, scale, spec.Weight, spec.Line, mentioned);
        }).ToArray();
        return problem with { Outputs = outputs, Equations = equations };
    }

    /// <summary>Each computed unknown as an expression of the inputs and the learned unknowns alone (earlier steps substituted).</summary>
    public static IReadOnlyDictionary<string, Expr> Expanded(SystemStructure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return Expanded([.. structure.Computed.Select(s => (s.Unknown, s.Equation, s.Value))]);
    }

    private static Dictionary<string, Expr> Expanded(IReadOnlyList<(string Unknown, int Equation, Expr Value)> computed)
    {
        var expanded = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var (unknown, _, value) in computed)
            expanded[unknown] = Substituter.Substitute(value, expanded);
        return expanded;
    }
}
