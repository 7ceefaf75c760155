using System.Globalization;
using EqNet.Diagnostics;
using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Evaluation;

/// <summary>
/// Where the worst held-out errors are and why: for the worst 1 % of points (error at or above the p99), per input the
/// range they span, measured as quantiles of the whole held-out sample, and the decile that holds most of them; and the
/// singular structures they sit next to, in the words of the inspect warnings (near a pole, near where a root's slope
/// turns vertical, near a zero of a factor or of an output, where every term of an equation vanishes, near a singular
/// Jacobian of the system, next to an input bound that depends on other inputs).
/// </summary>
/// <param name="Threshold">The error at and above which a point counts as worst (the overall p99).</param>
/// <param name="Points">How many held-out points that is.</param>
/// <param name="Inputs">Per input, in file order.</param>
/// <param name="Causes">Structures the worst points are much closer to than the sample as a whole, closest first.</param>
public sealed record WorstRegion(double Threshold, int Points, IReadOnlyList<InputConcentration> Inputs, IReadOnlyList<WorstCause> Causes)
{
    /// <summary>Share of the held-out points called worst: those the p99 headline is about.</summary>
    public const double WorstShare = 0.01;

    /// <summary>
    /// A decile holding at least this share of the worst points marks its input as where they concentrate: three times
    /// the 10 % an error that does not depend on the input would give; 1,000 worst points put a uniform decile's share
    /// within about 0.1 +- 0.03.
    /// </summary>
    public const double ConcentratedShare = 0.3;

    /// <summary>
    /// A structure is named as a cause when the worst points' median distance to it is below this fraction of the whole
    /// sample's: a tenfold concentration, far beyond what the draw of 1,000 points would give by chance.
    /// </summary>
    public const double CloserRatio = 0.1;

    /// <summary>The input whose busiest decile holds the largest share of the worst points, if it passes <see cref="ConcentratedShare"/>.</summary>
    public InputConcentration? Concentrated =>
        Inputs.Where(i => i.DecileShare >= ConcentratedShare).OrderByDescending(i => i.DecileShare).FirstOrDefault();

