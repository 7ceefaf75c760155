using System.Text;
using System.Text.Json.Nodes;
using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Structure;

/// <summary>One unknown computed from one equation, once the values it reads are known.</summary>
/// <param name="Unknown">The unknown's name.</param>
/// <param name="Equation">The equation it is isolated from (0-based index into the problem's equations).</param>
/// <param name="Value">Its value, an expression of inputs, learned (torn) unknowns and unknowns computed before it.</param>
/// <param name="Kind">How it was isolated.</param>
public sealed record ComputedStep(string Unknown, int Equation, Expr Value, IsolationKind Kind);

/// <summary>A BLT block after tearing: its torn unknowns, the unknowns computed from them in order, and the residual equations left.</summary>
/// <param name="Block">The block.</param>
/// <param name="Torn">The unknowns learned (iterated) in this block, in output order.</param>
/// <param name="Steps">The block's other unknowns, each computed from one of its equations, in evaluation order.</param>
/// <param name="Residuals">The block's equations not used by a step (0-based): they determine the torn unknowns.</param>
public sealed record TornBlock(Block Block, IReadOnlyList<string> Torn, IReadOnlyList<ComputedStep> Steps, IReadOnlyList<int> Residuals);

/// <summary>
/// The structure of a system after the three passes: matching, BLT order, tearing. Every unknown is either learned
/// (torn, or one no equation isolates) or computed from one equation after the values it reads.
/// </summary>
/// <param name="Order">The BLT order the tearing worked on.</param>
/// <param name="Blocks">The torn blocks, in evaluation order.</param>
public sealed record SystemStructure(BltOrder Order, IReadOnlyList<TornBlock> Blocks)
{
    /// <summary>The learned unknowns, in the problem's output order.</summary>
    public IReadOnlyList<string> Learned =>
        [.. Order.Matching.Graph.Unknowns.Where(u => Blocks.Any(b => b.Torn.Contains(u)))];

    /// <summary>The computed unknowns' steps, in evaluation order.</summary>
    public IReadOnlyList<ComputedStep> Computed => [.. Blocks.SelectMany(b => b.Steps)];

    /// <summary>The residual equations (0-based), in block order: the equations the learned unknowns must satisfy.</summary>
    public IReadOnlyList<int> Residuals => [.. Blocks.SelectMany(b => b.Residuals)];

    /// <summary>Whether some block couples several unknowns (an algebraic loop).</summary>
    public bool HasLoop => Order.Blocks.Any(b => b.IsLoop);

    /// <summary>
    /// Whether training uses the structure: a system with a loop, where some unknowns are computed and some learned. A
    /// system without a loop keeps the design it had (explicit definitions and closed forms serve it already).
    /// </summary>
    public bool Applies => HasLoop && Computed.Count > 0 && Learned.Count > 0;

    /// <summary>The structure as text: per block its equations, unknowns, torn unknowns, computed sequence and residuals.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        var names = Order.Matching.Graph.Unknowns;
        int learned = Learned.Count;
        text.AppendLine($"{Blocks.Count} block(s); {learned} of {names.Count} unknowns learned, {names.Count - learned} computed");
        for (int b = 0; b < Blocks.Count; b++)
        {
            var block = Blocks[b];
            text.AppendLine($"block {b + 1}: equations {List(block.Block.Equations.Select(k => (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))}; " +
                $"unknowns {List(block.Block.Unknowns.Select(j => names[j]))}; torn {List(block.Torn)}");
            foreach (var step in block.Steps)
                text.AppendLine($"  {step.Unknown} = {step.Value}   (equation {step.Equation + 1}, {step.Kind.ToString().ToLowerInvariant()})");
            if (block.Residuals.Count > 0)
                text.AppendLine($"  residual equation(s) {List(block.Residuals.Select(k => (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        return text.ToString();
    }

    /// <summary>
    /// The structure as JSON: <c>learned</c> (names), <c>blocks</c> (each with 1-based <c>equations</c>, <c>unknowns</c>,
    /// <c>torn</c>, <c>computed</c> steps {unknown, equation, value, isolation} and <c>residuals</c>).
    /// </summary>
    public JsonObject ToJson()
    {
        var names = Order.Matching.Graph.Unknowns;
        return new JsonObject
        {
            ["learned"] = new JsonArray([.. Learned.Select(n => (JsonNode)n)]),
            ["computed"] = new JsonArray([.. Computed.Select(s => (JsonNode)s.Unknown)]),
            ["blocks"] = new JsonArray([.. Blocks.Select(b => (JsonNode)new JsonObject
            {
                ["equations"] = new JsonArray([.. b.Block.Equations.Select(k => (JsonNode)(k + 1))]),
                ["unknowns"] = new JsonArray([.. b.Block.Unknowns.Select(j => (JsonNode)names[j])]),
                ["torn"] = new JsonArray([.. b.Torn.Select(n => (JsonNode)n)]),
                ["computed"] = new JsonArray([.. b.Steps.Select(s => (JsonNode)new JsonObject
                {
                    ["unknown"] = s.Unknown,
                    ["equation"] = s.Equation + 1,
                    ["value"] = s.Value.ToString(),
                    ["isolation"] = s.Kind.ToString().ToLowerInvariant(),
                })]),
                ["residuals"] = new JsonArray([.. b.Residuals.Select(k => (JsonNode)(k + 1))]),
            })]),
        };
    }

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToArray();
        return all.Length == 0 ? "none" : string.Join(", ", all);
    }
}

