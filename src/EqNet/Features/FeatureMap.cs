using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Symbolic;

namespace EqNet.Features;

/// <summary>
/// Turns raw input points into standardised network features: per input a linear or log transform, the log of every
/// positive input (power-law units need it), log-distances to dependent bounds, where the hardest points sit, and for
/// an input that takes both signs a signed log and a log magnitude (power laws in |x| and the sign, near zero); then the
/// periodic and folded features the equations name (<see cref="EquationFeatures"/>).
/// </summary>
public sealed class FeatureMap
{
    private readonly CompiledExpression?[] _bounds;

    /// <summary>Creates a map from explicit features (as stored in a model file).</summary>
    public FeatureMap(IReadOnlyList<string> inputNames, IReadOnlyList<Feature> features)
    {
        InputNames = inputNames.ToArray();
        Features = features.ToArray();
        _bounds = Features.Select(f => f.BoundExpression(InputNames)?.Compile(InputNames)).ToArray();
    }

    /// <summary>Raw input names, in order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The features, in network order.</summary>
    public IReadOnlyList<Feature> Features { get; }

    /// <summary>Number of features.</summary>
    public int Count => Features.Count;

    /// <summary>Decades an input must span (max/min) before <c>transform: auto</c> takes its log.</summary>
    public const double AutoLogDecades = 1.5;

    /// <summary>
    /// Scale s of the signed-log features of an input that takes both signs, relative to its largest |x|: below s they
    /// turn linear (asinh) or flat (log magnitude). Small, so that |x|^a near zero, such as the root y ~ q^(1/3) of
    /// y^3 + p*y = q, is linear in them over many decades (cubic, 60 s: p99 1.2e-5 at 1e-5, 1.6e-5 at 1e-4, 6.9e-5 at 1e-3,
    /// 4.4e-4 without them).
    /// </summary>
    public const double SignedLogScale = 1e-5;

