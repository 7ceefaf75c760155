using EqNet.Evaluation;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// How far the residual fit lets one point's weight grow where an equation is ill-conditioned: at a point whose terms
/// nearly cancel (S -> 0) while the outputs stay large, a relative error eps of the outputs gives a scale-relative
/// error kappa * eps, with the condition number kappa = sum_j |y_j dF/dy_j| / S. The loss F / S weights such a point by
/// kappa, and a handful of points with kappa in the thousands (c -> 0 in <c>r1*(r1 + g) = c</c>, where
/// S = 2 |c|) then outweigh the rest of the training set. The metric's p99 ignores the worst 1 % of points, so
/// the fit's loss scale is floored at <c>sum_j |y_j dF/dy_j| / kappa_q</c>, kappa_q the condition number's
/// <see cref="Quantile"/> over the reference solutions: no point counts for more than one at that quantile.
/// </summary>
/// <remarks>
/// An explicit equation <c>y = f(inputs)</c> has kappa = |y| / S &lt;= 1 everywhere, so the floor never exceeds S there
/// and such equations get none (their loss is bit for bit as before).
/// </remarks>
internal static class ConditioningCap
{
    /// <summary>
    /// Quantile of the condition number over the reference solutions at which the weight stops growing: the held-out
    /// p99 is decided by points near the 99th percentile of kappa, so the points beyond it are worth no more than those.
    /// </summary>
    public const double Quantile = 0.99;

    /// <summary>
    /// Per equation, 1 / kappa_q (see <see cref="ConditioningCap"/>), or 0 where kappa_q &lt;= 1 (no point is
    /// ill-conditioned, the floor would never bite) or no point has a reference solution.
    /// </summary>
    /// <param name="system">The compiled equations.</param>
    /// <param name="inputs">Row-major count x inputs.</param>
    /// <param name="references">Row-major count x outputs; NaN where unknown.</param>
    /// <param name="count">Points.</param>
    public static double[] Of(CompiledSystem system, ReadOnlySpan<double> inputs, double[] references, int count)
    {
        int e = system.EquationCount, o = system.OutputCount;
        var points = system.Join(inputs, references, count);
        var residuals = new double[count * e];
        var scales = new double[count * e];
        var derivatives = new double[count * e * o];
        system.Evaluate(points, count, residuals, scales, new double[count * e], derivatives);
        var caps = new double[e];
        for (int k = 0; k < e; k++)
        {
            var kappas = new List<double>();
            for (int i = 0; i < count; i++)
            {
                double kappa = Sensitivity(references.AsSpan(i * o, o), derivatives.AsSpan((i * e + k) * o, o)) / scales[i * e + k];
                if (double.IsFinite(kappa)) kappas.Add(kappa);
            }
            if (kappas.Count == 0) continue;
            kappas.Sort();
            double quantile = ErrorSummary.Percentile(kappas.ToArray(), Quantile);
            caps[k] = quantile > 1 ? 1 / quantile : 0;
        }
        return caps;
    }

    /// <summary>sum_j |y_j dF/dy_j|: how much F moves under a unit relative change of every output.</summary>
    public static double Sensitivity(ReadOnlySpan<double> outputs, ReadOnlySpan<double> derivatives)
    {
        double sum = 0;
        for (int j = 0; j < outputs.Length; j++) sum += Math.Abs(outputs[j] * derivatives[j]);
        return sum;
    }
}
