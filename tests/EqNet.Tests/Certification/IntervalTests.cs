using CsCheck;
using EqNet.Certification;

namespace EqNet.Tests.Certification;

/// <summary><see cref="Interval"/> and <see cref="GradientInterval"/> enclose what they claim: values at sampled points, and derivatives.</summary>
public class IntervalTests
{
    /// <summary>An interval of moderate magnitude, and two points inside it (as fractions of its width).</summary>
    private static readonly Gen<(double Lo, double Hi, double T, double U)> Spans =
        Gen.Select(Gen.Double[-20, 20], Gen.Double[0, 5], Gen.Double[0, 1], Gen.Double[0, 1], (lo, w, t, u) => (lo, lo + w, t, u));

    private static double At(double lo, double hi, double t) => Math.Clamp(lo + t * (hi - lo), lo, hi);

    private static void Encloses(Interval enclosure, double value, string what)
    {
        if (double.IsNaN(value)) return;
        Assert.True(enclosure.Contains(value), $"{what}: {value:G17} is outside {enclosure}");
    }

    [Fact]
    public void UnaryOperationsEncloseSampledValues()
    {
        Spans.Sample(s =>
        {
            var a = new Interval(s.Lo, s.Hi);
            double x = At(s.Lo, s.Hi, s.T);
            Encloses(a.Exp(), Math.Exp(x), "exp");
            Encloses(a.Tanh(), Math.Tanh(x), "tanh");
            Encloses(a.Sin(), Math.Sin(x), "sin");
            Encloses(a.Cos(), Math.Cos(x), "cos");
            Encloses(a.Asinh(), Math.Asinh(x), "asinh");
            Encloses(a.Atan(), Math.Atan(x), "atan");
            Encloses(a.Square(), x * x, "square");
            Encloses(a.Pow(3), x * x * x, "cube");
            Encloses(a.Pow(4), Math.Pow(x, 4), "x^4");
            Encloses(a.Abs(), Math.Abs(x), "abs");
            if (s.Lo > 0)
            {
                Encloses(a.Log(), Math.Log(x), "log");
                Encloses(a.Sqrt(), Math.Sqrt(x), "sqrt");
                Encloses(a.Pow(0.37), Math.Pow(x, 0.37), "x^0.37");
                Encloses(a.Pow(-1.5), Math.Pow(x, -1.5), "x^-1.5");
            }
        }, iter: 20_000);
    }

    [Fact]
    public void BinaryOperationsEncloseSampledValues()
    {
        Gen.Select(Spans, Spans).Sample((p, q) =>
        {
            var a = new Interval(p.Lo, p.Hi);
            var b = new Interval(q.Lo, q.Hi);
            double x = At(p.Lo, p.Hi, p.T), y = At(q.Lo, q.Hi, q.U);
            Encloses(a + b, x + y, "+");
            Encloses(a - b, x - y, "-");
            Encloses(a * b, x * y, "*");
            Encloses(a / b, x / y, "/");
            Encloses(Interval.Max(a, b), Math.Max(x, y), "max");
        }, iter: 20_000);
    }

    [Fact]
    public void SineAndCosineHoldTheirCrests()
    {
        Assert.Equal(1, new Interval(1, 2).Sin().Hi);
        Assert.Equal(-1, new Interval(3, 3.2).Cos().Lo);
        Assert.Equal(1, new Interval(-0.1, 0.1).Cos().Hi);
        Assert.True(new Interval(0.1, 0.2).Sin().Hi < 0.2);
    }

    [Fact]
    public void RoundingIsOutward()
    {
        // 0.1 + 0.2 is not a float64; the enclosure must hold the rounded sum on both sides.
        var s = Interval.Point(0.1) + Interval.Point(0.2);
        Assert.True(s.Lo < 0.1 + 0.2 && s.Hi > 0.1 + 0.2);
        Assert.Equal(Interval.Entire, Interval.Point(1) / new Interval(-1, 1));
        Assert.Equal(Interval.Entire, new Interval(double.NaN, 1));
    }

    /// <summary>f(x, y) = tanh(x y) exp(-y) / (1 + x^2) + sin(x) sqrt(y): values, central-difference gradients and second differences at sampled points lie in the enclosures.</summary>
    [Fact]
    public void GradientsEncloseDerivativesOverTheBox()
    {
        static double F(double x, double y) => Math.Tanh(x * y) * Math.Exp(-y) / (1 + x * x) + Math.Sin(x) * Math.Sqrt(y);
        static GradientInterval G(GradientInterval x, GradientInterval y) =>
            (x * y).Tanh() * (-y).Exp() / (x.Square() + 1) + x.Sin() * y.Sqrt();
        var boxes = Gen.Select(Gen.Double[-3, 3], Gen.Double[0.01, 1], Gen.Double[0.5, 4], Gen.Double[0.01, 1], Gen.Double[0, 1], Gen.Double[0, 1],
            (x0, wx, y0, wy, t, u) => (x0, wx, y0, wy, t, u));
        boxes.Sample(b =>
        {
            var bx = new Interval(b.x0, b.x0 + b.wx);
            var by = new Interval(b.y0, b.y0 + b.wy);
            var f = G(GradientInterval.Variable(bx, 0, 2, hessian: true), GradientInterval.Variable(by, 1, 2, hessian: true));
            double x = At(bx.Lo, bx.Hi, b.t), y = At(by.Lo, by.Hi, b.u), h = 1e-6;
            Encloses(f.Value, F(x, y), "value");
            double dx = (F(x + h, y) - F(x - h, y)) / (2 * h), dy = (F(x, y + h) - F(x, y - h)) / (2 * h);
            // Central differences carry O(h^2) truncation and O(eps / h) rounding: widen the enclosure by 1e-7 for them.
            Encloses(f.Gradient[0].Widen(1e-7), dx, "df/dx");
            Encloses(f.Gradient[1].Widen(1e-7), dy, "df/dy");
            // Second differences: O(h^2) truncation and O(eps / h^2) rounding at h = 1e-4, so widen by 1e-5.
            double k = 1e-4;
            double dxx = (F(x + k, y) - 2 * F(x, y) + F(x - k, y)) / (k * k);
            double dyy = (F(x, y + k) - 2 * F(x, y) + F(x, y - k)) / (k * k);
            double dxy = (F(x + k, y + k) - F(x + k, y - k) - F(x - k, y + k) + F(x - k, y - k)) / (4 * k * k);
            var hessian = f.Hessian!;
            Encloses(hessian[0].Widen(1e-5), dxx, "d2f/dx2");
            Encloses(hessian[3].Widen(1e-5), dyy, "d2f/dy2");
            Encloses(hessian[1].Widen(1e-5), dxy, "d2f/dxdy");
            Encloses(hessian[2].Widen(1e-5), dxy, "d2f/dydx");
        }, iter: 5_000);
    }
}
