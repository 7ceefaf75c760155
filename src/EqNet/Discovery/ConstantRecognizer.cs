using System.Globalization;
using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// Exact forms of fitted constants: a small rational times a power of pi and of sqrt(2) (<c>0.5</c> -> <c>1/2</c>,
/// <c>0.0795775</c> -> <c>1/(4*pi)</c>, <c>0.3989</c> -> <c>1/sqrt(2*pi)</c>), found by continued fractions; otherwise the
/// shortest decimal of the constant or of its reciprocal (<c>-0.1202723</c> -> <c>-1/8.314462618</c>). The caller keeps a
/// form only if the formula still verifies with it.
/// </summary>
public static class ConstantRecognizer
{
    /// <summary>Relative distance within which a constant is taken for an exact form (a least-squares fit in float64 lands far closer).</summary>
    public const double Tolerance = 1e-9;

    private const int MaxDenominator = 120;

    /// <summary>Candidate expressions for <paramref name="value"/>, simplest first; the last is the value itself.</summary>
    public static List<Expr> Candidates(double value)
    {
        var result = new List<(double Cost, Expr Expr)>();
        if (value == 0 || !double.IsFinite(value)) return [new NumberExpr(value)];
        double sign = Math.Sign(value), a = Math.Abs(value);
        for (int k2 = -4; k2 <= 4; k2++)
        {
            for (int j = -1; j <= 1; j++)
            {
                double x = a / Math.Pow(Math.PI, k2 / 2.0) / Math.Pow(Math.Sqrt(2), j);
                if (Rational(x) is not { } pq) continue;
                var (p, q) = pq;
                double cost = Digits(p) + Digits(q) + 2 * Math.Abs(k2 / 2.0) + (k2 % 2 != 0 ? 2 : 0) + 2 * Math.Abs(j);
                result.Add((cost, Build(sign, p, q, k2, j)));
            }
        }
        foreach (int digits in Enumerable.Range(1, 15))
        {
            double rounded = Round(a, digits);
            if (Math.Abs(rounded - a) <= 1e-13 * a) { result.Add((digits + 4, new NumberExpr(sign * rounded))); break; }
        }
        foreach (int digits in Enumerable.Range(1, 12))
        {
            double inverse = Round(1 / a, digits);
            if (Math.Abs(1 / inverse - a) <= 1e-13 * a)
            {
                result.Add((digits + 6, sign < 0 ? -(new NumberExpr(1) / new NumberExpr(inverse)) : new NumberExpr(1) / new NumberExpr(inverse)));
                break;
            }
        }
        var ordered = result.OrderBy(r => r.Cost).Select(r => r.Expr).ToList();
        ordered.Add(new NumberExpr(value));
        return ordered;
    }

    private static double Round(double a, int digits) =>
        double.Parse(a.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int Digits(long v) => v.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>The best rational p/q with q &lt;= 120 by continued fractions, if within <see cref="Tolerance"/>.</summary>
    private static (long P, long Q)? Rational(double x)
    {
        if (!(x > 0) || x > 1e6) return null;
        long h0 = 0, h1 = 1, k0 = 1, k1 = 0;
        double f = x;
        for (int step = 0; step < 20; step++)
        {
            double floor = Math.Floor(f);
            if (floor > 1e7) return null;
            long ai = (long)floor;
            long h2 = ai * h1 + h0, k2 = ai * k1 + k0;
            if (k2 > MaxDenominator) return null;
            if (Math.Abs((double)h2 / k2 - x) <= Tolerance * x) return h2 == 0 ? null : (h2, k2);
            (h0, h1, k0, k1) = (h1, h2, k1, k2);
            double frac = f - floor;
            if (frac < 1e-15) return null;
            f = 1 / frac;
        }
        return null;
    }

    private static Expr Build(double sign, long p, long q, int halfPiPower, int sqrt2Power)
    {
        Expr? top = p == 1 ? null : new NumberExpr(p);
        Expr? bottom = q == 1 ? null : new NumberExpr(q);
        void Mul(ref Expr? side, Expr factor) => side = side is null ? factor : side * factor;
        Expr pi = new ConstantExpr(MathConstant.Pi);
        int k = Math.Abs(halfPiPower);
        Expr? piPart = k switch
        {
            0 => null,
            1 => new CallExpr(MathFunction.Sqrt, pi),
            2 => pi,
            _ => new BinaryExpr(BinaryOperator.Power, pi, new NumberExpr(k / 2.0)),
        };
        if (piPart is not null)
        {
            if (halfPiPower > 0) Mul(ref top, piPart); else Mul(ref bottom, piPart);
        }
        if (sqrt2Power != 0)
        {
            Expr s2 = new CallExpr(MathFunction.Sqrt, new NumberExpr(2));
            if (sqrt2Power > 0) Mul(ref top, s2); else Mul(ref bottom, s2);
        }
        Expr value = bottom is null ? top ?? new NumberExpr(1) : (top ?? new NumberExpr(1)) / bottom;
        return sign < 0 ? -value : value;
    }
}
