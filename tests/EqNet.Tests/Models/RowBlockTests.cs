using EqNet.Models;

namespace EqNet.Tests.Models;

/// <summary><see cref="RowBlock.Layer"/> against the unfused <see cref="RowBlock.Dot"/> and <see cref="RowBlock.AddBias"/> it replaces.</summary>
public class RowBlockTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(7, true)]
    [InlineData(33, false)]
    [InlineData(RowBlock.Rows, true)]
    public void TheFusedLayerGivesTheBitsOfDotThenBias(int count, bool tanh)
    {
        const int fanIn = 5, width = 3, rows = RowBlock.Rows;
        var random = new Random(count);
        // Weights and inputs whose sums reach every range of tanh (below 0.625, the middle, beyond 20).
        var weights = Enumerable.Range(0, width * fanIn).Select(_ => 8 * (random.NextDouble() - 0.5)).ToArray();
        var biases = Enumerable.Range(0, width).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, fanIn * rows).Select(_ => 4 * (random.NextDouble() - 0.5)).ToArray();
        var expected = new double[width * rows];
        for (int k = 0; k < width; k++)
        {
            var column = expected.AsSpan(k * rows, rows);
            RowBlock.Dot(weights.AsSpan(k * fanIn, fanIn), x, count, column);
            RowBlock.AddBias(column, biases[k], tanh, count);
        }
        // Both kernels, whatever the CPU runs (512-bit vectors run in software where it has none).
        foreach (var layer in new Action<double[]>[]
        {
            z => RowBlock.Layer512(weights, biases, x, count, z, tanh, fanIn),
            z => RowBlock.LayerVector(weights, biases, x, count, z, tanh, fanIn),
            z => RowBlock.Layer(weights, biases, x, count, z, tanh),
        })
        {
            var actual = new double[width * rows];
            layer(actual);
            for (int k = 0; k < width; k++)
                for (int r = 0; r < count; r++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k * rows + r]), BitConverter.DoubleToInt64Bits(actual[k * rows + r]));
        }
    }
}
