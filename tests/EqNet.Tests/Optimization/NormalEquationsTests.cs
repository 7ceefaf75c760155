using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class NormalEquationsTests
{
    [Theory]
    [InlineData(1, 77)]
    [InlineData(2, 77)]
    [InlineData(2, 251)]
    [InlineData(2, 6)]
    [InlineData(1, 6)]
    public void NormalMatrixMatchesNaiveProductOnOddSizes(int threads, int n)
    {
        int m = 1037;
        var random = new Random(3);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        var a = new double[n * n];
        var g = new double[n];
        NormalEquations.Build(j, r, m, n, a, g, threads);
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s += j[i * n + p] * j[i * n + q];
                Assert.Equal(s, a[p * n + q], 1e-9 * (1 + Math.Abs(s)));
            }
            double sg = 0;
            for (int i = 0; i < m; i++) sg += j[i * n + p] * r[i];
            Assert.Equal(sg, g[p], 9);
        }
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
}
