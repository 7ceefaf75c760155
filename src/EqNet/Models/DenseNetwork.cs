using System.Runtime.CompilerServices;

namespace EqNet.Models;

/// <summary>
/// A fully connected tanh network with one linear output, evaluated one sample at a time in float64.
/// Per-sample evaluation is what Levenberg-Marquardt needs: each sample's gradient is one Jacobian row.
/// </summary>
/// <remarks>Parameter layout, layer by layer: weights (out x in, row-major), then biases (out).</remarks>
public sealed class DenseNetwork
{
    private readonly int[] _sizes;
    private readonly int[] _parameterOffsets;
    private readonly int[] _activationOffsets;

    /// <summary>Creates a network with the given input count and hidden widths, and one output.</summary>
    /// <param name="inputCount">Number of inputs.</param>
    /// <param name="hidden">Hidden widths.</param>
    /// <param name="linearSkip">Whether the output also gets a linear term v . input (its weights after the last bias).</param>
    public DenseNetwork(int inputCount, IReadOnlyList<int> hidden, bool linearSkip = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        _sizes = [inputCount, .. hidden, 1];
        _parameterOffsets = new int[_sizes.Length];
        _activationOffsets = new int[_sizes.Length];
        for (int l = 1; l < _sizes.Length; l++)
        {
            if (_sizes[l] < 1) throw new ArgumentException($"hidden layer {l} has width {_sizes[l]}; widths must be at least 1", nameof(hidden));
            _parameterOffsets[l] = ParameterCount;
            ParameterCount += _sizes[l] * _sizes[l - 1] + _sizes[l];
            _activationOffsets[l] = _activationOffsets[l - 1] + _sizes[l - 1];
        }
        LinearSkip = linearSkip;
        if (linearSkip) ParameterCount += inputCount;
        ScratchLength = _activationOffsets[^1] + 1;
        DeltaLength = _sizes.Max();
    }

    /// <summary>Number of inputs.</summary>
    public int InputCount => _sizes[0];

    /// <summary>Hidden widths.</summary>
    public IReadOnlyList<int> Hidden => _sizes[1..^1];

    /// <summary>
    /// Whether the output has a linear term in the inputs: a function linear in one feature (the shape of an output that
    /// is a smooth envelope times a periodic feature) is then exact, where tanh units only approach it.
    /// </summary>
    public bool LinearSkip { get; }

    /// <summary>Number of weights and biases (and linear-term weights).</summary>
    public int ParameterCount { get; }

    /// <summary>Length of the activation scratch that <see cref="Forward"/> fills.</summary>
    public int ScratchLength { get; }

    /// <summary>Length of each of the two delta buffers <see cref="Backward"/> needs.</summary>
    public int DeltaLength { get; }

    /// <summary>Fills <paramref name="parameters"/> with scaled normal weights (variance 1/fan-in) and zero biases.</summary>
    public void Initialize(Span<double> parameters, Random random, double lastLayerScale = 1)
    {
        for (int l = 1; l < _sizes.Length; l++)
        {
            int fanIn = _sizes[l - 1], width = _sizes[l];
            double scale = Math.Sqrt(1.0 / fanIn) * (l == _sizes.Length - 1 ? lastLayerScale : 1);
            var w = parameters.Slice(_parameterOffsets[l], width * fanIn);
            for (int k = 0; k < w.Length; k++) w[k] = scale * Gaussian.Next(random);
            parameters.Slice(_parameterOffsets[l] + width * fanIn, width).Clear();
        }
        if (LinearSkip) parameters.Slice(ParameterCount - InputCount, InputCount).Clear();
    }

    /// <summary>Evaluates one sample; keeps every layer's activations in <paramref name="scratch"/> for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> scratch)
    {
        input[..InputCount].CopyTo(scratch);
        int last = _sizes.Length - 1;
        for (int l = 1; l <= last; l++)
        {
            int fanIn = _sizes[l - 1], width = _sizes[l];
            var a = scratch.Slice(_activationOffsets[l - 1], fanIn);
            var z = scratch.Slice(_activationOffsets[l], width);
            var w = parameters.Slice(_parameterOffsets[l], width * fanIn);
            var b = parameters.Slice(_parameterOffsets[l] + width * fanIn, width);
            for (int k = 0; k < width; k++)
            {
                double s = b[k] + System.Numerics.Tensors.TensorPrimitives.Dot(w.Slice(k * fanIn, fanIn), a);
                z[k] = l == last ? s : Math.Tanh(s);
            }
        }
        if (LinearSkip) scratch[_activationOffsets[last]] += System.Numerics.Tensors.TensorPrimitives.Dot(parameters.Slice(ParameterCount - InputCount, InputCount), input[..InputCount]);
        return scratch[_activationOffsets[last]];
    }

