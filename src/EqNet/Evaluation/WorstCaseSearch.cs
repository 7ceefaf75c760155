using System.Globalization;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Evaluation;

/// <summary>
/// The largest error found by searching, where a sample's maximum is only what the sample happened to hit: a
/// multi-start compass (pattern) search (Kolda, Lewis and Torczon 2003, "Optimization by direct search") that
/// maximises the scale-relative residual, then the root-relative error, over the input box, started from the worst
/// held-out points.
/// </summary>
/// <remarks>
/// Each input is searched in the coordinates it was sampled in (log for log-sampled inputs), scaled to [0, 1] over
/// the held-out sample's range; a trial point outside the trained domain (dependent bounds) is not taken. Each round
/// tries a step up and down along every input from the current point, all of them predicted and checked together,
/// moves to the best one that is worse for the model, and halves the step when none is. A narrow bump the sample
/// missed is found when a held-out point lies on its flank; the search gives no bound (see eqnet certify for one).
/// The root error is measured against the explicit definition where the output has one, else against Newton's root
/// from the prediction (points where Newton fails are not taken).
/// </remarks>
public static class WorstCaseSearch
{
    /// <summary>The method, as metrics.json names it.</summary>
    public const string Method = "multi-start compass search (log coordinates for log-sampled inputs) from the worst held-out points";

    /// <summary>Starts per objective: the worst held-out points of distinct neighbourhoods matter more than more steps from one.</summary>
    public const int DefaultStarts = 6;

    /// <summary>First step, a share of each input's range: a few held-out spacings in 2-5 dimensions at 100,000 points.</summary>
    private const double FirstStep = 0.02;

    /// <summary>Smallest step: below this a float64 input barely moves in relative terms (1e-7 of the range).</summary>
    private const double LastStep = 1e-7;

    /// <summary>Searches from the worst points of <paramref name="evaluation"/>, at most <paramref name="evaluations"/> model evaluations per objective.</summary>
    public static WorstCase Search(IPredictor model, EvaluationResult evaluation, int evaluations = 3000, int starts = DefaultStarts)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(evaluation);
        // Each output's root error divides by what the evaluation's does: |y*|, or the scale of an output that crosses zero.
        var scales = evaluation.Outputs.Select(r => r.RootErrorScale).ToArray();
        var objective = new Objective(model, scales);
        var points = evaluation.Points;
        int n = evaluation.Samples, d = objective.InputCount, o = objective.OutputCount;
        var box = Box(model.Problem, points.Inputs, n, d);

