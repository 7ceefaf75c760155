using EqNet.Models;
using EqNet.Tests.Prediction;

namespace EqNet.Tests.Export;

/// <summary>
/// Models that together take every path an exporter must translate: difference heads (seed, wave), chained outputs
/// with learned scales and denominator units (seed-plus-flow, dissociation), a lower bound (seed-plus-flow's w), an
/// interval (kepler, dissociation's x), a free head with signed-log features (cubic), dependent bounds (seed), and an
/// upper bound (inline: no example has one).
/// </summary>
internal static class ExportModels
{
    public static readonly string[] Examples = ["seed", "seed-plus-flow", "dissociation", "cubic", "wave", "kepler", "upper-bound"];

    public const int PointCount = 10_000;

    public static EqNetModel Get(string name) => name == "upper-bound"
        ? TestModels.Random(TestProblems.Inline("""
            name: upper-bound
            inputs:
              a: {min: 0.5, max: 4}
              b: {min: 1, max: 1000, sampling: log}
            outputs:
              z: {max: 10}
            equations:
              - z = 10 - a*log(b) - 1/(a + b)
            """))
        : TestModels.Example(name);

    /// <summary>
    /// Largest |a - b| / max(|b|, floor max |b|) over the points, output by output; NaN where the other is not counts as infinite.
    /// The floor: where an output crosses zero, it is the difference of parts that cancel, and any change in the order
    /// of a sum (EqNet's dot products are vectorised, an exporter's need not be) is a few ulps of the parts, not of y.
    /// </summary>
    public static (double Worst, double Identical) Compare(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, int outputs, double floor = 1e-9)
    {
        double worst = 0;
        int identical = 0;
        for (int j = 0; j < outputs; j++)
        {
            double largest = 0;
            for (int k = j; k < expected.Length; k += outputs) largest = Math.Max(largest, Math.Abs(expected[k]));
            for (int k = j; k < expected.Length; k += outputs)
            {
                if (double.IsNaN(actual[k]) != double.IsNaN(expected[k])) return (double.PositiveInfinity, 0);
                double d = Math.Abs(actual[k] - expected[k]);
                if (d == 0 || double.IsNaN(d)) { identical++; continue; }
                worst = Math.Max(worst, d / Math.Max(Math.Abs(expected[k]), floor * largest));
            }
        }
        return (worst, (double)identical / expected.Length);
    }
}