    /// <summary>
    /// Evaluates a block of rows (see <see cref="RowBlock"/>): <paramref name="input"/> holds <see cref="InputCount"/>
    /// columns, <paramref name="result"/> receives the output column. Each unit is bias + (sum of weight x activation in
    /// input order), as <see cref="Forward"/> computes it but for the order of that sum (vectorised there).
    /// </summary>
    /// <param name="parameters">This network's parameters.</param>
    /// <param name="input">Input columns.</param>
    /// <param name="count">Rows in use.</param>
    /// <param name="a">Scratch of the widest layer's columns.</param>
    /// <param name="b">Scratch of the widest layer's columns.</param>
    /// <param name="result">One column.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ForwardBlock(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int count, Span<double> a, Span<double> b, Span<double> result)
    {
        const int rows = RowBlock.Rows;
        ReadOnlySpan<double> x = input;
        int last = _sizes.Length - 1;
        for (int l = 1; l <= last; l++)
        {
            int fanIn = _sizes[l - 1], width = _sizes[l];
            var z = l == last ? result : (l % 2 == 1 ? a : b);
            var w = parameters.Slice(_parameterOffsets[l], width * fanIn);
            var bias = parameters.Slice(_parameterOffsets[l] + width * fanIn, width);
            RowBlock.Layer(w, bias, x, count, z, l < last);
            x = z;
        }
        if (!LinearSkip) return;
        var skip = a.Slice(0, rows);
        RowBlock.Dot(parameters.Slice(ParameterCount - InputCount, InputCount), input, count, skip);
        for (int r = 0; r < count; r++) result[r] += skip[r];
    }

    /// <summary>
    /// Writes <paramref name="outputGradient"/> times d(output)/d(parameters) into <paramref name="gradient"/>,
    /// from the activations <see cref="Forward"/> left in <paramref name="scratch"/>.
    /// </summary>
    /// <remarks>When <paramref name="inputGradient"/> is not empty, <paramref name="outputGradient"/> times d(output)/d(input) is added to it.</remarks>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> scratch, double outputGradient,
        Span<double> gradient, Span<double> delta, Span<double> nextDelta, Span<double> inputGradient = default)
    {
        delta[0] = outputGradient;
        if (LinearSkip)
        {
            var input = scratch[..InputCount];
            System.Numerics.Tensors.TensorPrimitives.Multiply(input, outputGradient, gradient.Slice(ParameterCount - InputCount, InputCount));
            if (!inputGradient.IsEmpty)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameters.Slice(ParameterCount - InputCount, InputCount), outputGradient, inputGradient[..InputCount], inputGradient[..InputCount]);
        }
        for (int l = _sizes.Length - 1; l >= 1; l--)
        {
            int fanIn = _sizes[l - 1], width = _sizes[l];
            var a = scratch.Slice(_activationOffsets[l - 1], fanIn);
            var w = parameters.Slice(_parameterOffsets[l], width * fanIn);
            var gw = gradient.Slice(_parameterOffsets[l], width * fanIn);
            var gb = gradient.Slice(_parameterOffsets[l] + width * fanIn, width);
            for (int k = 0; k < width; k++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(a, delta[k], gw.Slice(k * fanIn, fanIn));
                gb[k] = delta[k];
            }
            if (l == 1 && inputGradient.IsEmpty) break;
            var nd = l == 1 ? inputGradient[..fanIn] : nextDelta[..fanIn];
            if (l > 1) nd.Clear();
            for (int k = 0; k < width; k++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w.Slice(k * fanIn, fanIn), delta[k], nd, nd);
            if (l == 1) break;
            for (int j = 0; j < fanIn; j++) nd[j] *= 1 - a[j] * a[j];
            nd.CopyTo(delta);
        }
    }
}
