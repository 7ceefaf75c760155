using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class NormalEquationsTests
{
    [Theory]
    [InlineData(1, 1037, 77)]
    [InlineData(2, 1037, 77)]
    [InlineData(2, 1037, 251)]
    [InlineData(2, 1037, 6)]
    [InlineData(1, 1037, 6)]
    [InlineData(1, 1037, 9)]
    [InlineData(2, 1037, 433)]
    [InlineData(1, 255, 25)]   // fewer rows than a slab, one column past a panel
    [InlineData(2, 513, 241)]  // two slabs and one row, columns not a multiple of the 24-wide panel
    public void NormalMatrixMatchesNaiveProductOnOddSizes(int threads, int m, int n)
    {
        var random = new Random(3);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        // Build writes the upper triangle only (its readers read only that): the sentinel below the diagonal stays.
        var a = Enumerable.Repeat(double.NaN, n * n).ToArray();
        var g = new double[n];
        NormalEquations.Build(j, r, m, n, a, g, threads);
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < p; q++) Assert.True(double.IsNaN(a[p * n + q]), $"A[{p}, {q}] below the diagonal was written");
            for (int q = p; q < n; q++)
            {
                double s = 0, size = 0;
                for (int i = 0; i < m; i++)
                {
                    s += j[i * n + p] * j[i * n + q];
                    size += Math.Abs(j[i * n + p] * j[i * n + q]);
                }
                // Summation error is at most m eps sum |terms| (1e-13 here), whatever the order.
                Assert.True(Math.Abs(s - a[p * n + q]) <= 1e-12 * size, $"(J^T J)[{p}, {q}] = {a[p * n + q]}, naive {s}");
            }
            double sg = 0, sizeG = 0;
            for (int i = 0; i < m; i++)
            {
                sg += j[i * n + p] * r[i];
                sizeG += Math.Abs(j[i * n + p] * r[i]);
            }
            Assert.True(Math.Abs(sg - g[p]) <= 1e-12 * sizeG, $"(J^T r)[{p}] = {g[p]}, naive {sg}");
        }
    }

    [Fact]
    public void NormalMatrixAndGradientHaveTheSameBitsOnEveryRunAndThreadCount()
    {
        int m = 700, n = 301;
        var random = new Random(5);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        double[] Run(int threads)
        {
            var a = new double[n * n + n];
            var g = new double[n];
            NormalEquations.Build(j, r, m, n, a, g, threads);
            g.CopyTo(a, n * n);
            return a;
        }
        var first = Run(2);
        Assert.Equal(first, Run(2));
        Assert.Equal(first, Run(1));
        // More threads than cores: items wait on one another across preempted threads, and still sum in one order.
        Assert.Equal(first, Run(5));
    }

    [Theory]
    [InlineData(1, 1037, 77)]
    [InlineData(2, 1037, 77)]
    [InlineData(1, 600, 30)]
    public void NormalMatrixSumsEachBlockOf256RowsByFusedMultiplyAddsThenAddsItUp(int threads, int m, int n)
    {
        // The rounding the normal matrix has had since its first recorded results: every entry sums rows 256 at a time
        // in row order by fused multiply-adds from zero, and adds each block's sum to the entry. Slab depth, tiling and
        // threads may change, the bits may not (fixed-step training results depend on them).
        var random = new Random(13);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        NormalEquations.Build(j, new double[m], m, n, a, new double[n], threads);
        for (int p = 0; p < n; p++)
        {
            for (int q = p; q < n; q++)
            {
                double entry = 0;
                for (int k0 = 0; k0 < m; k0 += 256)
                {
                    double block = 0;
                    for (int k = k0; k < Math.Min(m, k0 + 256); k++) block = Math.FusedMultiplyAdd(j[k * n + p], j[k * n + q], block);
                    entry += block;
                }
                Assert.Equal(entry, a[p * n + q]);
            }
        }
    }

    [Fact]
    public void NormalMatrixIsNotChangedByALargerBuildBefore()
    {
        // The triangle is kept between calls and padding slices past the last column are skipped, not cleared: what a
        // larger system left there must not reach a smaller one's matrix.
        var random = new Random(11);
        double[] Build(int m, int n, double scale)
        {
            var j = Enumerable.Range(0, m * n).Select(_ => scale * (random.NextDouble() - 0.5)).ToArray();
            var r = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
            var a = new double[n * n];
            NormalEquations.Build(j, r, m, n, a, new double[n], threads: 1);
            return a;
        }
        random = new Random(11);
        var first = Build(300, 25, 1);
        Build(300, 97, 1e6);
        random = new Random(11);
        Assert.Equal(first, Build(300, 25, 1));
    }

    [Fact]
    public void CholeskySolvesSpdSystemAndRejectsIndefinite()
    {
        double[] a = [4, 2, 2, 3];
        double[] b = [2, 1];
        Assert.True(NormalEquations.CholeskySolve(a, b, 2));
        Assert.Equal(0.5, b[0], 12);
        Assert.Equal(0.0, b[1], 12);
        Assert.False(NormalEquations.CholeskySolve([1, 2, 2, 1], [1, 1], 2));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(1, 191)]  // below the blocked form's threshold: dot products
    [InlineData(1, 192)]  // two whole blocks
    [InlineData(2, 301)]  // blocks and a remainder, across threads
    [InlineData(2, 577)]
    [InlineData(1, 1001)] // eleven blocks, the last one odd
    public void CholeskyFactorReproducesTheMatrixOnOddSizes(int threads, int n)
    {
        var a = RandomSpd(n, seed: n);
        var l = (double[])a.Clone();
        // The factorisation reads A's upper triangle only (Build writes only that).
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) l[i * n + j] = double.NaN;
        Assert.True(NormalEquations.CholeskyFactor(l, n, threads));
        double largest = a.Max(Math.Abs);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += l[i * n + k] * l[j * n + k];
                Assert.True(Math.Abs(s - a[i * n + j]) <= 1e-12 * largest, $"(L L^T)[{i}, {j}] = {s}, A = {a[i * n + j]}");
            }
            Assert.True(l[i * n + i] > 0);
        }
    }

    [Fact]
    public void CholeskyFactorIsNotChangedByALargerFactorisationBefore()
    {
        // The padded copy is kept between calls; what a larger matrix left in it must not reach a smaller one's factor.
        int n = 250, large = 433;
        var a = RandomSpd(n, seed: 4);
        var first = (double[])a.Clone();
        Assert.True(NormalEquations.CholeskyFactor(first, n, 1));
        var other = RandomSpd(large, seed: 5);
        for (int i = 0; i < large * large; i++) other[i] *= 1e6;
        Assert.True(NormalEquations.CholeskyFactor(other, large, 1));
        var again = (double[])a.Clone();
        Assert.True(NormalEquations.CholeskyFactor(again, n, 1));
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++) Assert.Equal(first[i * n + k], again[i * n + k]);
    }

    [Fact]
    public void CholeskyFactorIsTheSameWithOneOrTwoThreads()
    {
        int n = 401;
        var one = RandomSpd(n, seed: 8);
        var two = (double[])one.Clone();
        Assert.True(NormalEquations.CholeskyFactor(one, n, 1));
        Assert.True(NormalEquations.CholeskyFactor(two, n, 2));
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(one[i * n + j], two[i * n + j]);
    }

    [Fact]
    public void BlockedCholeskyRejectsAnIndefiniteMatrixPastTheFirstBlock()
    {
        int n = 300;
        var a = RandomSpd(n, seed: 2);
        // A negative diagonal entry in the third block: the factorisation must fail there, not produce NaNs.
        a[250 * n + 250] = -1;
        Assert.False(NormalEquations.CholeskyFactor(a, n, 2));
    }

    /// <summary>B^T B / rows + I for a random B: symmetric positive definite, condition number of a few.</summary>
    private static double[] RandomSpd(int n, int seed)
    {
        var random = new Random(seed);
        int rows = n + 7;
        var b = Enumerable.Range(0, rows * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < rows; k++) s += b[k * n + i] * b[k * n + j];
                a[i * n + j] = a[j * n + i] = s / rows + (i == j ? 1 : 0);
            }
        }
        return a;
    }
}
