namespace EqNet.Solving;

/// <summary>
/// The linear algebra of one point's Newton step on a small dense system: the Gauss-Newton step by Householder QR
/// (least squares when there are more equations than unknowns), and Powell's dogleg within a scaled trust region.
/// </summary>
/// <remarks>
/// Sources: M. J. D. Powell, "A hybrid method for nonlinear equations" (1970); J. J. Moré, B. S. Garbow, K. E. Hillstrom,
/// "User Guide for MINPACK-1", ANL-80-74 (1980), routines <c>hybrj</c> and <c>dogleg</c>: the step is the Gauss-Newton
/// step when it fits in the trust region ||D p|| &lt;= Delta, else the scaled steepest-descent (Cauchy) step when that
/// alone reaches the boundary, else the point of the segment between them on the boundary. D holds the Jacobian's column
/// norms, so the region is round in units of residual change and unknowns of very different sizes weigh alike. A
/// singular R is regularised as MINPACK does, a diagonal entry below machine epsilon times its column's norm (MINPACK:
/// the largest entry) raised to it, and the trust region then limits the resulting long step.
/// </remarks>
internal static class Dogleg
{
    /// <summary>
    /// Least-squares solution p of J p = -r (J row-major e x o) into <paramref name="step"/> (o); e &lt; o is padded with
    /// zero rows. <paramref name="work"/> needs max(e, o) x o + max(e, o) + 2 o doubles. False when J or r is not finite.
    /// </summary>
    public static bool GaussNewton(ReadOnlySpan<double> j, ReadOnlySpan<double> r, int e, int o, Span<double> step, Span<double> work)
    {
        int m = Math.Max(e, o);
        var a = work[..(m * o)];
        var b = work.Slice(m * o, m);
        a.Clear();
        b.Clear();
        for (int q = 0; q < e; q++)
        {
            b[q] = -r[q];
            for (int c = 0; c < o; c++) a[q * o + c] = j[q * o + c];
        }
        foreach (double v in a) if (!double.IsFinite(v)) return false;
        foreach (double v in b) if (!double.IsFinite(v)) return false;
        var diagonal = work.Slice(m * o + m, o);
        // Column norms before the factorisation: a near-zero pivot is judged against its own column, so unknowns whose
        // columns differ by 1e18 (K near 1e-18 beside a fraction) keep their steps.
        var columns = work.Slice(m * o + m + o, o);
        for (int c = 0; c < o; c++)
        {
            double norm = 0;
            for (int q = 0; q < m; q++) norm = Hypot(norm, a[q * o + c]);
            columns[c] = norm;
        }
        for (int c = 0; c < o; c++)
        {
            double norm = 0;
            for (int q = c; q < m; q++) norm = Hypot(norm, a[q * o + c]);
            if (norm == 0)
            {
                diagonal[c] = 0;
                continue;
            }
            if (a[c * o + c] < 0) norm = -norm;
            for (int q = c; q < m; q++) a[q * o + c] /= norm;
            a[c * o + c] += 1;
            for (int k = c + 1; k < o; k++)
            {
                double s = 0;
                for (int q = c; q < m; q++) s += a[q * o + c] * a[q * o + k];
                s = -s / a[c * o + c];
                for (int q = c; q < m; q++) a[q * o + k] += s * a[q * o + c];
            }
            double t = 0;
            for (int q = c; q < m; q++) t += a[q * o + c] * b[q];
            t = -t / a[c * o + c];
            for (int q = c; q < m; q++) b[q] += t * a[q * o + c];
            diagonal[c] = -norm;
        }
        for (int c = o - 1; c >= 0; c--)
        {
            double floor = double.Epsilon + columns[c] * 2.2e-16;
            double s = b[c];
            for (int k = c + 1; k < o; k++) s -= a[c * o + k] * step[k];
            double d = diagonal[c];
            if (Math.Abs(d) < floor) d = d < 0 ? -floor : floor;
            step[c] = s / d;
        }
        foreach (double v in step) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>
    /// Powell's dogleg step p (o) within ||D p|| &lt;= <paramref name="radius"/>, from the Gauss-Newton step
    /// <paramref name="newton"/> and the gradient g = J^T r of 1/2 ||r||^2. Returns ||D p||.
    /// </summary>
    public static double Step(ReadOnlySpan<double> j, ReadOnlySpan<double> r, int e, int o, ReadOnlySpan<double> newton,
        ReadOnlySpan<double> scale, double radius, Span<double> step)
    {
        double newtonNorm = ScaledNorm(newton, scale);
        if (newtonNorm <= radius)
        {
            newton.CopyTo(step);
            return newtonNorm;
        }
        // Cauchy point along the scaled steepest descent -D^-2 g: minimises the linear model along that direction.
        Span<double> g = stackalloc double[o];
        g.Clear();
        for (int q = 0; q < e; q++)
            for (int c = 0; c < o; c++) g[c] += j[q * o + c] * r[q];
        double gScaled = 0;
        for (int c = 0; c < o; c++) gScaled += g[c] * g[c] / (scale[c] * scale[c]);
        gScaled = Math.Sqrt(gScaled);
        if (gScaled == 0 || !double.IsFinite(gScaled))
        {
            for (int c = 0; c < o; c++) step[c] = newton[c] * radius / newtonNorm;
            return radius;
        }
        double jg = 0;
        for (int q = 0; q < e; q++)
        {
            double s = 0;
            for (int c = 0; c < o; c++) s += j[q * o + c] * g[c] / (scale[c] * scale[c]);
            jg += s * s;
        }
        // Length along the unit scaled direction: ||D^-1 g||^2 / ||J D^-2 g||^2 times ||D^-1 g||.
        double cauchy = jg > 0 ? gScaled * gScaled * gScaled / jg : double.PositiveInfinity;
        if (cauchy >= radius)
        {
            for (int c = 0; c < o; c++) step[c] = -radius * g[c] / (scale[c] * scale[c]) / gScaled;
            return radius;
        }
        // On the segment from the Cauchy point C to the Newton point N: ||D (C + tau (N - C))|| = radius.
        Span<double> c0 = stackalloc double[o];
        for (int c = 0; c < o; c++) c0[c] = -cauchy * g[c] / (scale[c] * scale[c]) / gScaled;
        double aa = 0, bb = 0, cc = 0;
        for (int c = 0; c < o; c++)
        {
            double dc = scale[c] * c0[c], dd = scale[c] * (newton[c] - c0[c]);
            aa += dd * dd;
            bb += dc * dd;
            cc += dc * dc;
        }
        cc -= radius * radius;
        double tau = aa > 0 ? (-bb + Math.Sqrt(Math.Max(0, bb * bb - aa * cc))) / aa : 0;
        tau = Math.Clamp(tau, 0, 1);
        for (int c = 0; c < o; c++) step[c] = c0[c] + tau * (newton[c] - c0[c]);
        return ScaledNorm(step, scale);
    }

    /// <summary>||r + J p||^2, the linear model's sum of squares after step p.</summary>
    public static double ModelSquares(ReadOnlySpan<double> j, ReadOnlySpan<double> r, int e, int o, ReadOnlySpan<double> step)
    {
        double sum = 0;
        for (int q = 0; q < e; q++)
        {
            double v = r[q];
            for (int c = 0; c < o; c++) v += j[q * o + c] * step[c];
            sum += v * v;
        }
        return sum;
    }

    /// <summary>||D p||.</summary>
    public static double ScaledNorm(ReadOnlySpan<double> p, ReadOnlySpan<double> scale)
    {
        double sum = 0;
        for (int c = 0; c < p.Length; c++) sum += scale[c] * p[c] * scale[c] * p[c];
        return Math.Sqrt(sum);
    }

    /// <summary>Doubles <see cref="GaussNewton"/> needs as work space.</summary>
    public static int WorkSize(int e, int o) => Math.Max(e, o) * (o + 1) + 2 * o;

    private static double Hypot(double a, double b)
    {
        (a, b) = (Math.Abs(a), Math.Abs(b));
        if (a < b) (a, b) = (b, a);
        if (a == 0) return 0;
        double t = b / a;
        return a * Math.Sqrt(1 + t * t);
    }
}
