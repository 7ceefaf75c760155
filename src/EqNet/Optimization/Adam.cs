using System.Numerics;

namespace EqNet.Optimization;

/// <summary>Adam (Kingma and Ba): steps scaled by running first and second moments of the gradient, with bias correction.</summary>
public sealed class Adam : FirstOrderOptimizer
{
    /// <summary>Creates Adam for <paramref name="parameterCount"/> parameters with the usual defaults.</summary>
    public Adam(int parameterCount, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameterCount)
    {
        AdamUpdate.Validate(beta1, beta2, epsilon);
        (Beta1, Beta2, Epsilon) = (beta1, beta2, epsilon);
    }

    /// <summary>Decay rate of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment (uncentred variance) estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment so that flat directions do not get huge steps.</summary>
    public double Epsilon { get; }

    private protected override int BufferCount => AdamUpdate.BufferCount;

    private protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, T[][] buffers) =>
        AdamUpdate.Apply(parameters, gradient, learningRate, StepCount, Beta1, Beta2, Epsilon, buffers);
}