        var (bestResidual, atResidual) = Maximise(objective, box, Seeds(points.OverallErrors, points.Inputs, d, starts), evaluations, root: false);
        var rootErrors = new double[n];
        bool anyRoot = false;
        for (int i = 0; i < n; i++)
        {
            double worst = double.NaN;
            for (int j = 0; j < o; j++)
            {
                double y = points.Reference[i * o + j];
                if (double.IsNaN(y)) continue;
                double e = Math.Abs(points.Predicted[i * o + j] - y) / Objective.Divisor(scales[j], y);
                worst = double.IsNaN(worst) ? e : Math.Max(worst, e);
            }
            rootErrors[i] = double.IsNaN(worst) ? double.NegativeInfinity : worst;
            anyRoot |= !double.IsNaN(worst);
        }
        double? bestRoot = null;
        double[]? atRoot = null;
        if (anyRoot)
        {
            var (value, at) = Maximise(objective, box, Seeds(rootErrors, points.Inputs, d, starts), evaluations, root: true);
            if (double.IsFinite(value)) (bestRoot, atRoot) = (value, at);
        }
        // Never below what the sample itself saw: the search starts from those points and only climbs.
        return new WorstCase(bestResidual, atResidual, bestRoot, atRoot, model.InputNames, objective.Evaluations);
    }

    /// <summary>The <paramref name="starts"/> worst points, each at least a tenth of the range from those taken before it where there are enough.</summary>
    private static double[][] Seeds(double[] errors, double[] inputs, int d, int starts)
    {
        var order = Enumerable.Range(0, errors.Length).Where(i => double.IsFinite(errors[i])).OrderByDescending(i => errors[i]).Take(50 * starts).ToArray();
        var taken = new List<double[]>();
        foreach (int i in order)
        {
            var x = inputs.AsSpan(i * d, d).ToArray();
            if (taken.Count == 0 || taken.All(t => !Near(t, x))) taken.Add(x);
            if (taken.Count == starts) break;
        }
        foreach (int i in order)
        {
            if (taken.Count >= starts) break;
            var x = inputs.AsSpan(i * d, d).ToArray();
            if (!taken.Any(t => t.AsSpan().SequenceEqual(x))) taken.Add(x);
        }
        return [.. taken];

        static bool Near(double[] a, double[] b)
        {
            for (int k = 0; k < a.Length; k++)
                if (Math.Abs(a[k] - b[k]) > 0.1 * Math.Max(Math.Abs(a[k]), Math.Abs(b[k]))) return false;
            return true;
        }
    }

    private static (double Value, double[] At) Maximise(Objective f, Coordinates box, double[][] seeds, int evaluations, bool root)
    {
        int d = box.Dimension;
        double best = double.NegativeInfinity;
        double[] bestAt = seeds.Length > 0 ? seeds[0] : new double[d];
        int budget = evaluations / Math.Max(1, seeds.Length);
        var trials = new double[2 * d * d];
        var values = new double[2 * d];
        foreach (var seed in seeds)
        {
            var z = box.ToUnit(seed);
            double current = f.Value([.. seed], 1, root)[0];
            int used = 1;
            double step = FirstStep;
            while (step >= LastStep && used + 2 * d <= budget)
            {
                for (int k = 0; k < d; k++)
                    for (int s = 0; s < 2; s++)
                    {
                        var trial = (double[])z.Clone();
                        trial[k] = Math.Clamp(trial[k] + (s == 0 ? step : -step), 0, 1);
                        box.FromUnit(trial, trials.AsSpan((2 * k + s) * d, d));
                    }
                var v = f.Value(trials, 2 * d, root);
                used += 2 * d;
                int move = -1;
                for (int t = 0; t < 2 * d; t++)
                    if (v[t] > current && (move < 0 || v[t] > v[move])) move = t;
                if (move < 0) { step /= 2; continue; }
                current = v[move];
                z = box.ToUnit(trials.AsSpan(move * d, d).ToArray());
            }
            if (current > best) (best, bestAt) = (current, box.FromUnit(z));
        }
        return (best, bestAt);
    }

    private static Coordinates Box(Problem problem, double[] inputs, int n, int d)
    {
        var low = new double[d];
        var high = new double[d];
        var log = new bool[d];
        for (int k = 0; k < d; k++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < n; i++) { min = Math.Min(min, inputs[i * d + k]); max = Math.Max(max, inputs[i * d + k]); }
            log[k] = problem.Inputs[k].Sampling == SamplingKind.Log && min > 0;
            (low[k], high[k]) = log[k] ? (Math.Log(min), Math.Log(max)) : (min, max);
        }
        return new Coordinates(low, high, log);
    }

    /// <summary>Each input's search coordinate (log or plain) scaled to [0, 1] over the held-out range.</summary>
    private sealed record Coordinates(double[] Low, double[] High, bool[] Log)
    {
        public int Dimension => Low.Length;

        public double[] ToUnit(double[] x) => x.Select((v, k) => High[k] > Low[k] ? ((Log[k] ? Math.Log(v) : v) - Low[k]) / (High[k] - Low[k]) : 0.5).ToArray();

        public double[] FromUnit(double[] z)
        {
            var x = new double[z.Length];
            FromUnit(z, x);
            return x;
        }

        public void FromUnit(double[] z, Span<double> x)
        {
            for (int k = 0; k < z.Length; k++)
            {
                double c = Low[k] + z[k] * (High[k] - Low[k]);
                x[k] = Log[k] ? Math.Exp(c) : c;
            }
        }
    }

    /// <summary>The model's error at points: the worst equation's scale-relative residual, or the worst output's root error (relative to |y*| or to the output's scale).</summary>
    private sealed class Objective(IPredictor model, IReadOnlyList<double?> scales)
    {
        /// <summary>What a root error divides by: the output's scale where it has one, else |y*|.</summary>
        public static double Divisor(double? scale, double y) => scale ?? Math.Max(Math.Abs(y), 1e-300);

        private readonly CompiledSystem _system = new(model.Problem);
        private readonly ExplicitDefinitions _explicit = new(model.Problem);
        private readonly TrainedDomain _domain = new(model.Problem);

        public int InputCount => _system.InputCount;

        public int OutputCount => _system.OutputCount;

        public long Evaluations { get; private set; }

        public double[] Value(double[] inputs, int count, bool root)
        {
            int d = InputCount, o = OutputCount;
            Evaluations += count;
            var predicted = model.Predict(inputs.AsSpan(0, count * d), count, threads: 1);
            var result = new double[count];
            if (!root)
            {
                var (_, overall) = _system.ScaleRelativeErrors(_system.Join(inputs.AsSpan(0, count * d), predicted, count), count);
                overall.CopyTo(result, 0);
            }
            else
            {
                var (reference, _) = _explicit.Evaluate(inputs.AsSpan(0, count * d), count);
                SolveResult? solved = null;
                for (int i = 0; i < count; i++)
                {
                    double worst = double.NegativeInfinity;
                    for (int j = 0; j < o; j++)
                    {
                        double y = reference[i * o + j];
                        if (double.IsNaN(y))
                        {
                            solved ??= new NewtonSolver(_system).Solve(inputs.AsSpan(0, count * d), count, predicted);
                            if (!solved.Converged[i]) { worst = double.NegativeInfinity; break; }
                            y = solved.Solutions[i * o + j];
                        }
                        worst = Math.Max(worst, Math.Abs(predicted[i * o + j] - y) / Divisor(scales[j], y));
                    }
                    result[i] = worst;
                }
            }
            for (int i = 0; i < count; i++)
                if (!double.IsFinite(result[i]) || !_domain.Contains(inputs.AsSpan(i * d, d))) result[i] = double.NegativeInfinity;
            return result;
        }
    }
}

