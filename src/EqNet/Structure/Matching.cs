using System.Text;

namespace EqNet.Structure;

/// <summary>
/// A maximum matching of equations to unknowns on an <see cref="Incidence"/> graph: each matched equation is the one an
/// unknown is computed from (or, for a torn unknown, the residual it is iterated on). Found by augmenting paths (Kuhn's
/// method, as MC21 and Modelica compilers do; Duff 1981), equations in file order and unknowns in output order, so the
/// same system gives the same matching.
/// </summary>
/// <param name="Graph">The incidence graph matched.</param>
/// <param name="UnknownOf">Per equation, the unknown matched to it, or -1 (an equation beyond the unknowns it can determine).</param>
/// <param name="EquationOf">Per unknown, the equation matched to it, or -1 (no equation left to determine it).</param>
public sealed record Matching(Incidence Graph, IReadOnlyList<int> UnknownOf, IReadOnlyList<int> EquationOf)
{
    /// <summary>Whether every equation and every unknown is matched (a square, structurally regular system).</summary>
    public bool IsPerfect => UnknownOf.All(j => j >= 0) && EquationOf.All(k => k >= 0);

    /// <summary>A maximum matching of <paramref name="graph"/>.</summary>
    public static Matching Of(Incidence graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int e = graph.Equations.Count, n = graph.Unknowns.Count;
        var unknownOf = Enumerable.Repeat(-1, e).ToArray();
        var equationOf = Enumerable.Repeat(-1, n).ToArray();
        for (int k = 0; k < e; k++)
        {
            var visited = new bool[n];
            Augment(k, graph, unknownOf, equationOf, visited);
        }
        return new Matching(graph, unknownOf, equationOf);
    }

    /// <summary>Looks for an augmenting path from equation <paramref name="k"/>; whether it found (and applied) one.</summary>
    private static bool Augment(int k, Incidence graph, int[] unknownOf, int[] equationOf, bool[] visited)
    {
        // A free unknown first (the cheap assignment), then a path through an already matched one.
        foreach (int j in graph.UnknownsOf[k])
        {
            if (equationOf[j] >= 0) continue;
            (unknownOf[k], equationOf[j]) = (j, k);
            return true;
        }
        foreach (int j in graph.UnknownsOf[k])
        {
            if (visited[j]) continue;
            visited[j] = true;
            if (!Augment(equationOf[j], graph, unknownOf, equationOf, visited)) continue;
            (unknownOf[k], equationOf[j]) = (j, k);
            return true;
        }
        return false;
    }

    /// <summary>The matching as text: one line per equation with its unknown, then any unknown left unmatched.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        for (int k = 0; k < UnknownOf.Count; k++)
            text.AppendLine($"equation {k + 1} -> {(UnknownOf[k] >= 0 ? Graph.Unknowns[UnknownOf[k]] : "(none: an extra equation)")}");
        for (int j = 0; j < EquationOf.Count; j++)
            if (EquationOf[j] < 0) text.AppendLine($"{Graph.Unknowns[j]}: no equation");
        return text.ToString();
    }
}
