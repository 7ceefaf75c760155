using EqNet.Models;
using System.Runtime.CompilerServices;

namespace EqNet.Prediction;

/// <summary>
/// Predicts a block of rows of which some could not be read: those get NaN outputs and are not in the domain; the
/// others are predicted together (features, then the network, on all cores) and checked against the trained domain.
/// Reuses its buffers from block to block, so a stream of blocks allocates nothing per block.
/// </summary>
public sealed class BlockPredictor
{
    private readonly IPredictor _model;
    private readonly TrainedDomain _domain;
    private readonly int _threads;
    private double[] _inputs = [], _features = [], _outputs = [];

    /// <summary>A predictor for <paramref name="model"/> on <paramref name="threads"/> threads (0: one per core).</summary>
    public BlockPredictor(IPredictor model, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _domain = new TrainedDomain(model.Problem);
        _threads = threads;
    }

    /// <summary>Values per input row.</summary>
    public int InputCount => _model.InputNames.Count;

    /// <summary>Values per output row.</summary>
    public int OutputCount => _model.OutputNames.Count;

    /// <summary>
    /// Predicts <paramref name="count"/> rows: <paramref name="inputs"/> is row-major count x <see cref="InputCount"/>,
    /// <paramref name="valid"/> says which rows were read; <paramref name="outputs"/> (count x <see cref="OutputCount"/>)
    /// receives the predictions (NaN for invalid rows) and <paramref name="inDomain"/> whether each row lies in the
    /// trained domain (false for invalid rows).
    /// </summary>
    /// <returns>The number of valid rows outside the trained domain.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Predict(ReadOnlySpan<double> inputs, ReadOnlySpan<bool> valid, int count, Span<double> outputs, Span<bool> inDomain)
    {
        int d = InputCount, o = OutputCount;
        if (inputs.Length < count * d || valid.Length < count || outputs.Length < count * o || inDomain.Length < count)
            throw new ArgumentException($"buffers too short for {count} rows");
        int n = 0, outside = 0;
        Grow(ref _inputs, count * d);
        for (int r = 0; r < count; r++)
        {
            inDomain[r] = false;
            if (!valid[r]) continue;
            var row = inputs.Slice(r * d, d);
            inDomain[r] = _domain.Contains(row);
            if (!inDomain[r]) outside++;
            row.CopyTo(_inputs.AsSpan(n++ * d, d));
        }
        Grow(ref _outputs, n * o);
        if (_model is EqNetModel { Computed: null, Refinement: null } network)
        {
            Grow(ref _features, n * network.Features.Count);
            network.Features.Compute(_inputs.AsSpan(0, n * d), n, _features);
            network.PredictFromFeatures(_features.AsSpan(0, n * network.Features.Count), n, _outputs, _threads);
        }
        else _model.Predict(_inputs.AsSpan(0, n * d), n, _threads).CopyTo(_outputs, 0);
        for (int r = count - 1, k = n - 1; r >= 0; r--)
        {
            if (valid[r]) _outputs.AsSpan(k-- * o, o).CopyTo(outputs.Slice(r * o, o));
            else outputs.Slice(r * o, o).Fill(double.NaN);
        }
        return outside;
    }

    private static void Grow(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[length];
    }
}
