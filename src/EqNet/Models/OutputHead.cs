namespace EqNet.Models;

/// <summary>How an output is built from a magnitude m(x) and a shape t(x); chosen from the output's declared bounds.</summary>
public enum OutputHeadKind
{
    /// <summary>No bounds: y = exp(m) * t. The magnitude carries the decades, the shape the sign.</summary>
    Free,

    /// <summary>Only a lower bound: y = min + exp(m).</summary>
    LowerBound,

    /// <summary>Only an upper bound: y = max - exp(m).</summary>
    UpperBound,

    /// <summary>Both bounds: y = min + (max - min) * sigmoid(t).</summary>
    Interval,

    /// <summary>
    /// No bounds, and a defining equation whose terms take both signs: y = exp(m) - exp(m'), the positive and the
    /// negative part, each a magnitude. Where the parts cancel, y stays accurate relative to itself, not only to them.
    /// </summary>
    Difference,

    /// <summary>
    /// No bounds, and a definition with a factor that changes sign inside a product (<c>kappa*(T2-T1)*A/d</c>):
    /// y = exp(m) * u, u the feature holding that factor (computed from the inputs, see
    /// <see cref="Features.FeatureKind.Factor"/>). The magnitude learns the rest, which keeps one sign, so y is accurate
    /// relative to itself where the factor crosses zero.
    /// </summary>
    SignedFactor,

    /// <summary>
    /// No bounds, and one product with periodic or folded factors of the inputs defines the output: y = exp(m) * t as
    /// <see cref="Free"/>, with m fitted first to the product's smooth envelope and a shape t that has a linear term in
    /// the features, so t = cos(w t) / 2 is exact (see EqNet.Training.PeriodicEnvelope).
    /// </summary>
    Envelope,

    /// <summary>
    /// No bounds, an output the equations define only implicitly, whose solutions take both signs over a span of few
    /// decades (a joint angle): y = (Min + Max) / 2 + (Max - Min) / 2 * t, [Min, Max] the spread of the reference
    /// solutions. The equations then weigh its error against its typical size, not against |y|, and exp(m) * t would
    /// spend a magnitude network on log |y|, which is singular where y crosses zero.
    /// </summary>
    Affine,
}

/// <summary>An output's head: its kind and declared bounds.</summary>
/// <param name="Name">Output name.</param>
/// <param name="Kind">How m and t combine.</param>
/// <param name="Min">Lower bound, if declared.</param>
/// <param name="Max">Upper bound, if declared.</param>
/// <param name="Factor">For a <see cref="OutputHeadKind.SignedFactor"/> head, the index of its factor feature; else -1.</param>
public sealed record OutputHead(string Name, OutputHeadKind Kind, double Min = 0, double Max = 0, int Factor = -1)
{
    /// <summary>Picks the head for an output from its optional bounds.</summary>
    public static OutputHead For(string name, double? min, double? max) => (min, max) switch
    {
        ({ } lo, { } hi) => new(name, OutputHeadKind.Interval, lo, hi),
        ({ } lo, null) => new(name, OutputHeadKind.LowerBound, lo),
        (null, { } hi) => new(name, OutputHeadKind.UpperBound, 0, hi),
        _ => new(name, OutputHeadKind.Free),
    };

    /// <summary>Whether this head uses a magnitude network.</summary>
    public bool HasMagnitude => Kind is not (OutputHeadKind.Interval or OutputHeadKind.Affine);

    /// <summary>Whether this head uses a shape network.</summary>
    public bool HasShape => Kind is OutputHeadKind.Free or OutputHeadKind.Interval or OutputHeadKind.Envelope or OutputHeadKind.Affine;

    /// <summary>Whether this head has a second magnitude m' for its negative part.</summary>
    public bool HasNegativeMagnitude => Kind == OutputHeadKind.Difference;

    /// <summary>This head, turned into a <see cref="OutputHeadKind.Difference"/> head if it is free (no bounds).</summary>
    public OutputHead AsDifference() => Kind == OutputHeadKind.Free ? this with { Kind = OutputHeadKind.Difference } : this;

    /// <summary>This head, turned into a <see cref="OutputHeadKind.SignedFactor"/> head on feature <paramref name="feature"/> if it is free or a difference head.</summary>
    public OutputHead WithFactor(int feature) =>
        Kind is OutputHeadKind.Free or OutputHeadKind.Difference ? this with { Kind = OutputHeadKind.SignedFactor, Factor = feature } : this;

