using EqNet.Models;
using EqNet.Tests.Export;
using EqNet.Tests.Prediction;

namespace EqNet.Tests.Models;

/// <summary>
/// <see cref="MagnitudeShapeNetwork.Predict"/> (blocks of rows, one vector lane per row) against the per-sample path
/// training uses (<see cref="MagnitudeShapeNetwork.Evaluate"/>), on models of every example with random weights.
/// </summary>
public class BatchPredictionTests
{
    [Theory]
    [MemberData(nameof(Examples))]
    public void BatchPredictionAgreesWithTheRowPath(string name)
    {
        var model = ExportModels.Get(name);
        const int n = 3000;
        var features = model.Features.Compute(TestModels.Points(model, n), n);
        var batch = new double[n * model.Network.OutputCount];
        var rows = new double[batch.Length];
        model.Network.Predict(model.Parameters, features, n, batch);
        model.Network.Evaluate(model.Parameters, features, n, rows, default);
        // Not bit for bit: the row path's dot products are vectorised along the sum (TensorPrimitives.Dot, training's
        // speed), the batch's summed in plain order; the orders differ by a few ulps of the terms, which a difference
        // head's cancelling parts turn into more of y (hence the floor of 1e-9 of the output's size). A wrong term is O(1).
        var (worst, identical) = ExportModels.Compare(batch, rows, model.Network.OutputCount);
        Assert.True(worst <= 1e-9, $"{name}: largest relative difference {worst:E3}");
        Assert.True(identical > 0.02, $"{name}: only {identical:P1} bit-identical");
    }

    public static TheoryData<string> Examples() => [.. ExportModels.Examples];

    /// <summary>A row's prediction is the same bits whatever block, position in the block, batch size and thread count it comes in.</summary>
    [Theory]
    [InlineData("seed-plus-flow")]
    [InlineData("damped-oscillator")]
    public void ARowPredictsTheSameBitsInAnyBatch(string name)
    {
        var model = ExportModels.Get(name);
        const int n = 1000;
        int o = model.Network.OutputCount, f = model.Features.Count;
        var features = model.Features.Compute(TestModels.Points(model, n), n);
        var all = new double[n * o];
        model.Network.Predict(model.Parameters, features, n, all, threads: 2);
        var one = new double[n * o];
        model.Network.Predict(model.Parameters, features, n, one, threads: 1);
        Assert.Equal(all, one);
        foreach (int start in new[] { 0, 17, 255, 256, 700 })
            foreach (int count in new[] { 1, 3, 250 })
            {
                if (start + count > n) continue;
                var part = new double[count * o];
                model.Network.Predict(model.Parameters, features.AsSpan(start * f, count * f), count, part, threads: 1);
                Assert.Equal(all.AsSpan(start * o, count * o).ToArray(), part);
            }
    }
}

/// <summary>One point through <see cref="EqNetModel.Predict(ReadOnlySpan{double}, int, Span{double}, int)"/>: the batch path's bits, and no allocation once warm.</summary>
public class PointPredictionTests
{
    [Theory]
    [InlineData("colebrook")]
    [InlineData("kepler")]
    public void APointAllocatesNothingAndGetsTheBatchBits(string name)
    {
        var model = ExportModels.Get(name);
        const int n = 50;
        int d = model.InputNames.Count, o = model.OutputNames.Count;
        var x = TestModels.Points(model, n);
        var batch = model.Predict(x, n);
        var y = new double[n * o];
        model.Predict(x.AsSpan(0, d), 1, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) model.Predict(x.AsSpan(i * d, d), 1, y.AsSpan(i * o, o));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(batch, y);
        Assert.True(allocated == 0, $"{allocated} bytes allocated for {n} points");
    }
}