    /// <summary>
    /// Chooses features for <paramref name="problem"/> from a sample of its domain (row-major, inputs in file order);
    /// centres and widths come from the same sample.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="sample">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    /// <param name="logArguments">Expressions g &gt;= 0 of the inputs whose log is a feature (<see cref="FeatureKind.LogExpression"/>).</param>
    /// <param name="factors">Sign-changing expressions of the inputs, each with the sign its feature gets (<see cref="FeatureKind.Factor"/>).</param>
    /// <param name="readEquations">
    /// Whether features come from the equations too (an input's log magnitude where a definition multiplies by it, the
    /// periodic and folded features of <see cref="EquationFeatures"/>); false: the inputs' and the domain's own only.
    /// </param>
    public static FeatureMap Design(Problem problem, ReadOnlySpan<double> sample, int count, IReadOnlyList<Expr>? logArguments = null,
        IReadOnlyList<(Expr Factor, int Sign)>? factors = null, bool readEquations = true)
    {
        var names = problem.Inputs.Select(i => i.Name).ToArray();
        int d = names.Length;
        var raw = new List<(FeatureKind Kind, int Input, string? Bound)>();
        // Explicit definitions y = f(inputs) only: in an implicit equation (kepler's M = E - ecc*sin(E)) the output is no
        // power of the input, and there the feature measured worse (kepler, 80 steps: p99 4.3e-4 without, 7.6e-4 with).
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet();
        var definitions = !readEquations ? [] : problem.Equations.SelectMany(e => new[] { (e.Equation.Lhs, e.Equation.Rhs), (e.Equation.Rhs, e.Equation.Lhs) })
            .Where(s => s.Item1 is VariableExpr v && outputs.Contains(v.Name) && !s.Item2.Variables.Any(outputs.Contains)).Select(s => s.Item2).ToArray();
        for (int i = 0; i < d; i++)
        {
            var spec = problem.Inputs[i];
            var (min, max) = Range(sample, count, d, i);
            // Positive means positive over the declared domain, not only over the sample: an input that may be 0 gets no log.
            bool positive = min > 0 && (spec.Min.Variables.Count > 0 || spec.Min.Evaluate(new Dictionary<string, double>()) > 0);
            bool log = spec.Transform switch
            {
                InputTransformKind.Log => true,
                InputTransformKind.Linear => false,
                _ => positive && max / min > Math.Pow(10, AutoLogDecades),
            };
            if (log && !positive)
                throw new ArgumentException($"input '{spec.Name}' has transform: log but takes values <= 0 (down to {min:G4}); use transform: linear");
            raw.Add((log ? FeatureKind.Log : FeatureKind.Linear, i, null));
            if (!log && positive) raw.Add((FeatureKind.Log, i, null));
            if (spec.Max.Variables.Count > 0) raw.Add((FeatureKind.LogDistanceToMax, i, spec.Max.ToString()));
            if (spec.Min.Variables.Count > 0) raw.Add((FeatureKind.LogDistanceToMin, i, spec.Min.ToString()));
            if (min < 0 && max > 0)
            {
                raw.Add((FeatureKind.SignedLog, i, null));
                raw.Add((FeatureKind.LogMagnitude, i, null));
            }
            else if (!positive && !log && min >= 0 && max > 0 && definitions.Any(e => ZeroStructure.EntersMultiplicatively(e, spec.Name)))
            {
                // Starts at 0 and multiplies: the output near 0 is a power of x, log x to a magnitude, over as many decades as the sample reaches.
                raw.Add((FeatureKind.LogMagnitude, i, null));
            }
        }
        int FirstInput(Expr e) => Array.FindIndex(names, e.Variables.Contains);
        foreach (var g in logArguments ?? [])
            if (raw.All(r => r.Bound != g.ToString())) raw.Add((FeatureKind.LogExpression, FirstInput(g), g.ToString()));
        var signs = new Dictionary<string, int>();
        foreach (var (factor, sign) in factors ?? [])
            if (signs.TryAdd(factor.ToString(), sign)) raw.Add((FeatureKind.Factor, FirstInput(factor), factor.ToString()));
        foreach (var (kind, expression) in readEquations ? EquationFeatures.Find(problem) : [])
        {
            int input = Array.IndexOf(names, Expr.Parse(expression, names.ToHashSet(StringComparer.Ordinal)).Variables.First());
            // b log a needs a > 0 wherever the law is sampled; a base that reaches 0 or below gets no such feature.
            if (kind == FeatureKind.LogPower && !new FeatureMap(names, [new Feature(kind, input, expression, 0, 1)]).Compute(sample, count).All(double.IsFinite)) continue;
            raw.Add((kind, input, expression));
        }

        var draft = new FeatureMap(names, raw.Select(r => new Feature(r.Kind, r.Input, r.Bound, 0, 1)).ToArray());
        var values = new double[count * draft.Count];
        var floors = new double[draft.Count];
        for (int f = 0; f < draft.Count; f++)
            if (draft.Features[f].Kind is FeatureKind.LogDistanceToMax or FeatureKind.LogDistanceToMin)
                floors[f] = 1e-12 * Math.Max(1e-300, InputSpan(sample, count, d, draft.Features[f].Input));
            else if (draft.Features[f].Kind is FeatureKind.LogExpression)
                floors[f] = 1e-12 * Math.Max(1e-300, draft.ExpressionSpan(f, sample, count));
            else if (draft.Features[f].Kind is FeatureKind.SignedLog or FeatureKind.LogMagnitude)
                floors[f] = SignedLogScale * Math.Max(1e-300, InputSpan(sample, count, d, draft.Features[f].Input));
        draft = new FeatureMap(names, draft.Features.Select((f, k) => f with { Floor = floors[k] }).ToArray());
        draft.Compute(sample, count, values);

        var features = new Feature[draft.Count];
        for (int f = 0; f < draft.Count; f++)
        {
            double mean = 0, m2 = 0;
            for (int r = 0; r < count; r++) mean += values[r * draft.Count + f];
            mean /= count;
            for (int r = 0; r < count; r++) { double q = values[r * draft.Count + f] - mean; m2 += q * q; }
            double std = Math.Sqrt(m2 / count);
            features[f] = draft.Features[f] with { Center = mean, Width = std > 0 && double.IsFinite(std) ? std : 1 };
            if (draft.Features[f].Kind == FeatureKind.Factor)
            {
                // Not centred (its zeros are the point) and signed, so that the output has the sign of the feature.
                double rms = Math.Sqrt(Enumerable.Range(0, count).Select(r => values[r * draft.Count + f]).Where(double.IsFinite).DefaultIfEmpty(1).Average(v => v * v));
                features[f] = draft.Features[f] with { Center = 0, Width = signs[draft.Features[f].Bound!] * (rms > 0 && double.IsFinite(rms) ? rms : 1) };
            }
        }
        return new FeatureMap(names, features);
    }

