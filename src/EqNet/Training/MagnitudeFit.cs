using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// Fits each output's magnitude m to a target (the log of the defining equation's term scale) before anything else,
/// so the joint fit starts with the decades in place. Only the magnitude parameters move.
/// </summary>
internal sealed class MagnitudeFit : ILeastSquaresProblem
{
    private readonly MagnitudeShapeNetwork _network;
    private readonly double[] _full;
    private readonly double[] _features;
    private readonly double[] _targets;
    private readonly int _count, _threads;
    private readonly double[] _magnitudes;
    private readonly double[] _teacher;
    private readonly ParameterView _view;

    /// <param name="network">The network.</param>
    /// <param name="parameters">Full parameter vector; magnitude parameters are written back into it by <see cref="Scatter"/>.</param>
    /// <param name="features">Features of the fitting points.</param>
    /// <param name="targets">Row-major count x magnitudes; NaN where a magnitude has no target.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="teacher">Reference outputs (count x outputs) for outputs that see other outputs.</param>
    public MagnitudeFit(MagnitudeShapeNetwork network, double[] parameters, double[] features, double[] targets, int count, int threads, double[] teacher)
    {
        _teacher = teacher;
        _network = network;
        _full = parameters;
        _view = new ParameterView(parameters, network.MagnitudeParameterRanges);
        _features = features;
        _targets = targets;
        _count = count;
        _threads = threads;
        ParameterCount = network.MagnitudeParameterRanges.Sum(r => r.Length);
        ResidualCount = count * network.MagnitudeParameterRanges.Count;
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
        _network.EvaluateMagnitudes(_full, _features, _count, _magnitudes, jacobian, _threads, _teacher);
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
