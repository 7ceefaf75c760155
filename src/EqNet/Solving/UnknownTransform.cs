using EqNet.Problems;

namespace EqNet.Solving;

/// <summary>
/// Newton works on z, not y: z = log(y - min) with a lower bound, log(max - y) with an upper, logit within both, y itself
/// without. Bounds then hold by construction, and positive unknowns that span decades are solved in log space.
/// </summary>
internal readonly record struct UnknownTransform(double? Min, double? Max)
{
    public static UnknownTransform For(OutputSpec output) => new(output.Min, output.Max);

    /// <summary>Whether z is a logarithm (or logit) of the unknown rather than the unknown itself.</summary>
    public bool IsLogarithmic => Min is not null || Max is not null;

    public double ToY(double z) => (Min, Max) switch
    {
        ({ } lo, { } hi) => lo + (hi - lo) / (1 + Math.Exp(-z)),
        ({ } lo, null) => lo + Math.Exp(z),
        (null, { } hi) => hi - Math.Exp(z),
        _ => z,
    };

    public double ToZ(double y) => (Min, Max) switch
    {
        ({ } lo, { } hi) => Math.Log((y - lo) / (hi - y)),
        ({ } lo, null) => Math.Log(y - lo),
        (null, { } hi) => Math.Log(hi - y),
        _ => y,
    };

    /// <summary>dy/dz at z.</summary>
    public double Slope(double z) => (Min, Max) switch
    {
        ({ } lo, { } hi) => (hi - lo) * Sigmoid(z) * (1 - Sigmoid(z)),
        ({ } _, null) => Math.Exp(z),
        (null, { } _) => -Math.Exp(z),
        _ => 1,
    };

    /// <summary>Starting values of z to try when nothing better is known, most plausible first.</summary>
    public double[] Starts() => Min is null && Max is null
        ? [1, -1, 1e3, -1e3, 1e-3, -1e-3, 1e6, -1e6, 0]
        : [0, -5, 5, -12, 12, -25, 25];

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