    /// <summary>Computes features (row-major count x <see cref="Count"/>) from raw inputs (row-major count x inputs).</summary>
    public void Compute(ReadOnlySpan<double> inputs, int count, Span<double> features)
    {
        int d = InputNames.Count, c = Count;
        for (int r = 0; r < count; r++)
        {
            var x = inputs.Slice(r * d, d);
            var u = features.Slice(r * c, c);
            for (int f = 0; f < c; f++)
            {
                var feature = Features[f];
                double v = x[feature.Input];
                double value = feature.Kind switch
                {
                    FeatureKind.Linear => v,
                    FeatureKind.Log => Math.Log(v),
                    FeatureKind.LogDistanceToMax => Math.Log(Math.Max(_bounds[f]!.Evaluate(x) - v, feature.Floor)),
                    FeatureKind.SignedLog => Math.Asinh(v / feature.Floor),
                    FeatureKind.LogMagnitude => 0.5 * Math.Log(v * v + feature.Floor * feature.Floor),
                    FeatureKind.LogExpression => Math.Log(Math.Max(_bounds[f]!.Evaluate(x), feature.Floor)),
                    FeatureKind.Factor => _bounds[f]!.Evaluate(x),
                    FeatureKind.Sine => Math.Sin(_bounds[f]!.Evaluate(x)),
                    FeatureKind.Cosine => Math.Cos(_bounds[f]!.Evaluate(x)),
                    FeatureKind.Fold or FeatureKind.LogPower => _bounds[f]!.Evaluate(x),
                    _ => Math.Log(Math.Max(v - _bounds[f]!.Evaluate(x), feature.Floor)),
                };
                u[f] = (value - feature.Center) / feature.Width;
            }
        }
    }

    /// <summary>Computes features into a new array.</summary>
    public double[] Compute(ReadOnlySpan<double> inputs, int count)
    {
        var features = new double[count * Count];
        Compute(inputs, count, features);
        return features;
    }

    /// <summary>Largest |value| of feature <paramref name="f"/>'s expression over the sample.</summary>
    private double ExpressionSpan(int f, ReadOnlySpan<double> sample, int count)
    {
        double span = 0;
        for (int r = 0; r < count; r++)
        {
            double v = Math.Abs(_bounds[f]!.Evaluate(sample.Slice(r * InputNames.Count, InputNames.Count)));
            if (double.IsFinite(v)) span = Math.Max(span, v);
        }
        return span;
    }

    private static (double Min, double Max) Range(ReadOnlySpan<double> sample, int count, int d, int i)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int r = 0; r < count; r++) { double v = sample[r * d + i]; min = Math.Min(min, v); max = Math.Max(max, v); }
        return (min, max);
    }

    private static double InputSpan(ReadOnlySpan<double> sample, int count, int d, int i)
    {
        var (min, max) = Range(sample, count, d, i);
        return Math.Max(Math.Abs(max), Math.Abs(min));
    }
}
