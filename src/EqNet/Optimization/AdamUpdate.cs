using System.Numerics;
using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>The Adam moment update and bias-corrected step shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamUpdate
{
    public const int BufferCount = 3;

    /// <remarks>
    /// Bias correction is folded into the step size and epsilon: lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt v + eps sqrt(1-b2^t))
    /// equals lr m_hat / (sqrt v_hat + eps) exactly, and saves two passes over the vectors.
    /// </remarks>
    public static void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, long step,
        double beta1, double beta2, double epsilon, T[][] buffers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> m = buffers[0], v = buffers[1], scratch = buffers[2];
        TensorPrimitives.Multiply(m, T.CreateTruncating(beta1), m);
        TensorPrimitives.MultiplyAdd(gradient, T.CreateTruncating(1 - beta1), m, m);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Multiply(v, T.CreateTruncating(beta2), v);
        TensorPrimitives.MultiplyAdd(scratch, T.CreateTruncating(1 - beta2), v, v);
        double correction2 = Math.Sqrt(1 - Math.Pow(beta2, step));
        double size = learningRate * correction2 / (1 - Math.Pow(beta1, step));
        TensorPrimitives.Sqrt(v, scratch);
        TensorPrimitives.Add(scratch, T.CreateTruncating(epsilon * correction2), scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, T.CreateTruncating(-size), parameters, parameters);
    }

    public static void Validate(double beta1, double beta2, double epsilon)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Adam's beta1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Adam's beta2 must be in [0, 1)");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Adam's epsilon must be positive");
    }
}
