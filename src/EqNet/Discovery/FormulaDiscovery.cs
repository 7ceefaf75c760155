using System.Diagnostics;
using EqNet.Problems;

namespace EqNet.Discovery;

/// <summary>Settings of a discovery run.</summary>
/// <param name="TimeBudget">Seconds for the whole run (all outputs).</param>
/// <param name="Seed">Seed of the search sample; the held-out sample uses seed + 1000, the widened one seed + 1001.</param>
/// <param name="SearchPoints">Points the searches fit on.</param>
/// <param name="HeldOutPoints">Points each candidate is verified on (stated and widened domain each).</param>
public sealed record DiscoveryOptions(double TimeBudget = 20, int Seed = 1, int SearchPoints = 400, int HeldOutPoints = 10_000);

/// <summary>What discovery found for one output.</summary>
/// <param name="Output">The output's name.</param>
/// <param name="Front">The Pareto front (complexity against held-out p99), simplest first.</param>
/// <param name="Chosen">The chosen member, or null when nothing could be fitted.</param>
/// <param name="Candidates">Every verified candidate, most accurate first.</param>
public sealed record OutputDiscovery(string Output, IReadOnlyList<FormulaCandidate> Front, FormulaCandidate? Chosen, IReadOnlyList<FormulaCandidate> Candidates);

/// <summary>
/// Closed forms for a problem's outputs from samples of the inputs and the outputs' values: the separability
/// recursion (<see cref="SeparabilitySearch"/>, AI Feynman's), then the power-law stage (<see cref="PowerLawSearch"/>),
/// then the expression search (<see cref="ExpressionSearch"/>) seeded by it, each skipped once an earlier one is
/// exact; every candidate verified by <see cref="FormulaVerifier"/>.
/// </summary>
public static class FormulaDiscovery
{
    /// <summary>Share of an output's time the separability search (<see cref="SeparabilitySearch"/>) may use; a law that splits needs a fraction of it.</summary>
    private const double SeparableShare = 0.45;

    /// <summary>Share of an output's time the power-law stage may use after it; the expression search gets the rest but a verification reserve.</summary>
    private const double PowerLawShare = 0.3;

    /// <summary>Runs discovery; <paramref name="progress"/> gets one line per stage.</summary>
    /// <exception cref="ProblemException">The domain is empty somewhere.</exception>
    public static IReadOnlyList<OutputDiscovery> Run(Problem problem, DiscoveryOptions options, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var search = DiscoverySample.Draw(problem, options.SearchPoints, options.Seed);
        var verifier = new FormulaVerifier(problem, options.HeldOutPoints, options.Seed + 1000);
        var results = new List<OutputDiscovery>();
        int outputs = problem.Outputs.Count;
        for (int j = 0; j < outputs; j++)
        {
            string name = problem.Outputs[j].Name;
            double start = clock.Elapsed.TotalSeconds;
            double share = (options.TimeBudget - start) / (outputs - j);
            var points = search.Defined(j);
            if (points.Length < 20)
            {
                progress?.Invoke($"{name}: only {points.Length} of {search.Count} search points have a value; skipped");
                results.Add(new OutputDiscovery(name, [], null, []));
                continue;
            }
            var inputs = search.InputRows(points);
            var context = new DiscoveryContext(problem.InputNames, inputs, search.Output(j, points), new BasisVariables(problem, inputs, points.Length));
            // Separability first: its tests cost milliseconds and its pieces are small, so when a law splits it is
            // found in a fraction of the time the power-law stage spends on all the inputs at once (and under load).
            var box = Box(problem, j, inputs, points.Length);
            var found = SeparabilitySearch.Run(j, box, context, clock, start + SeparableShare * share, options.Seed);
            progress?.Invoke($"{name}: separability stage, best search p99 {Best(found):0.0e+0} ({clock.Elapsed.TotalSeconds:0.0} s)");
            if (!found.Any(c => c.SearchP99 <= 1e-13))
            {
                found.AddRange(PowerLawSearch.Run(j, context, clock, Math.Max(clock.Elapsed.TotalSeconds, start + SeparableShare * share) + PowerLawShare * share));
                progress?.Invoke($"{name}: power-law stage, best search p99 {Best(found):0.0e+0} ({clock.Elapsed.TotalSeconds:0.0} s)");
            }
            if (!found.Any(c => c.SearchP99 <= 1e-12))
            {
                found.AddRange(ExpressionSearch.Run(j, context, found, clock, start + 0.9 * share));
                progress?.Invoke($"{name}: expression stage, best search p99 {Best(found):0.0e+0} ({clock.Elapsed.TotalSeconds:0.0} s)");
            }
            var unique = found.GroupBy(c => c.Formula.ToString()).Select(g => g.OrderBy(c => c.SearchP99).First())
                .OrderBy(c => c.SearchP99).ThenBy(c => c.Complexity).Take(40)
                .Select(c => c with { Formula = FormulaConstants.Tidy(c.Formula) }).ToList();
            var scored = unique.Select(verifier.Score).OrderBy(c => double.IsNaN(c.HeldOutP99) ? double.PositiveInfinity : c.HeldOutP99).ToList();
            var front = ParetoFront.Of(scored);
            results.Add(new OutputDiscovery(name, front, ParetoFront.Choose(front), scored));
        }
        return results;
    }

    /// <summary>Output <paramref name="output"/> as a black box over the range the search sample spans.</summary>
    private static BlackBox Box(Problem problem, int output, double[] inputs, int count)
    {
        int o = problem.Outputs.Count;
        var (min, max) = BlackBox.Ranges(inputs, count, problem.Inputs.Count);
        return new BlackBox(problem.InputNames, min, max, (rows, n) =>
        {
            var values = DiscoverySample.Evaluate(problem, rows, n);
            return [.. Enumerable.Range(0, n).Select(i => values[i * o + output])];
        });
    }

    private static double Best(List<FormulaCandidate> found) => found.Count == 0 ? double.NaN : found.Min(c => c.SearchP99);
}
