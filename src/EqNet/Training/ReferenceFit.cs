using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// A warm start for coupled or implicit systems: fit every output to reference solutions (explicit formulas, else Newton's
/// roots at the training points), each relative to its own scale, before the residual fit takes over. Points without a
/// reference (Newton did not converge) are left out.
/// </summary>
internal sealed class ReferenceFit : ILeastSquaresProblem
{
    private readonly MagnitudeShapeNetwork _network;
    private readonly TrainingSet _set;
    private readonly double[] _references, _scales;
    private readonly int _threads;
    private readonly double[] _outputs;

    /// <param name="network">The network.</param>
    /// <param name="set">Training points.</param>
    /// <param name="references">Row-major n x outputs; NaN where unknown.</param>
    /// <param name="scales">Row-major n x outputs: what an output's error is measured against.</param>
    /// <param name="threads">Worker threads.</param>
    public ReferenceFit(MagnitudeShapeNetwork network, TrainingSet set, double[] references, double[] scales, int threads)
    {
        _network = network;
        _set = set;
        _references = references;
        _scales = scales;
        _threads = threads;
        _outputs = new double[set.Count * network.OutputCount];
    }

    public int ParameterCount => _network.ParameterCount;

    public int ResidualCount => _set.Count * _network.OutputCount;

    public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
    {
        int p = ParameterCount;
        _network.Evaluate(parameters, _set.Features, _set.Count, _outputs, jacobian, _threads);
        for (int r = 0; r < ResidualCount; r++)
        {
            double reference = _references[r], scale = _scales[r];
            bool known = double.IsFinite(reference) && scale > 0;
            residuals[r] = known ? (_outputs[r] - reference) / scale : 0;
            if (jacobian.IsEmpty) continue;
            var row = jacobian.Slice(r * p, p);
            if (known) System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1 / scale, row);
            else row.Clear();
        }
    }
}
