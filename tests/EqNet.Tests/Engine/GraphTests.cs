using EqNet.Engine;
using EqNet.Engine.Benchmarks;
using EqNet.Engine.Kernels;
using EqNet.Engine.Ops;

namespace EqNet.Tests.Engine;

[Collection(SerialCollection.Name)]
public class GraphTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ProductsMatchANaiveLoopOnOddSizes(int threads)
    {
        var r = new Random(1);
        foreach (var (n, k, m) in new[] { (37, 5, 64), (130, 64, 33), (9, 17, 1), (64, 64, 64) })
        {
            var a = Enumerable.Range(0, n * k).Select(_ => r.NextDouble() - 0.5).ToArray();
            var b = Enumerable.Range(0, k * m).Select(_ => r.NextDouble() - 0.5).ToArray();
            var bias = Enumerable.Range(0, m).Select(_ => r.NextDouble()).ToArray();
            var c = new double[n * m];
            foreach (var (s, e) in Enumerable.Range(0, threads).Select(w => WorkerPool.Range(n, w, threads)))
                Gemm<double>.Multiply(a, b, bias, c, k, m, s, e);
            var g = new double[k * m];
            var gb = new double[m];
            Gemm<double>.AddTransposedProduct(a, c, g, gb, k, m, 0, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    double s = bias[j];
                    for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
                    Assert.Equal(s, c[i * m + j], 10);
                }
            for (int p = 0; p < k; p++)
                for (int j = 0; j < m; j++)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += a[i * k + p] * c[i * m + j];
                    Assert.Equal(s, g[p * m + j], 9);
                }
        }
    }

    [Fact]
    public void TheFallbackWithoutAvx512GivesTheSameProducts()
    {
        var r = new Random(9);
        int n = 23, k = 7, m = 40;
        var a = Enumerable.Range(0, n * k).Select(_ => r.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, k * m).Select(_ => r.NextDouble() - 0.5).ToArray();
        var bias = Enumerable.Range(0, m).Select(_ => r.NextDouble()).ToArray();
        double[] Run(bool wide, out double[] g)
        {
            bool saved = Gemm<double>.UseWideKernels;
            Gemm<double>.UseWideKernels = wide && saved;
            try
            {
                var c = new double[n * m];
                Gemm<double>.Multiply(a, b, bias, c, k, m, 0, n);
                g = new double[k * m];
                Gemm<double>.AddTransposedProduct(a, c, g, new double[m], k, m, 0, n);
                return c;
            }
            finally { Gemm<double>.UseWideKernels = saved; }
        }
        var fast = Run(true, out var gFast);
        var slow = Run(false, out var gSlow);
        for (int i = 0; i < fast.Length; i++) Assert.Equal(fast[i], slow[i], 12);
        for (int i = 0; i < gFast.Length; i++) Assert.Equal(gFast[i], gSlow[i], 11);
    }

    [Fact]
    public void FloatProductsMatchDoubleWithinSinglePrecision()
    {
        var r = new Random(2);
        int n = 50, k = 64, m = 64;
        var a = Enumerable.Range(0, n * k).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, k * m).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        var c = new float[n * m];
        Gemm<float>.Multiply(a, b, default, c, k, m, 0, n);
        var cd = new double[n * m];
        Gemm<double>.Multiply(a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), default, cd, k, m, 0, n);
        for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(cd[i] - c[i]) < 1e-5 * Math.Max(1, Math.Abs(cd[i])), $"{cd[i]} vs {c[i]}");
    }

    [Fact]
    public void SameSeedAndThreadsGiveBitIdenticalWeights()
    {
        float[] Train()
        {
            using var net = ReferenceNetwork<float>.Build(512, 2, withLoss: true, seed: 3);
            var adam = new GraphAdam<float>(net.Graph.Parameters);
            for (int s = 0; s < 20; s++) { net.Graph.Forward(); net.Graph.Backward(); adam.Step(); }
            return net.Graph.Parameters.SelectMany(p => p.Value.Data).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void TrainingReducesTheLoss()
    {
        using var net = ReferenceNetwork<double>.Build(256, 2, withLoss: true);
        var adam = new GraphAdam<double>(net.Graph.Parameters, 1e-2);
        double first = net.Graph.Forward();
        for (int s = 0; s < 200; s++) { net.Graph.Forward(); net.Graph.Backward(); adam.Step(); }
        Assert.True(net.Graph.Forward() < 0.7 * first);
    }

    [Fact]
    public void ASteadyTrainingStepAllocatesNothing()
    {
        using var net = ReferenceNetwork<float>.Build(1024, 2, withLoss: true);
        var adam = new GraphAdam<float>(net.Graph.Parameters);
        for (int s = 0; s < 50; s++) { net.Graph.Forward(); net.Graph.Backward(); adam.Step(); }
        long thread = GC.GetAllocatedBytesForCurrentThread();
        long total = GC.GetTotalAllocatedBytes(true);
        for (int s = 0; s < 20; s++) { net.Graph.Forward(); net.Graph.Backward(); adam.Step(); }
        long perStepThread = (GC.GetAllocatedBytesForCurrentThread() - thread) / 20;
        long perStepTotal = (GC.GetTotalAllocatedBytes(true) - total) / 20;
        Assert.True(perStepThread == 0, $"{perStepThread} bytes per step on the calling thread");
        Assert.True(perStepTotal < 256, $"{perStepTotal} bytes per step in total");
    }

    [Fact]
    public void BadInputNamesTheOperationAndShapes()
    {
        using var g = new Graph<double>(4, 1);
        var x = g.Input("x", 3);
        var w = g.Parameter("W", 5, 2);
        var b = g.Parameter("b", 1, 2);
        Assert.Contains("linear: x [4 x 3], W [5 x 2]", Assert.Throws<EngineException>(() => g.Linear(x, w, b)).Message);
        Assert.Contains("do not broadcast", Assert.Throws<EngineException>(() => g.Binary(BinaryOperator.Add, x, g.Input("z", 2))).Message);
        Assert.Contains("at least one row", Assert.Throws<EngineException>(() => new Graph<double>(0)).Message);
        Assert.Contains("no parameters", Assert.Throws<EngineException>(() => new GraphAdam<double>([])).Message);
    }

    [Fact]
    public void ANonFiniteLossSaysWhereItStarted()
    {
        using var g = new Graph<double>(3, 1);
        var x = g.Input("x", 2);
        x.Value.Data[4] = -1;
        g.Sum(g.Apply(UnaryFunction.Log, x));
        var e = Assert.Throws<EngineException>(() => g.Forward());
        Assert.Contains("'log' [3 x 2] at row 0", e.Message);
    }
}
