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
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.Count > 1)
        {
            var (vb1, vb2, va, vb) = (new Vector<T>(beta1), new Vector<T>(beta2), new Vector<T>(one - beta1), new Vector<T>(one - beta2));
            var (vstep, veps, vdecay) = (new Vector<T>(step), new Vector<T>(epsilon), new Vector<T>(learningRate * weightDecay));
            for (; i + Vector<T>.Count <= parameters.Length; i += Vector<T>.Count)
            {
                var g = new Vector<T>(gradient[i..]);
                var mi = vb1 * new Vector<T>(m[i..]) + va * g;
                var vi = vb2 * new Vector<T>(v[i..]) + vb * g * g;
                var p = new Vector<T>(parameters[i..]);
                p -= vstep * mi / (Vector.SquareRoot(vi) + veps) + vdecay * p;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                p.CopyTo(parameters[i..]);
            }
        }
        for (; i < parameters.Length; i++)
        {
            T g = gradient[i];
            m[i] = beta1 * m[i] + (one - beta1) * g;
            v[i] = beta2 * v[i] + (one - beta2) * g * g;
            parameters[i] -= step * m[i] / (T.Sqrt(v[i]) + epsilon) + learningRate * weightDecay * parameters[i];
        }
    }
}
