using System.Numerics;

namespace EqNet.Optimization;

/// <summary>
/// A gradient-step optimiser over a fixed-length parameter vector, keeping its own state (moments, velocity).
/// Steps update the parameters in place, allocate nothing after the first step, and use SIMD kernels.
/// </summary>
/// <remarks>
/// An instance holds state for one precision: the first <c>Step</c> decides whether it works on float or double.
/// </remarks>
public abstract class FirstOrderOptimizer
{
    private Array[]? _buffers;

    private protected FirstOrderOptimizer(int parameterCount)
    {
        if (parameterCount < 1)
            throw new ArgumentException(
                $"{GetType().Name} was given {parameterCount} parameters; an optimiser needs at least one parameter to update " +
                "(check that the model has weights before creating its optimiser)", nameof(parameterCount));
        ParameterCount = parameterCount;
    }

    /// <summary>Length of the parameter and gradient vectors every step expects.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of steps taken since construction or the last <see cref="Reset"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>Moves <paramref name="parameters"/> one step against <paramref name="gradient"/>.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate) =>
        StepCore(parameters, gradient, learningRate);

    /// <summary>Moves float <paramref name="parameters"/> one step against <paramref name="gradient"/>.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, double learningRate) =>
        StepCore(parameters, gradient, learningRate);

    /// <summary>Forgets all state (moments, velocity, step count), as if newly created.</summary>
    public void Reset()
    {
        _buffers = null;
        StepCount = 0;
    }

    /// <summary>Number of per-parameter state vectors the algorithm keeps (scratch included).</summary>
    private protected abstract int BufferCount { get; }

    /// <summary>One update; <paramref name="buffers"/> are zeroed before the first step; <see cref="StepCount"/> already counts this step.</summary>
    private protected abstract void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, T[][] buffers)
        where T : unmanaged, IFloatingPointIeee754<T>;

    private void StepCore<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Length != ParameterCount || gradient.Length != ParameterCount)
            throw new ArgumentException(
                $"{GetType().Name}.Step: parameters have length {parameters.Length} and gradient length {gradient.Length}, " +
                $"but this optimiser was created for {ParameterCount} parameters");
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate,
                $"{GetType().Name}.Step: the learning rate must be finite and not negative");
        var buffers = Buffers<T>();
        StepCount++;
        Update(parameters, gradient, learningRate, buffers);
    }

    private T[][] Buffers<T>()
    {
        if (_buffers is T[][] typed) return typed;
        if (_buffers is not null)
            throw new InvalidOperationException(
                $"{GetType().Name} holds state for {_buffers.GetType().GetElementType()!.GetElementType()!.Name} parameters and cannot step " +
                $"{typeof(T).Name} parameters; create one optimiser per precision (or call Reset first)");
        var created = new T[BufferCount][];
        for (int k = 0; k < created.Length; k++) created[k] = new T[ParameterCount];
        _buffers = created;
        return created;
    }
}
