using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// The least-squares problem of one output of one correction stage: its network N(u) against the scaled error targets,
/// residual <c>weight_i (N(u_i) - t_i)</c>. Points without a target (no reference solution) have a zero residual and row.
/// </summary>
internal sealed class CorrectionFit : ILeastSquaresProblem
{
    private readonly DenseNetwork _network;
    private readonly double[] _features, _targets, _weights;
    private readonly int _count, _threads;

    /// <param name="network">The stage's network shape.</param>
    /// <param name="features">Row-major count x features.</param>
    /// <param name="targets">Per point, the scaled error to fit (NaN: none).</param>
    /// <param name="count">Points.</param>
    /// <param name="threads">Worker threads; 0 for one per core.</param>
    public CorrectionFit(DenseNetwork network, double[] features, double[] targets, int count, int threads)
    {
        _network = network;
        _features = features;
        _targets = targets;
        _count = count;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        _weights = Enumerable.Repeat(1.0, count).ToArray();
    }

    public int ParameterCount => _network.ParameterCount;

    public int ResidualCount => _count;

    /// <summary>Per-point weights of the residuals (1 at the start).</summary>
    public double[] Weights => _weights;

    /// <summary>The network's unweighted misfits N(u_i) - t_i at <paramref name="x"/> (NaN where a point has no target).</summary>
    public double[] Misfits(ReadOnlySpan<double> x)
    {
        var misfits = new double[_count];
        var scratch = new double[_network.ScratchLength];
        int d = _network.InputCount;
        for (int i = 0; i < _count; i++)
            misfits[i] = double.IsFinite(_targets[i]) ? _network.Forward(x, _features.AsSpan(i * d, d), scratch) - _targets[i] : double.NaN;
        return misfits;
    }

    public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
    {
        int p = ParameterCount, d = _network.InputCount;
        var parameters = x.ToArray();
        var r = new double[_count];
        var j = jacobian.IsEmpty ? null : new double[(long)_count * p];
        int chunks = Math.Min(_threads, Math.Max(1, _count / 64));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            var scratch = new double[_network.ScratchLength];
            var delta = new double[_network.DeltaLength];
            var next = new double[_network.DeltaLength];
            int from = (int)((long)_count * c / chunks), to = (int)((long)_count * (c + 1) / chunks);
            for (int i = from; i < to; i++)
            {
                var row = j is null ? default : j.AsSpan(i * p, p);
                if (!double.IsFinite(_targets[i]))
                {
                    r[i] = 0;
                    row.Clear();
                    continue;
                }
                double y = _network.Forward(parameters, _features.AsSpan(i * d, d), scratch);
                r[i] = _weights[i] * (y - _targets[i]);
                if (j is not null) _network.Backward(parameters, scratch, _weights[i], row, delta, next);
            }
        });
        r.CopyTo(residuals);
        j?.CopyTo(jacobian);
    }
}
