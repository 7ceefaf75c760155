using System.Text;

namespace EqNet.Structure;

/// <summary>
/// One diagonal block of the block-lower-triangular (BLT) order: equations that must be solved together for their
/// matched unknowns, once every earlier block's unknowns are known. A block of one equation and one unknown is a
/// scalar step; a larger one is an algebraic loop.
/// </summary>
/// <param name="Equations">The block's equations (0-based indices), ascending.</param>
/// <param name="Unknowns">The block's unknowns (indices into <see cref="Incidence.Unknowns"/>), ascending. A block of
/// unknowns without equations holds what no equation determines; a block of equations without unknowns holds equations
/// beyond the unknowns (they stay residuals).</param>
public sealed record Block(IReadOnlyList<int> Equations, IReadOnlyList<int> Unknowns)
{
    /// <summary>Whether the block couples several unknowns (an algebraic loop).</summary>
    public bool IsLoop => Unknowns.Count > 1;
}

/// <summary>The BLT order of a matched system: its blocks, each after those whose unknowns it uses.</summary>
/// <param name="Matching">The matching sorted.</param>
/// <param name="Blocks">The blocks in evaluation order.</param>
public sealed record BltOrder(Matching Matching, IReadOnlyList<Block> Blocks)
{
    /// <summary>The order as text: one line per block with its equations (1-based) and unknowns.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        var names = Matching.Graph.Unknowns;
        for (int b = 0; b < Blocks.Count; b++)
        {
            var block = Blocks[b];
            text.AppendLine($"block {b + 1}: equations {(block.Equations.Count > 0 ? string.Join(", ", block.Equations.Select(k => k + 1)) : "none")}; " +
                $"unknowns {(block.Unknowns.Count > 0 ? string.Join(", ", block.Unknowns.Select(j => names[j])) : "none")}");
        }
        return text.ToString();
    }
}

/// <summary>
/// Sorts a matched system into BLT order by the strongly connected components of its dependency graph (Tarjan 1972):
/// equation k depends on equation k' when k mentions the unknown matched to k'. Tarjan's algorithm emits a component
/// after every component it depends on, which is the order to compute them in.
/// </summary>
public static class Sorting
{
    /// <summary>The BLT order of <paramref name="matching"/>: unknowns no equation determines first, extra equations last.</summary>
    public static BltOrder Of(Matching matching)
    {
        ArgumentNullException.ThrowIfNull(matching);
        var graph = matching.Graph;
        int e = graph.Equations.Count;
        var blocks = new List<Block>();
        var free = Enumerable.Range(0, graph.Unknowns.Count).Where(j => matching.EquationOf[j] < 0).ToArray();
        if (free.Length > 0) blocks.Add(new Block([], free));

        var index = Enumerable.Repeat(-1, e).ToArray();
        var low = new int[e];
        var onStack = new bool[e];
        var stack = new Stack<int>();
        int next = 0;
        IEnumerable<int> Successors(int k) => graph.UnknownsOf[k]
            .Where(j => j != matching.UnknownOf[k] && matching.EquationOf[j] >= 0)
            .Select(j => matching.EquationOf[j]);

        void Connect(int k)
        {
            index[k] = low[k] = next++;
            stack.Push(k);
            onStack[k] = true;
            foreach (int s in Successors(k))
            {
                if (index[s] < 0)
                {
                    Connect(s);
                    low[k] = Math.Min(low[k], low[s]);
                }
                else if (onStack[s]) low[k] = Math.Min(low[k], index[s]);
            }
            if (low[k] != index[k]) return;
            var component = new List<int>();
            int top;
            do
            {
                top = stack.Pop();
                onStack[top] = false;
                component.Add(top);
            } while (top != k);
            component.Sort();
            blocks.Add(new Block(component, [.. component.Select(c => matching.UnknownOf[c]).Order()]));
        }

        for (int k = 0; k < e; k++)
            if (matching.UnknownOf[k] >= 0 && index[k] < 0) Connect(k);
        var extra = Enumerable.Range(0, e).Where(k => matching.UnknownOf[k] < 0).ToArray();
        if (extra.Length > 0) blocks.Add(new Block(extra, []));
        return new BltOrder(matching, blocks);
    }
}
