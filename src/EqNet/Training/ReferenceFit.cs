using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// A warm start for coupled or implicit systems: fit every output to reference solutions (explicit formulas, else Newton's
/// roots at the training points), each relative to its own scale, before the residual fit takes over. Points without a
/// reference (Newton did not converge) are left out. One output at a time: the outputs' networks are separate, so each
/// gets its own damping and a Jacobian of its own parameters only.
/// </summary>
internal sealed class ReferenceFit : ILeastSquaresProblem
{
    private readonly MagnitudeShapeNetwork _network;
    private readonly TrainingSet _set;
    private readonly double[] _references, _scales;
    private readonly int _threads;
    private readonly double[] _outputs;
    private readonly double[] _teacher;
    private readonly ParameterView _view;
    private readonly int _output, _offset;
    private double[] _full = [], _fullJacobian = [];

    /// <param name="network">The network.</param>
    /// <param name="set">Training points.</param>
    /// <param name="references">Row-major n x outputs; NaN where unknown.</param>
    /// <param name="scales">Row-major n x outputs: what an output's error is measured against.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="output">The output fitted.</param>
    /// <param name="parameters">The full parameter vector; only this output's part moves (see <see cref="Scatter"/>).</param>
    public ReferenceFit(MagnitudeShapeNetwork network, TrainingSet set, double[] references, double[] scales, int threads, int output, double[] parameters)
    {
        _output = output;
        (_offset, ParameterCount) = network.OutputParameterRange(output);
        _view = new ParameterView(parameters, [(_offset, ParameterCount)]);
        _full = parameters;
        _teacher = references.Select(v => double.IsFinite(v) ? v : 0).ToArray();
        _network = network;
        _set = set;
        _references = references;
        _scales = scales;
        _threads = threads;
        _outputs = new double[set.Count * network.OutputCount];
    }

    public int ParameterCount { get; }

    public int ResidualCount => _set.Count;

    /// <summary>This output's parameters, from the full vector.</summary>
    public double[] Gather() => _view.Gather();

    /// <summary>Writes this output's parameters back into the full vector.</summary>
    public void Scatter(ReadOnlySpan<double> x) => _view.Scatter(x);

    /// <summary>t with y = min + (max - min) sigmoid(t); infinite on a bound.</summary>
    private static double Logit(OutputHead head, double y)
    {
        double s = (y - head.Min) / (head.Max - head.Min);
        return Math.Log(s / (1 - s));
    }

    /// <summary>dy/dt at value <paramref name="y"/>.</summary>
    private static double DerivativeOfValue(OutputHead head, double y)
    {
        double w = head.Max - head.Min, s = (y - head.Min) / w;
        return w * s * (1 - s);
    }

    public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
    {
        int p = ParameterCount, all = _network.ParameterCount, o = _network.OutputCount;
        Scatter(parameters);
        if (!jacobian.IsEmpty && _fullJacobian.Length < (long)_set.Count * o * all) _fullJacobian = new double[(long)_set.Count * o * all];
        _network.Evaluate(_full, _set.Features, _set.Count, _outputs, jacobian.IsEmpty ? default : _fullJacobian, _threads, _teacher);
        var head = _network.Heads[_output];
        for (int i = 0; i < _set.Count; i++)
        {
            int at = i * o + _output;
            double reference = _references[at], scale = _scales[at];
            bool known = double.IsFinite(reference) && scale > 0;
            double residual = 0, slope = 0;
            if (known && head.Kind == OutputHeadKind.Interval)
            {
                // In the sigmoid's argument t, not relative to the value: a reference of 1e-13 in [0, 1] is then 30 away
                // from a start near 0.5, not 1e13 of itself, and no step pays for driving t to a saturated extreme.
                double target = Logit(head, reference), z = Logit(head, _outputs[at]);
                known = double.IsFinite(target);
                residual = z - target;
                slope = 1 / DerivativeOfValue(head, _outputs[at]);
            }
            else if (known && head.Kind == OutputHeadKind.Affine)
            {
                // In the shape's units: the head asks for an absolute precision, so no point weighs 1 / |y| where y crosses 0.
                double half = (head.Max - head.Min) / 2;
                residual = (_outputs[at] - reference) / half;
                slope = 1 / half;
            }
            else if (known)
            {
                residual = (_outputs[at] - reference) / scale;
                slope = 1 / scale;
            }
            residuals[i] = known ? residual : 0;
            if (jacobian.IsEmpty) continue;
            var row = jacobian.Slice(i * p, p);
            if (known) System.Numerics.Tensors.TensorPrimitives.Multiply(_fullJacobian.AsSpan(at * all + _offset, p), slope, row);
            else row.Clear();
        }
    }
}
