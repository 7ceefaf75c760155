using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;

namespace EqNet.Evaluation;

/// <summary>How one kept output's error moved when a model grew (continual learning's forgetting: the old task's error before and after).</summary>
/// <param name="Output">The kept output.</param>
/// <param name="P99Before">Held-out p99 of the scale-relative error of its equations (the old problem's), with the old model's predictions.</param>
/// <param name="P99After">The same with the grown model's predictions, at the same points.</param>
/// <param name="MaxBefore">Largest such error, old model.</param>
/// <param name="MaxAfter">Largest such error, grown model.</param>
public sealed record KeptOutputChange(string Output, double P99Before, double P99After, double MaxBefore, double MaxAfter)
{
    /// <summary>
    /// How much worse p99 may get before it counts as forgetting: a fine-tuned output's p99 moves by up to this much with
    /// the training points and the seed alone (the seed's p99 spread 2.1e-11 to 2.6e-11 across runs).
    /// </summary>
    public const double NoiseRatio = 1.5;

    /// <summary>Whether p99 got worse beyond <see cref="NoiseRatio"/>.</summary>
    public bool Worse => P99After > NoiseRatio * P99Before;
}

/// <summary>Measures forgetting: each kept output's error under the old model and the grown one, on the same held-out points.</summary>
public static class Forgetting
{
    /// <summary>
    /// For every output of <paramref name="old"/>: the scale-relative error |lhs - rhs| / S of the old problem's equations
    /// that mention it (the worst of them per point), at <paramref name="samples"/> points of the grown model's domain
    /// (seed <paramref name="seed"/>), with the old model's predictions and with the grown model's.
    /// </summary>
    /// <exception cref="ArgumentException">The grown model lacks an input or output of the old one.</exception>
    public static IReadOnlyList<KeptOutputChange> Measure(EqNetModel old, EqNetModel grown, int samples, int seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(grown);
        var points = new DomainSampler(grown.Problem, probeCount: 0).Sample(samples, seed);
        int d = grown.InputNames.Count, d0 = old.InputNames.Count, o0 = old.OutputNames.Count;
        var columns = old.InputNames.Select(n => Index(grown.InputNames, n, "input")).ToArray();
        var inputs = new double[samples * d0];
        for (int r = 0; r < samples; r++)
            for (int k = 0; k < d0; k++) inputs[r * d0 + k] = points[r * d + columns[k]];
        var before = old.Predict(inputs, samples, threads);
        var all = grown.Predict(points, samples, threads);
        var outputs = old.OutputNames.Select(n => Index(grown.OutputNames, n, "output")).ToArray();
        var after = new double[samples * o0];
        int o = grown.OutputNames.Count;
        for (int r = 0; r < samples; r++)
            for (int j = 0; j < o0; j++) after[r * o0 + j] = all[r * o + outputs[j]];
        var system = new CompiledSystem(old.Problem);
        var errorsBefore = system.ScaleRelativeErrors(system.Join(inputs, before, samples), samples).PerEquation;
        var errorsAfter = system.ScaleRelativeErrors(system.Join(inputs, after, samples), samples).PerEquation;
        int e = system.EquationCount;
        var changes = new List<KeptOutputChange>();
        for (int j = 0; j < o0; j++)
        {
            string name = old.OutputNames[j];
            var equations = Enumerable.Range(0, e).Where(k => old.Problem.Equations[k].Equation.Variables.Contains(name)).ToArray();
            double[] Worst(double[] errors) => [.. Enumerable.Range(0, samples).Select(r => equations.Max(k => errors[r * e + k]))];
            var b = ErrorSummary.Of(Worst(errorsBefore));
            var a = ErrorSummary.Of(Worst(errorsAfter));
            changes.Add(new KeptOutputChange(name, b.P99, a.P99, b.Max, a.Max));
        }
        return changes;
    }

    private static int Index(IReadOnlyList<string> names, string name, string what)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new ArgumentException($"the grown model has no {what} '{name}'");
    }
}
