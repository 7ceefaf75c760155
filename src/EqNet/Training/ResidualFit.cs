using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// The training loss as least squares: one residual per point and equation of a block, w * (lhs - rhs) / S with the
/// network's outputs substituted and S (term scale, or the user's scale) taken at the current outputs without a
/// derivative. The parameters are those of the block's outputs; other outputs enter as they are.
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
    private readonly double[] _full;
    private readonly SystemBlock _block;
    private readonly (int Offset, int Length)[] _ranges;
    private readonly ParameterView _view;
    private readonly bool[] _moving;
    private readonly double[]? _caps;
    private bool _scalesHeld;
    private double[] _outputs = [], _outputJacobian = [], _residuals = [], _termScales = [], _lossScales = [], _derivatives = [];
    private TrainingSet _set;

    /// <param name="system">The compiled equations.</param>
    /// <param name="network">The network.</param>
    /// <param name="set">Training points.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="block">Which equations are residuals and whose parameters move.</param>
    /// <param name="parameters">The full parameter vector; the block's part is written back by <see cref="Scatter"/>.</param>
    /// <param name="frozen">Parameters (full-vector ranges) held where they are (see <see cref="AdditiveUnits.Frozen"/>); null: none.</param>
    /// <param name="caps">Per equation, the floor of the loss scale relative to the outputs' sensitivity (see <see cref="ConditioningCap"/>); null: none.</param>
    public ResidualFit(CompiledSystem system, MagnitudeShapeNetwork network, TrainingSet set, int threads, SystemBlock block, double[] parameters,
        IReadOnlyList<(int Offset, int Length)>? frozen = null, double[]? caps = null)
    {
        _caps = caps is not null && caps.Any(c => c > 0) ? caps : null;
        _system = system;
        _network = network;
        _threads = threads;
        _set = set;
        _block = block;
        _full = parameters;
        _ranges = block.Outputs.Select(network.OutputParameterRange).ToArray();
        if (frozen is { Count: > 0 }) _ranges = AdditiveUnits.Without(_ranges, frozen);
        _moving = Enumerable.Range(0, network.OutputCount).Select(block.Outputs.Contains).ToArray();
        _view = new ParameterView(parameters, _ranges);
        ParameterCount = _view.Count;
    }

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

    public int ParameterCount { get; }

    public int ResidualCount => Set.Count * _block.Equations.Count;

    /// <summary>The block's parameters, from the full vector.</summary>
    public double[] Gather() => _view.Gather();

    /// <summary>Writes the block's parameters into the full vector.</summary>
    public void Scatter(ReadOnlySpan<double> x) => _view.Scatter(x);

    public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
    {
        Scatter(parameters);
        int n = Set.Count, o = _system.OutputCount, e = _system.EquationCount, all = _network.ParameterCount, p = ParameterCount;
        bool withJacobian = !jacobian.IsEmpty;
        Ensure(ref _outputs, n * o);
        Ensure(ref _residuals, n * e);
        Ensure(ref _termScales, n * e);
        Ensure(ref _lossScales, n * e);
        bool rescale = withJacobian || !_scalesHeld;
        bool derivatives = withJacobian || rescale && _caps is not null;
        if (withJacobian) Ensure(ref _outputJacobian, n * o * all);
        if (derivatives) Ensure(ref _derivatives, n * e * o);
        _network.Evaluate(_full, Set.Features, n, _outputs, withJacobian ? _outputJacobian.AsSpan(0, n * o * all) : default, _threads, default, _moving);
        var points = _system.Join(Set.Inputs, _outputs, n);
        _system.Evaluate(points, n, _residuals, _termScales, rescale ? _lossScales : default,
            derivatives ? _derivatives.AsSpan(0, n * e * o) : default);
        if (rescale && _caps is not null) Cap(n, e, o);
        if (withJacobian) _scalesHeld = true;
        var weights = _system.Weights;
        var equations = _block.Equations;
        int be = equations.Count;
        for (int i = 0; i < n; i++)
        {
            // Non-finite outputs are the network's own failure (weights blown up): they stay NaN and the trainer recovers.
            bool outputsFinite = true;
            for (int j = 0; j < o; j++) outputsFinite &= double.IsFinite(_outputs[i * o + j]);
            for (int q = 0; q < be; q++)
            {
                int k = equations[q], source = i * e + k, row = i * be + q;
                double scale = _lossScales[source];
                double factor = weights[k] / (scale > 0 ? scale : 1);
                double r = _residuals[source] * factor;
                // A point whose residual is not finite at finite outputs (a computed unknown outside its equation's
                // domain while the torn ones are still far off) counts as wrong as a scale-relative residual can be, |r| / S = 1, with
                // no slope: it neither stops the fit nor pays to move there.
                bool finite = double.IsFinite(r);
                residuals[row] = finite ? r : outputsFinite ? weights[k] : double.NaN;
                if (!withJacobian) continue;
                var jrow = jacobian.Slice(row * p, p);
                jrow.Clear();
                if (!finite) continue;
                foreach (int j in _block.Outputs)
                {
                    double g = _derivatives[source * o + j] * factor;
                    if (g == 0 || !double.IsFinite(g)) continue;
                    var outputRow = _outputJacobian.AsSpan((i * o + j) * all, all);
                    int at = 0;
                    foreach (var (offset, length) in _ranges)
                    {
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(outputRow.Slice(offset, length), g, jrow.Slice(at, length), jrow.Slice(at, length));
                        at += length;
                    }
                }
            }
        }
    }

    /// <summary>Floors each loss scale at its equation's cap times the outputs' sensitivity (see <see cref="ConditioningCap"/>).</summary>
    private void Cap(int n, int e, int o)
    {
        for (int i = 0; i < n; i++)
        {
            var outputs = _outputs.AsSpan(i * o, o);
            for (int k = 0; k < e; k++)
                if (_caps![k] > 0)
                    _lossScales[i * e + k] = Math.Max(_lossScales[i * e + k], _caps[k] * ConditioningCap.Sensitivity(outputs, _derivatives.AsSpan((i * e + k) * o, o)));
        }
    }

    private static void Ensure(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[length];
    }
}
