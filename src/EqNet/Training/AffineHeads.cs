using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Training;

/// <summary>
/// Which free, implicitly defined outputs take an <see cref="OutputHeadKind.Affine"/> head: those whose solutions take
/// both signs and where the equations ask for an absolute, not a relative, precision as the output crosses zero. A planar
/// arm's last joint angle in <c>phi = t1 + t2 + t3</c> is measured against S = |phi| + |t1| + |t2| + |t3|, which stays of
/// order one at t3 = 0; exp(m) * t would spend a magnitude network on log |t3|, singular there, and the reference fit
/// would weigh t3's error by 1 / |t3|. In <c>y^3 + p*y = q</c>, y near 0 is measured against S ~ 2 |q| ~ |y|: a
/// relative precision, which the magnitude head gives, so cubic keeps it.
/// </summary>
internal static class AffineHeads
{
    /// <summary>Design points Newton solves for the choice: the spread and the tolerance ratio are stable at a few hundred.</summary>
    private const int Points = 500;

    /// <summary>
    /// Smallest-|y| share of the solutions where the tolerance is read: where the output crosses zero.
    /// </summary>
    private const double NearZeroShare = 0.1;

    /// <summary>
    /// Tolerance ratio (the output error one unit of scale-relative error allows, over |y|) above which the precision asked
    /// near zero counts as absolute. It is about 2 for the cubic's y (a relative precision) and 15 to 100 for the arm's t3
    /// on the smallest tenth of |t3|.
    /// </summary>
    private const double AbsoluteRatio = 10;

    /// <summary>
    /// The spread is read between these quantiles, not at the extremes: one root Newton found on another branch would
    /// otherwise set the head's scale (t is unbounded, so values past them stay reachable).
    /// </summary>
    private const double SpreadQuantile = 0.01;

    /// <summary>
    /// Per output, the spread [min, max] of its reference solutions if it takes an affine head, else null. Only free heads
    /// of outputs no equation defines outright are candidates.
    /// </summary>
    /// <param name="system">The compiled equations.</param>
    /// <param name="heads">The heads chosen so far.</param>
    /// <param name="isExplicit">Whether an equation defines output j outright.</param>
    /// <param name="design">Row-major count x inputs.</param>
    /// <param name="count">Rows of <paramref name="design"/>.</param>
    public static (double Min, double Max)?[] Of(CompiledSystem system, IReadOnlyList<OutputHead> heads, Func<int, bool> isExplicit,
        double[] design, int count)
    {
        int o = system.OutputCount, e = system.EquationCount;
        var spreads = new (double, double)?[o];
        if (!Enumerable.Range(0, o).Any(j => heads[j].Kind == OutputHeadKind.Free && !isExplicit(j))) return spreads;
        int n = Math.Min(count, Points);
        var solved = new NewtonSolver(system).Solve(design.AsSpan(0, n * system.InputCount), n);
        var rows = Enumerable.Range(0, n).Where(i => solved.Converged[i]).ToArray();
        if (rows.Length == 0) return spreads;
        var inputs = rows.SelectMany(i => design.Skip(i * system.InputCount).Take(system.InputCount)).ToArray();
        var outputs = rows.SelectMany(i => solved.Solutions.Skip(i * o).Take(o)).ToArray();
        int m = rows.Length;
        PeriodicUnknowns.Wrap(PeriodicUnknowns.Of(system.Problem), outputs, m);
        var residuals = new double[m * e];
        var scales = new double[m * e];
        var derivatives = new double[m * e * o];
        system.Evaluate(system.Join(inputs, outputs, m), m, residuals, scales, new double[m * e], derivatives);
        for (int j = 0; j < o; j++)
        {
            if (heads[j].Kind != OutputHeadKind.Free || isExplicit(j)) continue;
            var values = Enumerable.Range(0, m).Select(i => outputs[i * o + j]).ToArray();
            if (!values.Any(v => v > 0) || !values.Any(v => v < 0)) continue;
            var nearZero = Enumerable.Range(0, m).OrderBy(i => Math.Abs(values[i])).Take(Math.Max(1, (int)(m * NearZeroShare)));
            var ratios = nearZero.Select(i => Tolerance(scales.AsSpan(i * e, e), derivatives.AsSpan(i * e * o, e * o), o, j) / Math.Abs(values[i]))
                .Select(r => double.IsNaN(r) ? double.PositiveInfinity : r).Order().ToArray();
            var sorted = values.Order().ToArray();
            if (ErrorSummary.Percentile(ratios, 0.5) > AbsoluteRatio)
                spreads[j] = (ErrorSummary.Percentile(sorted, SpreadQuantile), ErrorSummary.Percentile(sorted, 1 - SpreadQuantile));
        }
        return spreads;
    }

    /// <summary>
    /// The error of output <paramref name="j"/> that one unit of scale-relative error allows in the tightest equation
    /// using it: min over equations of S / |dF/dy_j|.
    /// </summary>
    private static double Tolerance(ReadOnlySpan<double> scales, ReadOnlySpan<double> derivatives, int o, int j)
    {
        double tightest = double.PositiveInfinity;
        for (int k = 0; k < scales.Length; k++)
        {
            double slope = Math.Abs(derivatives[k * o + j]);
            if (slope > 0) tightest = Math.Min(tightest, scales[k] / slope);
        }
        return tightest;
    }
}
