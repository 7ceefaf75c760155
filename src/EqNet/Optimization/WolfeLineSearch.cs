namespace EqNet.Optimization;

/// <summary>
/// A line search for the strong Wolfe conditions (sufficient decrease c1 = 1e-4, curvature c2 = 0.9): bracketing, then
/// zoom with safeguarded cubic interpolation (Nocedal and Wright, algorithms 3.5 and 3.6).
/// </summary>
internal sealed class WolfeLineSearch(IObjective objective, int n)
{
    private const double C1 = 1e-4, C2 = 0.9;
    private readonly double[] _point = new double[n], _gradient = new double[n], _best = new double[n];

    /// <summary>Returns whether it succeeded, the step, f and the gradient there, and the evaluations used.</summary>
    public (bool Ok, double Step, double Value, double[] Gradient, int Evaluations) Search(double[] x, double f0, double[] g0, double[] d, double slope0, double initial)
    {
        int used = 0;
        double previousStep = 0, previousValue = f0, previousSlope = slope0, step = initial;
        for (int i = 0; i < 30; i++)
        {
            var (value, slope) = Probe(x, d, step);
            used++;
            if (!double.IsFinite(value) || value > f0 + C1 * step * slope0 || i > 0 && value >= previousValue)
                return Zoom(x, f0, d, slope0, previousStep, previousValue, previousSlope, step, value, slope, used);
            if (Math.Abs(slope) <= -C2 * slope0) return (true, step, value, Copy(), used);
            if (slope >= 0) return Zoom(x, f0, d, slope0, step, value, slope, previousStep, previousValue, previousSlope, used);
            (previousStep, previousValue, previousSlope) = (step, value, slope);
            step *= 2;
        }
        return (false, 0, f0, g0, used);
    }

    private (bool, double, double, double[], int) Zoom(double[] x, double f0, double[] d, double slope0,
        double lo, double fLo, double sLo, double hi, double fHi, double sHi, int used)
    {
        for (int i = 0; i < 40; i++)
        {
            double step = Cubic(lo, fLo, sLo, hi, fHi, sHi);
            double low = Math.Min(lo, hi), high = Math.Max(lo, hi), width = high - low;
            if (!double.IsFinite(step) || step < low + 0.1 * width || step > high - 0.1 * width) step = 0.5 * (lo + hi);
            var (value, slope) = Probe(x, d, step);
            used++;
            if (!double.IsFinite(value) || value > f0 + C1 * step * slope0 || value >= fLo)
            {
                (hi, fHi, sHi) = (step, value, slope);
            }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0) return (true, step, value, Copy(), used);
                if (slope * (hi - lo) >= 0) (hi, fHi, sHi) = (lo, fLo, sLo);
                (lo, fLo, sLo) = (step, value, slope);
            }
            if (Math.Abs(hi - lo) < 1e-16 * Math.Max(1, Math.Abs(lo))) break;
        }
        // Accept the best sufficient-decrease point if the curvature condition could not be met.
        if (lo > 0 && fLo < f0)
        {
            Probe(x, d, lo);
            return (true, lo, fLo, Copy(), used + 1);
        }
        return (false, 0, f0, _gradient, used);
    }

    /// <summary>Minimiser of the cubic through (a, fa, sa) and (b, fb, sb).</summary>
    private static double Cubic(double a, double fa, double sa, double b, double fb, double sb)
    {
        double d1 = sa + sb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - sa * sb;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (sb + d2 - d1) / (sb - sa + 2 * d2);
    }

    private (double Value, double Slope) Probe(double[] x, double[] d, double step)
    {
        for (int i = 0; i < x.Length; i++) _point[i] = x[i] + step * d[i];
        double value = objective.Evaluate(_point, _gradient);
        return (value, Lbfgs.Dot(_gradient, d));
    }

    private double[] Copy()
    {
        Array.Copy(_gradient, _best, _gradient.Length);
        return _best;
    }
}
