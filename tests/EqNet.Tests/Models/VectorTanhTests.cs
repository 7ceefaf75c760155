using EqNet.Models;

namespace EqNet.Tests.Models;

/// <summary><see cref="VectorTanh"/> against <see cref="Math.Tanh"/>, and its vector lanes against its scalar form.</summary>
public class VectorTanhTests
{
    /// <summary>Points across the whole range: decades from 1e-300 to 30, uniform in [-25, 25], both branches' borders.</summary>
    private static double[] Points()
    {
        var random = new Random(7);
        var x = new List<double>();
        for (int i = 0; i < 200_000; i++) x.Add((random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -300 + 301.5 * random.NextDouble()));
        for (int i = 0; i < 200_000; i++) x.Add(-25 + 50 * random.NextDouble());
        for (int i = 0; i < 20_000; i++) x.Add(0.5 + 0.25 * random.NextDouble());
        foreach (double border in new[] { 0.625, 20.0, 19.0, 1e-8 })
            for (double d = border, k = 0; k < 50; k++, d = Math.BitIncrement(d)) { x.Add(d); x.Add(-d); x.Add(Math.BitDecrement(border - k * 1e-17)); }
        return [.. x];
    }

    [Fact]
    public void IsWithinAboutOneUlpOfMathTanh()
    {
        var x = Points();
        var y = (double[])x.Clone();
        VectorTanh.Apply(y);
        double worst = 0, at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            double d = expected == 0 ? Math.Abs(y[i]) : Math.Abs(y[i] - expected) / Math.Abs(expected);
            if (d > worst) (worst, at) = (d, x[i]);
        }
        Assert.True(worst <= 4e-16, $"largest relative difference from Math.Tanh {worst:E3} at x = {at:R}");
    }

    [Fact]
    public void VectorLanesAgreeWithTheScalarFormToTheBit()
    {
        var x = Points();
        // Lengths that leave every tail size behind the vectors.
        foreach (int length in new[] { x.Length, 1, 3, 7, 13 })
        {
            var y = x[..length];
            VectorTanh.Apply(y);
            for (int i = 0; i < length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(y[i]) == BitConverter.DoubleToInt64Bits(VectorTanh.Scalar(x[i])),
                    $"x = {x[i]:R}: vector {y[i]:R}, scalar {VectorTanh.Scalar(x[i]):R}");
        }
    }

    [Fact]
    public void The512BitLanesAgreeWithTheScalarFormToTheBit()
    {
        // Run in software where the CPU lacks AVX-512: the same operations, lane for lane.
        var x = Points();
        for (int i = 0; i + 8 <= x.Length; i += 8)
        {
            var y = VectorTanh.Of(System.Runtime.Intrinsics.Vector512.Create(x.AsSpan(i, 8)));
            for (int lane = 0; lane < 8; lane++)
                Assert.True(BitConverter.DoubleToInt64Bits(y[lane]) == BitConverter.DoubleToInt64Bits(VectorTanh.Scalar(x[i + lane])),
                    $"x = {x[i + lane]:R}: 512-bit lane {y[lane]:R}, scalar {VectorTanh.Scalar(x[i + lane]):R}");
        }
    }

    [Fact]
    public void IsOddZeroAtZeroAndSaturates()
    {
        var x = Points();
        var plus = x.Select(Math.Abs).ToArray();
        var minus = plus.Select(v => -v).ToArray();
        VectorTanh.Apply(plus);
        VectorTanh.Apply(minus);
        for (int i = 0; i < x.Length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(-plus[i]), BitConverter.DoubleToInt64Bits(minus[i]));

        double[] special = [0.0, -0.0, 19.5, -19.5, 20.5, -20.5, 1e300, -1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0, 0, 0, 0, 0];
        VectorTanh.Apply(special);
        Assert.Equal(0.0, special[0]);
        Assert.True(double.IsPositive(special[0]) && double.IsNegative(special[1]) && special[1] == 0, "tanh(+-0) keeps the sign of zero");
        Assert.Equal([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0], special[2..10]);
        Assert.True(double.IsNaN(special[10]));
        // Monotone non-decreasing on a fine grid across the branch border.
        var grid = Enumerable.Range(0, 100_001).Select(i => 0.6 + i * 5e-7).ToArray();
        VectorTanh.Apply(grid);
        for (int i = 1; i < grid.Length; i++) Assert.True(grid[i] >= grid[i - 1], $"tanh decreases at {0.6 + i * 5e-7:R}");
    }
}
