using System.Numerics;

namespace EqNet.Engine.Kernels;

/// <summary>One Adam (or AdamW, with decoupled weight decay) update over spans, in place, allocation-free.</summary>
public static class AdamKernel
{
    /// <summary>Updates <paramref name="parameters"/> with step number <paramref name="t"/> (1-based).</summary>
    public static void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> m, Span<T> v, T learningRate, T beta1, T beta2, T epsilon, int t, T weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Length == 0) throw new EngineException("adam: no parameters to update");
        if (gradient.Length != parameters.Length || m.Length != parameters.Length || v.Length != parameters.Length)
            throw new EngineException($"adam: {parameters.Length} parameters but {gradient.Length} gradients, {m.Length} and {v.Length} moments");
        T one = T.One;
        T c1 = one - T.Pow(beta1, T.CreateChecked(t)), c2 = one - T.Pow(beta2, T.CreateChecked(t));
        T step = learningRate * T.Sqrt(c2) / c1;
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            m[i] = beta1 * m[i] + (one - beta1) * g;
            v[i] = beta2 * v[i] + (one - beta2) * g * g;
            parameters[i] -= step * m[i] / (T.Sqrt(v[i]) + epsilon) + learningRate * weightDecay * parameters[i];
        }
    }
}
