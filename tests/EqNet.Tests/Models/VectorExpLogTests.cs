using EqNet.Models;

namespace EqNet.Tests.Models;

/// <summary><see cref="VectorExp"/> and <see cref="VectorLog"/> against <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>, and their vector lanes against their scalar forms.</summary>
public class VectorExpLogTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static double[] ExpPoints()
    {
        var random = new Random(11);
        var x = new List<double>();
        for (int i = 0; i < 400_000; i++) x.Add(-745 + 1454.78 * random.NextDouble());
        for (int i = 0; i < 200_000; i++) x.Add(-3 + 6 * random.NextDouble());
        for (int i = 0; i < 100_000; i++) x.Add((random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -300 + 300 * random.NextDouble()));
        foreach (double border in new[] { 709.78, -708.39, -745.1, 0.5 * Math.Log(2), 0.0 })
            for (double d = border, k = 0; k < 50; k++, d = Math.BitIncrement(d)) { x.Add(d); x.Add(Math.BitDecrement(border - k * 1e-13)); }
        return [.. x];
    }

    private static double[] LogPoints()
    {
        var random = new Random(12);
        var x = new List<double>();
        for (int i = 0; i < 400_000; i++) x.Add(Math.Pow(10, -300 + 600 * random.NextDouble()));
        for (int i = 0; i < 200_000; i++) x.Add(0.5 + 1.5 * random.NextDouble());
        for (int i = 0; i < 100_000; i++) x.Add(1 + 1e-6 * random.NextDouble());
        foreach (double border in new[] { 1.0, Math.Sqrt(2), Math.Sqrt(0.5), 2.0, 2.2250738585072014e-308 })
            for (double d = border, k = 0; k < 50; k++, d = Math.BitIncrement(d)) { x.Add(d); x.Add(Math.BitDecrement(border * (1 - k * 1e-15))); }
        return [.. x];
    }

    /// <summary>Largest relative difference from the reference where it is normal; subnormal results to within one unit of the smallest subnormal.</summary>
    private static (double Worst, double At) Compare(double[] x, double[] y, Func<double, double> reference)
    {
        double worst = 0, at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = reference(x[i]);
            if (Math.Abs(expected) < 2.2250738585072014e-308)
            {
                Assert.True(Math.Abs(y[i] - expected) <= double.Epsilon, $"at {x[i]:R}: {y[i]:R}, not {expected:R}");
                continue;
            }
            double d = Math.Abs(y[i] - expected) / Math.Abs(expected);
            if (d > worst) (worst, at) = (d, x[i]);
        }
        return (worst, at);
    }

    [Fact]
    public void ExpIsWithinOneUlpOfMathExp()
    {
        var x = ExpPoints();
        var y = (double[])x.Clone();
        VectorExp.Apply(y);
        var (worst, at) = Compare(x, y, Math.Exp);
        output.WriteLine($"exp: largest relative difference from Math.Exp {worst:E3} at {at:R} over {x.Length} points");
        Assert.True(worst <= 2.3e-16, $"largest relative difference from Math.Exp {worst:E3} at x = {at:R}");
    }

    [Fact]
    public void LogIsWithinOneUlpOfMathLog()
    {
        var x = LogPoints();
        var y = (double[])x.Clone();
        VectorLog.Apply(y);
        var (worst, at) = Compare(x, y, Math.Log);
        output.WriteLine($"log: largest relative difference from Math.Log {worst:E3} at {at:R} over {x.Length} points");
        Assert.True(worst <= 2.3e-16, $"largest relative difference from Math.Log {worst:E3} at x = {at:R}");
    }

    [Fact]
    public void VectorLanesAgreeWithTheScalarFormsToTheBit()
    {
        foreach (var (x, apply, scalar) in new (double[], SpanAction, Func<double, double>)[]
            { (ExpPoints(), VectorExp.Apply, VectorExp.Scalar), (LogPoints(), VectorLog.Apply, VectorLog.Scalar) })
            foreach (int length in new[] { x.Length, 1, 3, 7, 13 })
            {
                var y = x[..length];
                apply(y);
                for (int i = 0; i < length; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(y[i]) == BitConverter.DoubleToInt64Bits(scalar(x[i])),
                        $"x = {x[i]:R}: vector {y[i]:R}, scalar {scalar(x[i]):R}");
            }
    }

    [Fact]
    public void SpecialValuesAreMathsOwn()
    {
        double[] e = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 710, 709.79, -746, -0.0, 0.0, 1, -1, 1e-300, -1e-300, 1e3, -1e3, 700, -700];
        var ey = (double[])e.Clone();
        VectorExp.Apply(ey);
        Assert.True(double.IsNaN(ey[0]));
        Assert.Equal([double.PositiveInfinity, 0, double.PositiveInfinity, double.PositiveInfinity, 0, 1, 1], ey[1..8]);
        Assert.True(Math.Abs(ey[8] - Math.E) <= 2.3e-16 * Math.E, $"exp(1) = {ey[8]:R}");
        Assert.Equal(double.PositiveInfinity, ey[12]);
        Assert.Equal(0.0, ey[13]);
        double[] l = [double.NaN, double.PositiveInfinity, 0.0, -0.0, -1, 1e-310, double.Epsilon, 1, Math.E, 2, 0.5, double.MaxValue, 2.2250738585072014e-308, 4, 8, 16];
        var ly = (double[])l.Clone();
        VectorLog.Apply(ly);
        for (int i = 0; i < l.Length; i++)
            Assert.True(Math.Abs(ly[i] - Math.Log(l[i])) <= 2.3e-16 * Math.Abs(Math.Log(l[i])) || ly[i].Equals(Math.Log(l[i])), $"log({l[i]:R}) = {ly[i]:R}, Math.Log {Math.Log(l[i]):R}");
        Assert.Equal(0.0, ly[7]);
    }

    private delegate void SpanAction(Span<double> values);
}
