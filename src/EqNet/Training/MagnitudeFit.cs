using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// Fits one magnitude m to a target (the log of the defining equation's term scale, of a difference head's part, or
/// of a reference solution) before anything else, so the joint fit starts with the decades in place. Only that
/// magnitude's parameters move; magnitudes share none, so each is its own (smaller) least-squares problem.
/// </summary>
internal sealed class MagnitudeFit : ILeastSquaresProblem
{
    private readonly MagnitudeShapeNetwork _network;
    private readonly double[] _full;
    private readonly double[] _features;
    private readonly double[] _targets;
    private readonly int _count, _threads, _index;
    private readonly double[] _magnitudes;
    private readonly double[] _teacher;
    private readonly ParameterView _view;
    private readonly (int Offset, int Length) _range;
    private double[] _fullJacobian = [];

    /// <param name="network">The network.</param>
    /// <param name="parameters">Full parameter vector; magnitude parameters are written back into it by <see cref="Scatter"/>.</param>
    /// <param name="features">Features of the fitting points.</param>
    /// <param name="index">Which magnitude (an entry of <see cref="MagnitudeShapeNetwork.MagnitudeParameterRanges"/>).</param>
    /// <param name="targets">One per point; NaN where the magnitude has no target.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="teacher">Reference outputs (count x outputs) for outputs that see other outputs.</param>
    /// <param name="frozen">Parameters (full-vector ranges) held where they are (see <see cref="AdditiveUnits.Frozen"/>); null: none.</param>
    public MagnitudeFit(MagnitudeShapeNetwork network, double[] parameters, int index, double[] features, double[] targets, int count, int threads, double[] teacher,
        IReadOnlyList<(int Offset, int Length)>? frozen = null)
    {
        _index = index;
        _teacher = teacher;
        _network = network;
        _full = parameters;
        _range = network.MagnitudeParameterRanges[index];
        _view = new ParameterView(parameters, frozen is { Count: > 0 } ? AdditiveUnits.Without([_range], frozen) : [_range]);
        _features = features;
        _targets = targets;
        _count = count;
        _threads = threads;
        ParameterCount = _view.Count;
        ResidualCount = count;
        _magnitudes = new double[ResidualCount];
    }

    public int ParameterCount { get; }

    public int ResidualCount { get; }

    /// <summary>The magnitude parameters, gathered from the full vector.</summary>
    public double[] Gather() => _view.Gather();

    /// <summary>Writes magnitude parameters back into the full vector.</summary>
    public void Scatter(ReadOnlySpan<double> x) => _view.Scatter(x);

    public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
    {
        Scatter(parameters);
        bool compact = !jacobian.IsEmpty && ParameterCount < _range.Length;
        if (compact && _fullJacobian.Length < _count * _range.Length) _fullJacobian = new double[_count * _range.Length];
        _network.EvaluateMagnitude(_index, _full, _features, _count, _magnitudes, compact ? _fullJacobian.AsSpan(0, _count * _range.Length) : jacobian, _threads, _teacher);
        if (compact)
        {
            // The moving columns only, in view order.
            for (int r = 0; r < _count; r++)
            {
                int at = 0;
                foreach (var (offset, length) in _view.Ranges)
                {
                    _fullJacobian.AsSpan(r * _range.Length + offset - _range.Offset, length).CopyTo(jacobian.Slice(r * ParameterCount + at, length));
                    at += length;
                }
            }
        }
        for (int r = 0; r < ResidualCount; r++)
        {
            double target = _targets[r];
            if (double.IsNaN(target))
            {
                residuals[r] = 0;
                if (!jacobian.IsEmpty) jacobian.Slice(r * ParameterCount, ParameterCount).Clear();
            }
            else
            {
                residuals[r] = _magnitudes[r] - target;
            }
        }
    }
}
