using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, which shrinks parameters by
/// learningRate x weightDecay each step instead of adding an L2 term to the gradient (where Adam's scaling would distort it).
/// </summary>
public sealed class AdamW : FirstOrderOptimizer
{
    /// <summary>Creates AdamW for <paramref name="parameterCount"/> parameters; defaults follow PyTorch.</summary>
    public AdamW(int parameterCount, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameterCount)
    {
        AdamUpdate.Validate(beta1, beta2, epsilon);
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "AdamW's weight decay must be finite and not negative");
        (WeightDecay, Beta1, Beta2, Epsilon) = (weightDecay, beta1, beta2, epsilon);
    }

    /// <summary>Fraction of each parameter removed per unit learning rate per step.</summary>
    public double WeightDecay { get; }

    /// <summary>Decay rate of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment (uncentred variance) estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment so that flat directions do not get huge steps.</summary>
    public double Epsilon { get; }

    private protected override int BufferCount => AdamUpdate.BufferCount;

    private protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, T[][] buffers)
    {
        if (WeightDecay > 0) TensorPrimitives.Multiply(parameters, T.CreateTruncating(1 - learningRate * WeightDecay), parameters);
        AdamUpdate.Apply(parameters, gradient, learningRate, StepCount, Beta1, Beta2, Epsilon, buffers);
    }
}