    /// <summary>One line for the terminal and the report.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder($"worst 1 % ({Points} points, error >= {Show(Threshold)}): ");
        if (Concentrated is { } c)
            text.Append($"concentrated in {c.Input} (decile {c.Decile} of 10 holds {c.DecileShare:P0} of them; {c.Input} in [{Show(c.WorstLow)}, {Show(c.WorstHigh)}] of [{Show(c.DomainLow)}, {Show(c.DomainHigh)}])");
        else
            text.Append("spread over the inputs (no decile of any input holds 30 % of them)");
        if (Causes.Count > 0) text.Append("; ").Append(string.Join("; ", Causes.Select(k => k.Text)));
        return text.ToString();
    }

    /// <summary>Plain digits between 1e-3 and 1e5, otherwise the 2.36e-11 form the metrics tables use.</summary>
    private static string Show(double v) =>
        v == 0 || Math.Abs(v) >= 1e-3 && Math.Abs(v) < 1e5 ? v.ToString("0.###", CultureInfo.InvariantCulture) : v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>
    /// The worst region of an evaluation. <paramref name="reference"/> holds the exact outputs (explicit definitions or
    /// Newton's roots, NaN where unknown), row-major n x outputs.
    /// </summary>
    public static WorstRegion? Of(Problem problem, double[] inputs, double[] reference, double[] overall, int samples)
    {
        var finite = overall.Select(e => double.IsNaN(e) ? double.PositiveInfinity : e).ToArray();
        var sorted = finite.Order().ToArray();
        if (sorted.Length == 0) return null;
        double threshold = ErrorSummary.Percentile(sorted, 1 - WorstShare);
        var worst = Enumerable.Range(0, samples).Where(i => finite[i] >= threshold).ToArray();
        if (worst.Length == 0 || !(threshold > 0)) return null;
        int d = problem.Inputs.Count;
        var concentration = new InputConcentration[d];
        for (int k = 0; k < d; k++)
            concentration[k] = InputConcentration.Of(problem.Inputs[k].Name, Enumerable.Range(0, samples).Select(i => inputs[i * d + k]).ToArray(), worst);
        return new WorstRegion(threshold, worst.Length, concentration, CausesNear(problem, inputs, reference, samples, worst));
    }

    /// <summary>Distances to each candidate structure, relative to their spread; those the worst points crowd.</summary>
    private static List<WorstCause> CausesNear(Problem problem, double[] inputs, double[] reference, int samples, int[] worst)
    {
        var causes = new List<WorstCause>();
        void Consider(string kind, string text, double[] distance)
        {
            double all = Median(distance), near = Median(worst.Select(i => distance[i]).ToArray());
            if (all > 0 && double.IsFinite(all) && near < CloserRatio * all)
                causes.Add(new WorstCause(kind, $"{text} (median distance at the worst points {Show(near / all)} of the sample's)", near / all));
        }

        var names = problem.InputNames;
        // An input whose range depends on other inputs: its raw deciles mix points at and far from its own bounds, so the
        // position within its own range at each point says whether the worst points sit at a bound.
        int d = names.Count;
        for (int k = 0; k < d; k++)
        {
            var spec = problem.Inputs[k];
            if (spec.HasConstantBounds) continue;
            var lower = Values(spec.Min, names, inputs, samples);
            var upper = Values(spec.Max, names, inputs, samples);
            var position = Enumerable.Range(0, samples).Select(i => (inputs[i * d + k] - lower[i]) / (upper[i] - lower[i])).ToArray();
            Consider("input_bound", $"next to the lower bound of {spec.Name} ({spec.Min}), which depends on other inputs", position);
            Consider("input_bound", $"next to the upper bound of {spec.Name} ({spec.Max}), which depends on other inputs", position.Select(p => 1 - p).ToArray());
        }
        foreach (var (number, part, kind, unit) in DomainCheck.SingularParts(problem))
        {
            var values = Values(part, names, inputs, samples);
            double largest = unit ? 1 : values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            if (!(largest > 0)) continue;
            var distance = values.Select(v => (unit ? 1 - Math.Abs(v) : Math.Abs(v)) / largest).ToArray();
            Consider(kind == SingularityKind.InfiniteSlope ? "infinite_slope" : "pole",
                kind == SingularityKind.InfiniteSlope
                    ? $"near where '{part}' (equation {number}) turns the slope vertical"
                    : $"near a pole: the denominator '{part}' (equation {number}) nears 0", distance);
        }

        var definitions = new ExplicitDefinitions(problem);
        for (int j = 0; j < problem.Outputs.Count; j++)
        {
            if (definitions.Definition(j) is not { } definition) continue;
            var leaves = new List<(Expr Leaf, bool Denominator)>();
            Symbolic.ZeroStructure.Factors(definition, false, leaves);
            foreach (var (leaf, denominator) in leaves.Where(l => !l.Denominator && l.Leaf.Variables.Count > 0 && l.Leaf is not VariableExpr).DistinctBy(l => l.Leaf.ToString()))
            {
                var values = Values(leaf, names, inputs, samples);
                double largest = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
                if (largest > 0) Consider("factor_zero", $"near a zero of the factor '{leaf}' of {problem.Outputs[j].Name}", values.Select(v => Math.Abs(v) / largest).ToArray());
            }
        }

        int o = problem.Outputs.Count;
        for (int j = 0; j < o; j++)
        {
            var magnitude = Enumerable.Range(0, samples).Select(i => Math.Abs(reference[i * o + j])).ToArray();
            double typical = Median(magnitude);
            if (typical > 0 && double.IsFinite(typical))
                Consider("output_zero", $"near a zero of the output {problem.Outputs[j].Name}", magnitude.Select(v => v / typical).ToArray());
        }

        var system = new CompiledSystem(problem);
        var points = system.Join(inputs, reference, samples);
        int e = system.EquationCount;
        var residuals = new double[samples * e];
        var scales = new double[samples * e];
        system.Evaluate(points, samples, residuals, scales);
        for (int k = 0; k < e; k++)
        {
            var scale = Enumerable.Range(0, samples).Select(i => scales[i * e + k]).ToArray();
            double typical = Median(scale);
            if (typical > 0 && double.IsFinite(typical))
                Consider("terms_vanish", $"near where every term of equation {k + 1} vanishes (the error is relative to their sum S, which nears 0 there)",
                    scale.Select(v => v / typical).ToArray());
        }
        if (e >= o)
        {
            var pivots = SystemDiagnostics.SmallestPivots(system, points, reference, samples);
            Consider("singular_jacobian", "near a singular point of the system: the Jacobian of the equations with respect to the outputs nears singular " +
                "(a double root, or outputs that the equations barely determine)", pivots);
        }
        return causes.OrderBy(c => c.Ratio).ToList();
    }

    private static double[] Values(Expr e, IReadOnlyList<string> names, double[] inputs, int samples)
    {
        var values = new double[samples];
        e.Compile(names).EvaluateBatch(inputs, samples, values);
        return values;
    }

    private static double Median(double[] values)
    {
        var finite = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return finite.Length == 0 ? double.NaN : ErrorSummary.Percentile(finite, 0.5);
    }
}

