using EqNet.Expressions;
using EqNet.Features;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Training;

/// <summary>
/// Reference solutions at training points (explicit formulas, else Newton's roots) and what the trainer derives from
/// them: magnitude targets, warm-start targets, teacher values and the upstream features of chained outputs.
/// </summary>
internal static class ReferenceSolutions
{
    /// <summary>
    /// Outputs that no equation defines outright see the explicitly defined ones' predictions as features: in a
    /// system solved in sequence (y from the inputs, w from y) the later output is smooth in the earlier ones.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<UpstreamFeature>> Upstream(Problem problem, double[] design, int count, bool chain)
    {
        var explicitOutputs = new ExplicitDefinitions(problem);
        int o = problem.Outputs.Count;
        var sources = Enumerable.Range(0, o).Where(explicitOutputs.IsExplicit).ToArray();
        if (sources.Length == 0 || sources.Length == o || !chain) return Enumerable.Range(0, o).Select(_ => (IReadOnlyList<UpstreamFeature>)[]).ToArray();
        var (values, _) = explicitOutputs.Evaluate(design, count);
        var features = sources.SelectMany(k =>
        {
            var column = Enumerable.Range(0, count).Select(i => values[i * o + k]).Where(double.IsFinite).ToArray();
            double typical = column.Select(Math.Abs).Order().ElementAtOrDefault(column.Length / 2);
            if (!(typical > 0)) typical = 1;
            // Three resolutions (the typical magnitude, and a thirtieth and a thousandth of it for structure near zero
            // crossings), each signed and even.
            return new[] { typical, typical * 0.03, typical * 1e-3 }.SelectMany(scale => new[] { false, true }.Select(even =>
            {
                var probe = new UpstreamFeature(k, scale, 0, 1, even);
                var a = column.Select(y => probe.Raw(y)).ToArray();
                double mean = a.Average(), std = Math.Sqrt(a.Average(v => (v - mean) * (v - mean)));
                return probe with { Center = mean, Width = std > 0 ? std : 1 };
            }));
        }).ToArray();
        return Enumerable.Range(0, o).Select(j => explicitOutputs.IsExplicit(j) ? (IReadOnlyList<UpstreamFeature>)[] : features).ToArray();
    }

    /// <summary>
    /// Per output, the shared features it needs, or null for all. An output that sees the earlier outputs depends on the
    /// inputs only through them and through the inputs its own equations mention: given y, w in
    /// <c>w^2 + x3*x4*w = y^2 + 1</c> is a function of x3 and x4 alone. Features of other inputs would only let its
    /// network fit noise along them, and cost parameters.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>?> FeatureSubsets(Problem problem, ExplicitDefinitions definitions, FeatureMap map,
        IReadOnlyList<IReadOnlyList<UpstreamFeature>> upstream)
    {
        var inputs = problem.Inputs.Select(i => i.Name).ToHashSet();
        var implicitOutputs = problem.Outputs.Where((_, j) => !definitions.IsExplicit(j)).Select(o => o.Name).ToHashSet();
        var mentioned = problem.Equations
            .Where(e => e.Outputs.Any(implicitOutputs.Contains))
            .SelectMany(e => e.Equation.Lhs.Variables.Concat(e.Equation.Rhs.Variables))
            .Where(inputs.Contains)
            .ToHashSet();
        bool Relevant(Feature f) =>
            mentioned.Contains(map.InputNames[f.Input]) && (f.BoundExpression(map.InputNames)?.Variables.All(mentioned.Contains) ?? true);
        var subset = Enumerable.Range(0, map.Count).Where(i => Relevant(map.Features[i])).ToArray();
        return upstream.Select(u => u.Count > 0 && subset.Length < map.Count ? subset : null).ToArray();
    }

    /// <summary>Reference values as teacher inputs for upstream features; unknown values fall back to 0.</summary>
    public static double[] Teacher(double[] values) => values.Select(v => double.IsFinite(v) ? v : 0).ToArray();

    /// <summary>Reference values and scales (n x outputs) at the training points: explicit formulas, else Newton.</summary>
    public static (double[] Values, double[] Scales, bool AllExplicit) At(Problem problem, CompiledSystem system, TrainingSet train)
    {
        var explicitOutputs = new ExplicitDefinitions(problem);
        var (values, scales) = explicitOutputs.Evaluate(train.Inputs, train.Count);
        if (!explicitOutputs.AllExplicit) SolveImplicit(system, train, values, scales, problem.Outputs.Count);
        return (values, scales, explicitOutputs.AllExplicit);
    }

    /// <summary>
    /// Outputs no equation defines outright get their magnitude targets from Newton's solutions at the training
    /// points: a starting point only; the fit itself uses nothing but the residuals.
    /// </summary>
    private static void SolveImplicit(CompiledSystem system, TrainingSet train, double[] values, double[] scales, int o)
    {
        var solved = new NewtonSolver(system).Solve(train.Inputs, train.Count);
        var roots = new double[train.Count * o];
        for (int i = 0; i < train.Count; i++)
            for (int j = 0; j < o; j++) roots[i * o + j] = solved.Converged[i] ? solved.Solutions[i * o + j] : double.NaN;
        PeriodicUnknowns.Wrap(PeriodicUnknowns.Of(system.Problem), roots, train.Count);
        var magnitudes = new List<double>();
        for (int i = 0; i < train.Count; i++)
            for (int j = 0; j < o; j++)
                if (solved.Converged[i] && double.IsNaN(values[i * o + j])) magnitudes.Add(Math.Abs(roots[i * o + j]));
        double floor = magnitudes.Count > 0 ? 1e-6 * magnitudes.Order().ElementAt(magnitudes.Count / 2) : 0;
        for (int i = 0; i < train.Count; i++)
        {
            for (int j = 0; j < o; j++)
            {
                if (!double.IsNaN(values[i * o + j]) || !solved.Converged[i]) continue;
                values[i * o + j] = roots[i * o + j];
                scales[i * o + j] = Math.Max(Math.Abs(values[i * o + j]), floor);
            }
        }
    }
}