    /// <summary>This head, turned into an <see cref="OutputHeadKind.Envelope"/> head if it is free (no bounds).</summary>
    public OutputHead AsEnvelope() => Kind == OutputHeadKind.Free ? this with { Kind = OutputHeadKind.Envelope } : this;

    /// <summary>This head, turned into an <see cref="OutputHeadKind.Affine"/> head over [<paramref name="min"/>, <paramref name="max"/>] if it is free (no bounds).</summary>
    public OutputHead AsAffine(double min, double max) => Kind == OutputHeadKind.Free ? this with { Kind = OutputHeadKind.Affine, Min = min, Max = max } : this;

    /// <summary>
    /// The output value and its derivatives with respect to m and t, where t is the shape, or for a
    /// <see cref="OutputHeadKind.Difference"/> head the negative part's magnitude m', or for a
    /// <see cref="OutputHeadKind.SignedFactor"/> head its factor feature.
    /// </summary>
    public (double Y, double DyDm, double DyDt) Combine(double m, double t)
    {
        switch (Kind)
        {
            case OutputHeadKind.Difference:
                {
                    double positive = Math.Exp(m), negative = Math.Exp(t);
                    return (positive - negative, positive, -negative);
                }
            case OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope:
                {
                    double e = Math.Exp(m), y = e * t;
                    return (y, y, e);
                }
            case OutputHeadKind.Affine:
                {
                    double half = (Max - Min) / 2;
                    return ((Min + Max) / 2 + half * t, 0, half);
                }
            case OutputHeadKind.LowerBound:
                {
                    double e = Math.Exp(m);
                    return (Min + e, e, 0);
                }
            case OutputHeadKind.UpperBound:
                {
                    double e = Math.Exp(m);
                    return (Max - e, -e, 0);
                }
            default:
                {
                    double s = 1 / (1 + Math.Exp(-t)), w = Max - Min;
                    return (Min + w * s, 0, w * s * (1 - s));
                }
        }
    }

    /// <summary>
    /// <see cref="Combine"/>'s value for <paramref name="count"/> rows of columns <paramref name="m"/> and
    /// <paramref name="t"/> (both overwritten) into <paramref name="y"/>, each row's operations those of
    /// <see cref="Combine"/> but with <see cref="VectorExp"/> over the columns for <see cref="Math.Exp"/>: batch prediction's head.
    /// </summary>
    internal void CombineColumns(Span<double> m, Span<double> t, Span<double> y, int count)
    {
        m = m[..count];
        t = t[..count];
        y = y[..count];
        switch (Kind)
        {
            case OutputHeadKind.Difference:
                VectorExp.Apply(m);
                VectorExp.Apply(t);
                for (int r = 0; r < y.Length; r++) y[r] = m[r] - t[r];
                break;
            case OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope:
                VectorExp.Apply(m);
                for (int r = 0; r < y.Length; r++) y[r] = m[r] * t[r];
                break;
            case OutputHeadKind.Affine:
                {
                    double half = (Max - Min) / 2, center = (Min + Max) / 2;
                    for (int r = 0; r < y.Length; r++) y[r] = center + half * t[r];
                    break;
                }
            case OutputHeadKind.LowerBound:
                VectorExp.Apply(m);
                for (int r = 0; r < y.Length; r++) y[r] = Min + m[r];
                break;
            case OutputHeadKind.UpperBound:
                VectorExp.Apply(m);
                for (int r = 0; r < y.Length; r++) y[r] = Max - m[r];
                break;
            default:
                {
                    for (int r = 0; r < t.Length; r++) t[r] = -t[r];
                    VectorExp.Apply(t);
                    double w = Max - Min;
                    for (int r = 0; r < y.Length; r++) y[r] = Min + w * (1 / (1 + t[r]));
                    break;
                }
        }
    }

    /// <summary>The magnitude m that gives the output value <paramref name="y"/> (for fitting m before the rest).</summary>
    public double MagnitudeFor(double y) => Kind switch
    {
        OutputHeadKind.LowerBound => Math.Log(Math.Max(y - Min, double.Epsilon)),
        OutputHeadKind.UpperBound => Math.Log(Math.Max(Max - y, double.Epsilon)),
        _ => Math.Log(Math.Max(Math.Abs(y), double.Epsilon)),
    };
}