/// <summary>Where the worst points of one input lie, compared with the whole held-out sample.</summary>
/// <param name="Input">Input name.</param>
/// <param name="WorstLow">5th percentile of the input over the worst points.</param>
/// <param name="WorstHigh">95th percentile of the input over the worst points.</param>
/// <param name="DomainLow">Smallest value in the held-out sample.</param>
/// <param name="DomainHigh">Largest value in the held-out sample.</param>
/// <param name="QuantileLow">The worst points' 5th percentile, as a quantile of the whole sample (0..1).</param>
/// <param name="QuantileHigh">The worst points' 95th percentile, as a quantile of the whole sample (0..1).</param>
/// <param name="Decile">The decile of the whole sample (1 = lowest tenth of the input's values) holding most worst points.</param>
/// <param name="DecileShare">The share of the worst points in that decile (0.1 if the input does not matter).</param>
public sealed record InputConcentration(string Input, double WorstLow, double WorstHigh, double DomainLow, double DomainHigh,
    double QuantileLow, double QuantileHigh, int Decile, double DecileShare)
{
    /// <summary>From the input's column over all held-out points and the indices of the worst ones.</summary>
    public static InputConcentration Of(string name, double[] column, int[] worst)
    {
        var sorted = column.Order().ToArray();
        // Quantile of a value in the whole sample: the middle of its rank range, so ties (integer inputs) sit in one decile.
        double Quantile(double v)
        {
            int lo = LowerBound(sorted, v), hi = UpperBound(sorted, v);
            return (lo + hi) / 2.0 / sorted.Length;
        }
        var quantiles = worst.Select(i => Quantile(column[i])).Order().ToArray();
        var values = worst.Select(i => column[i]).Order().ToArray();
        var counts = new int[10];
        foreach (double q in quantiles) counts[Math.Clamp((int)(q * 10), 0, 9)]++;
        int decile = Array.IndexOf(counts, counts.Max());
        return new InputConcentration(name, ErrorSummary.Percentile(values, 0.05), ErrorSummary.Percentile(values, 0.95), sorted[0], sorted[^1],
            ErrorSummary.Percentile(quantiles, 0.05), ErrorSummary.Percentile(quantiles, 0.95), decile + 1, counts[decile] / (double)worst.Length);
    }

    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>A structure the worst points crowd.</summary>
/// <param name="Kind">input_bound, pole, infinite_slope, factor_zero, output_zero, terms_vanish or singular_jacobian.</param>
/// <param name="Text">What it is, in the inspect warnings' words.</param>
/// <param name="Ratio">Median distance to it at the worst points over the whole sample's (smaller: more concentrated).</param>
public sealed record WorstCause(string Kind, string Text, double Ratio);