/// <summary>The largest errors <see cref="WorstCaseSearch"/> found and where.</summary>
/// <param name="SearchedMax">Largest scale-relative residual (worst equation) found.</param>
/// <param name="At">The inputs where it was found.</param>
/// <param name="RootSearchedMax">Largest root error (worst output; relative to |y*|, or to the output's scale where it crosses zero, as the evaluation measures it) found, or null without reference values.</param>
/// <param name="RootAt">The inputs where that was found, or null.</param>
/// <param name="InputNames">Input names, in the order of <paramref name="At"/>.</param>
/// <param name="Evaluations">Model evaluations the search made.</param>
public sealed record WorstCase(double SearchedMax, double[] At, double? RootSearchedMax, double[]? RootAt, IReadOnlyList<string> InputNames, long Evaluations)
{
    /// <summary>The method, for the record.</summary>
    public string Method => WorstCaseSearch.Method;

    /// <summary>One line: the searched worst beside the held-out p99 and max of <paramref name="result"/>, and where.</summary>
    public string Describe(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string Point(double[] x) => string.Join(", ", x.Select((v, k) => $"{InputNames[k]}={v.ToString("G6", CultureInfo.InvariantCulture)}"));
        string text = $"searched worst ({Evaluations:N0} evaluations from the worst held-out points): scale-relative {Format(SearchedMax)} " +
            $"(held-out p99 {Format(result.Overall.P99)}, max {Format(result.Overall.Max)}) at {Point(At)}";
        var roots = result.Outputs.Where(o => o.RootRelativeError is not null).Select(o => o.RootRelativeError!).ToArray();
        if (RootSearchedMax is { } root && RootAt is { } rootAt && roots.Length > 0)
            text += $"; root error {Format(root)} (scale-relative for outputs that cross zero; held-out p99 {Format(roots.Max(r => r.P99))}, max {Format(roots.Max(r => r.Max))}) at {Point(rootAt)}";
        return text;
    }

    private static string Format(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
