using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// A block of a system solved in order: its equations, and the outputs whose parameters those equations train.
/// Outputs that an equation defines outright come first, trained by the equations that mention only them; the
/// others follow, trained by the remaining equations with the first block's outputs taken as given. An error in a
/// later output then cannot pull an earlier one off its own equation.
/// </summary>
/// <param name="Equations">Equation indices.</param>
/// <param name="Outputs">Output indices whose parameters move.</param>
internal sealed record SystemBlock(IReadOnlyList<int> Equations, IReadOnlyList<int> Outputs)
{
    /// <summary>One block (everything at once) unless the problem splits into explicit outputs and the rest.</summary>
    public static IReadOnlyList<SystemBlock> Of(Problem problem)
    {
        var explicitOutputs = new ExplicitDefinitions(problem);
        int o = problem.Outputs.Count;
        var first = Enumerable.Range(0, o).Where(explicitOutputs.IsExplicit).ToArray();
        var rest = Enumerable.Range(0, o).Where(j => !explicitOutputs.IsExplicit(j)).ToArray();
        var whole = new SystemBlock(Enumerable.Range(0, problem.Equations.Count).ToArray(), Enumerable.Range(0, o).ToArray());
        if (first.Length == 0 || rest.Length == 0) return [whole];
        var firstNames = first.Select(j => problem.Outputs[j].Name).ToHashSet();
        var own = Enumerable.Range(0, problem.Equations.Count).Where(k => problem.Equations[k].Outputs.All(firstNames.Contains)).ToArray();
        var others = Enumerable.Range(0, problem.Equations.Count).Except(own).ToArray();
        if (own.Length == 0 || others.Length == 0) return [whole];
        return [new SystemBlock(own, first), new SystemBlock(others, rest)];
    }
}
