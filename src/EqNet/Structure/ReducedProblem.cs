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
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(structure);
        var expanded = Expanded(structure);
        var learned = structure.Learned.ToHashSet(StringComparer.Ordinal);
        var outputs = problem.Outputs.Where(o => learned.Contains(o.Name)).ToArray();
        var equations = structure.Residuals.Order().Select(k =>
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
        var expanded = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var step in structure.Computed)
            expanded[step.Unknown] = Substituter.Substitute(step.Value, expanded);
        return expanded;
    }
}
