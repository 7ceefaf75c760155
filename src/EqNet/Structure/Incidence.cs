using System.Text;
using EqNet.Problems;

namespace EqNet.Structure;

/// <summary>
/// The bipartite incidence graph of a system: which unknowns (outputs) each equation mentions. The first of the
/// structural passes (<see cref="Matching"/>, <see cref="Sorting"/>, <see cref="Tearing"/>) reads it; inputs are known
/// and take no part.
/// </summary>
/// <param name="Unknowns">The unknowns' names, in the problem's output order.</param>
/// <param name="Equations">Each equation's text, in file order.</param>
/// <param name="UnknownsOf">Per equation, the indices into <paramref name="Unknowns"/> it mentions, ascending.</param>
public sealed record Incidence(IReadOnlyList<string> Unknowns, IReadOnlyList<string> Equations, IReadOnlyList<IReadOnlyList<int>> UnknownsOf)
{
    /// <summary>The incidence graph of <paramref name="problem"/>'s equations in its outputs.</summary>
    public static Incidence Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var index = problem.Outputs.Select((o, j) => (o.Name, j)).ToDictionary(p => p.Name, p => p.j, StringComparer.Ordinal);
        var of = problem.Equations.Select(e => (IReadOnlyList<int>)e.Outputs.Select(name => index[name]).Order().ToArray()).ToArray();
        return new Incidence(problem.OutputNames, [.. problem.Equations.Select(e => e.Text)], of);
    }

    /// <summary>The graph as text: one line per equation (1-based, as the problem file lists them) with the unknowns it mentions.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        for (int k = 0; k < Equations.Count; k++)
            text.AppendLine($"equation {k + 1}: {string.Join(", ", UnknownsOf[k].Select(j => Unknowns[j]))}");
        return text.ToString();
    }
}