/// <summary>
/// Tearing inside each BLT block (Elmqvist and Otter 1994; Cellier and Kofman 2006, ch. 8): while some unused
/// equation of the block has exactly one unknown left and <see cref="Isolation"/> solves it for that unknown (a linear
/// one first), that unknown is computed from it; when none has, one more unknown is torn (learned), the one whose
/// tearing lets the most unknowns be computed next (ties: the one in the most unused equations, then output order).
/// The equations left over are the residuals the torn unknowns must satisfy. Greedy, so not always the fewest torn
/// unknowns, but blocks are small and the order is deterministic.
/// </summary>
public static class Tearing
{
    /// <summary>The structure of <paramref name="problem"/>: matching, BLT order and tearing in one call.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="torn">Unknowns to tear whatever the heuristic says (e.g. ones whose computed value proved ill-conditioned); null: none.</param>
    public static SystemStructure Of(Problem problem, IReadOnlySet<string>? torn = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Of(problem, Sorting.Of(Matching.Of(Incidence.Of(problem))), torn);
    }

    /// <summary>Tears each block of <paramref name="order"/>, a BLT order of <paramref name="problem"/>'s equations; <paramref name="forced"/> are torn first.</summary>
    public static SystemStructure Of(Problem problem, BltOrder order, IReadOnlySet<string>? forced = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(order);
        var names = order.Matching.Graph.Unknowns;
        var isolations = new Dictionary<(int, string), (Expr, IsolationKind)?>();
        (Expr Value, IsolationKind Kind)? Isolate(int k, string unknown)
        {
            if (!isolations.TryGetValue((k, unknown), out var found))
            {
                var equation = problem.Equations[k].Equation;
                isolations[(k, unknown)] = found = Isolation.Solve(equation.Lhs, equation.Rhs, unknown);
            }
            return found;
        }

        var blocks = new List<TornBlock>();
        foreach (var block in order.Blocks)
        {
            var unknowns = block.Unknowns.Select(j => names[j]).ToHashSet(StringComparer.Ordinal);
            var known = new HashSet<string>(StringComparer.Ordinal);
            var used = new HashSet<int>();
            var torn = unknowns.Where(u => forced?.Contains(u) ?? false).ToList();
            known.UnionWith(torn);
            var steps = new List<ComputedStep>();
            while (true)
            {
                steps.AddRange(Propagate(problem, block, unknowns, known, used, Isolate));
                var open = block.Unknowns.Select(j => names[j]).Where(u => !known.Contains(u)).ToList();
                if (open.Count == 0) break;
                string choice = open
                    .Select((u, position) => (u, position,
                        gained: Propagate(problem, block, unknowns, [.. known, u], [.. used], Isolate).Count,
                        occurrences: block.Equations.Count(k => !used.Contains(k) && problem.Equations[k].Outputs.Contains(u))))
                    .OrderByDescending(c => c.gained).ThenByDescending(c => c.occurrences).ThenBy(c => c.position)
                    .First().u;
                torn.Add(choice);
                known.Add(choice);
            }
            blocks.Add(new TornBlock(block, [.. names.Where(torn.Contains)], steps, [.. block.Equations.Where(k => !used.Contains(k))]));
        }
        return new SystemStructure(order, blocks);
    }

    /// <summary>
    /// Computes unknowns of <paramref name="block"/> from its unused equations while some equation has one unknown left
    /// that it isolates (linear isolations first, then by equation order); updates <paramref name="known"/> and
    /// <paramref name="used"/> and returns the steps.
    /// </summary>
    private static List<ComputedStep> Propagate(Problem problem, Block block, HashSet<string> unknowns, HashSet<string> known, HashSet<int> used,
        Func<int, string, (Expr Value, IsolationKind Kind)?> isolate)
    {
        var steps = new List<ComputedStep>();
        while (true)
        {
            ComputedStep? best = null;
            foreach (int k in block.Equations)
            {
                if (used.Contains(k)) continue;
                var left = problem.Equations[k].Outputs.Where(o => unknowns.Contains(o) && !known.Contains(o)).ToArray();
                if (left.Length != 1 || isolate(k, left[0]) is not { } found) continue;
                if (best is null || found.Kind < best.Kind) best = new ComputedStep(left[0], k, found.Value, found.Kind);
                if (best.Kind == IsolationKind.Linear) break;
            }
            if (best is null) return steps;
            steps.Add(best);
            known.Add(best.Unknown);
            used.Add(best.Equation);
        }
    }
}
