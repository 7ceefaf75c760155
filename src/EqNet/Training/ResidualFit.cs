using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// The training loss as least squares: one residual per point and equation, w * (lhs - rhs) / S with the network's
/// outputs substituted and S (term scale, or the user's scale) taken at the current outputs without a derivative.
/// </summary>
/// <remarks>
/// S is taken where the Jacobian is evaluated and held for the trial steps that follow: the trial costs are then those
/// of the same weighted least-squares problem the step was computed for, so Levenberg-Marquardt's accept test is sound
/// even where the outputs are far off and S, which contains them, would otherwise move with every trial.
/// </remarks>
internal sealed class ResidualFit : ILeastSquaresProblem
{
    private readonly CompiledSystem _system;
    private readonly MagnitudeShapeNetwork _network;
    private readonly int _threads;
    private bool _scalesHeld;
    private double[] _outputs = [], _outputJacobian = [], _residuals = [], _termScales = [], _lossScales = [], _derivatives = [];

    public ResidualFit(CompiledSystem system, MagnitudeShapeNetwork network, TrainingSet set, int threads)
    {
        _system = system;
        _network = network;
        _threads = threads;
        _set = set;
    }

    private TrainingSet _set;

    /// <summary>The points; replaced when the trainer refreshes them.</summary>
    public TrainingSet Set
    {
        get => _set;
        set
        {
            _set = value;
            _scalesHeld = false;
        }
    }

    public int ParameterCount => _network.ParameterCount;

    public int ResidualCount => Set.Count * _system.EquationCount;

    public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
    {
        int n = Set.Count, o = _system.OutputCount, e = _system.EquationCount, p = ParameterCount;
        bool withJacobian = !jacobian.IsEmpty;
        Ensure(ref _outputs, n * o);
        Ensure(ref _residuals, n * e);
        Ensure(ref _termScales, n * e);
        Ensure(ref _lossScales, n * e);
        if (withJacobian)
        {
            Ensure(ref _outputJacobian, n * o * p);
            Ensure(ref _derivatives, n * e * o);
        }
        _network.Evaluate(parameters, Set.Features, n, _outputs, withJacobian ? _outputJacobian.AsSpan(0, n * o * p) : default, _threads);
        var points = _system.Join(Set.Inputs, _outputs, n);
        _system.Evaluate(points, n, _residuals, _termScales, withJacobian || !_scalesHeld ? _lossScales : default,
            withJacobian ? _derivatives.AsSpan(0, n * e * o) : default);
        if (withJacobian) _scalesHeld = true;
        var weights = _system.Weights;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < e; k++)
            {
                int row = i * e + k;
                double scale = _lossScales[row];
                double factor = weights[k] / (scale > 0 ? scale : 1);
                double r = _residuals[row] * factor;
                residuals[row] = double.IsFinite(r) ? r : double.NaN;
                if (!withJacobian) continue;
                var jrow = jacobian.Slice(row * p, p);
                jrow.Clear();
                for (int j = 0; j < o; j++)
                {
                    double g = _derivatives[row * o + j] * factor;
                    if (g != 0)
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_outputJacobian.AsSpan((i * o + j) * p, p), g, jrow, jrow);
                }
            }
        }
    }

    private static void Ensure(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[length];
    }
}
