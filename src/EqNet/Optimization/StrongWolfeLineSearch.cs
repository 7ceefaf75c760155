using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// Line search for a step length satisfying the strong Wolfe conditions: bracketing then zoom with safeguarded cubic
/// interpolation (Nocedal and Wright, Numerical Optimization, algorithms 3.5 and 3.6, equation 3.59).
/// </summary>
/// <remarks>Evaluates phi(a) = f(x + a d); after <see cref="Search"/>, <see cref="Point"/> and <see cref="Gradient"/> hold the accepted point.</remarks>
internal sealed class StrongWolfeLineSearch(IObjective objective, int n, double c1, double c2, int maxEvaluations)
{
    private readonly double[] _point = new double[n], _gradient = new double[n];
    private double _evaluatedAt = double.NaN;
    private double[] _x = [], _direction = [];

    public double[] Point => _point;

    public double[] Gradient => _gradient;

    public double Value { get; private set; }

    public int Evaluations { get; private set; }

    /// <summary>
    /// Searches from x along d, starting with step <paramref name="initial"/>; f0 and slope0 = g0.d (negative) describe a = 0.
    /// Returns a step satisfying the strong Wolfe conditions or, when the evaluation budget runs out first, the best
    /// decreasing step seen; 0 when no step lowered f.
    /// </summary>
    public double Search(double[] x, double[] direction, double f0, double slope0, double initial)
    {
        (_x, _direction, Evaluations, _evaluatedAt) = (x, direction, 0, double.NaN);
        double previous = 0, fPrevious = f0, slopePrevious = slope0;
        double alpha = initial;
        for (int i = 0; Evaluations < maxEvaluations; i++)
        {
            var (f, slope) = Phi(alpha);
            if (!double.IsFinite(f) || f > f0 + c1 * alpha * slope0 || (i > 0 && f >= fPrevious))
                return Zoom(previous, fPrevious, slopePrevious, alpha, f, slope, f0, slope0);
            if (Math.Abs(slope) <= -c2 * slope0) return alpha;
            if (slope >= 0)
                return Zoom(alpha, f, slope, previous, fPrevious, slopePrevious, f0, slope0);
            (previous, fPrevious, slopePrevious) = (alpha, f, slope);
            alpha *= 4;
        }
        return Accept(previous, fPrevious, f0);
    }

    private double Zoom(double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi, double f0, double slope0)
    {
        while (Evaluations < maxEvaluations)
        {
            double width = hi - lo;
            if (Math.Abs(width) <= 1e-16 * Math.Max(Math.Abs(lo), Math.Abs(hi))) break;
            double alpha = CubicMinimizer(lo, fLo, slopeLo, hi, fHi, slopeHi);
            // Safeguard: stay clear of the ends so that the interval shrinks by a fixed fraction at least.
            double margin = 0.1 * Math.Abs(width), low = Math.Min(lo, hi) + margin, high = Math.Max(lo, hi) - margin;
            if (!double.IsFinite(alpha) || alpha < low || alpha > high) alpha = lo + 0.5 * width;
            var (f, slope) = Phi(alpha);
            if (!double.IsFinite(f) || f > f0 + c1 * alpha * slope0 || f >= fLo)
            {
                (hi, fHi, slopeHi) = (alpha, f, slope);
                continue;
            }
            if (Math.Abs(slope) <= -c2 * slope0) return alpha;
            if (slope * (hi - lo) >= 0) (hi, fHi, slopeHi) = (lo, fLo, slopeLo);
            (lo, fLo, slopeLo) = (alpha, f, slope);
        }
        return Accept(lo, fLo, f0);
    }

    /// <summary>Falls back to the best point seen when it lowered f at all (0 when none did).</summary>
    private double Accept(double alpha, double f, double f0)
    {
        if (!(alpha > 0 && f < f0)) return 0;
        if (_evaluatedAt != alpha) Phi(alpha);
        return alpha;
    }

    /// <summary>Minimiser of the cubic matching f and f' at a and b (Nocedal and Wright 3.59); NaN when it has none.</summary>
    private static double CubicMinimizer(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double discriminant = d1 * d1 - da * db;
        if (!(discriminant >= 0)) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(discriminant);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private (double Value, double Slope) Phi(double alpha)
    {
        TensorPrimitives.MultiplyAdd(_direction, alpha, _x, _point);
        Value = objective.Evaluate(_point, _gradient);
        Evaluations++;
        _evaluatedAt = alpha;
        return (Value, TensorPrimitives.Dot(_gradient, _direction));
    }
}
