using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// Stochastic gradient descent with momentum: velocity v = momentum v + g, then a step along v (classic) or along
/// g + momentum v (Nesterov, which looks ahead and damps oscillation). Same convention as PyTorch's SGD.
/// </summary>
public sealed class SgdMomentum : FirstOrderOptimizer
{
    /// <summary>Creates SGD with momentum for <paramref name="parameterCount"/> parameters.</summary>
    public SgdMomentum(int parameterCount, double momentum = 0.9, bool nesterov = false)
        : base(parameterCount)
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        (Momentum, Nesterov) = (momentum, nesterov);
    }

    /// <summary>Fraction of the velocity kept from one step to the next.</summary>
    public double Momentum { get; }

    /// <summary>True for Nesterov's accelerated variant.</summary>
    public bool Nesterov { get; }

    private protected override int BufferCount => 1;

    private protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, T[][] buffers)
    {
        Span<T> velocity = buffers[0];
        var momentum = T.CreateTruncating(Momentum);
        var minusRate = T.CreateTruncating(-learningRate);
        // v = momentum v + g (the first step starts from v = 0, so v = g as in PyTorch).
        TensorPrimitives.MultiplyAdd(velocity, momentum, gradient, velocity);
        if (Nesterov)
        {
            TensorPrimitives.MultiplyAdd(gradient, minusRate, parameters, parameters);
            TensorPrimitives.MultiplyAdd(velocity, minusRate * momentum, parameters, parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(velocity, minusRate, parameters, parameters);
        }
    }
}
