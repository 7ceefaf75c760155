using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EqNet.Engine.Kernels;

/// <summary>
/// Matrix products for dense layers on row ranges, register-blocked 4 rows x 2 vectors with 512-bit FMA where the CPU
/// has it, 256-bit (<see cref="Gemm256{T}"/>) where it has AVX2; elsewhere row-wise axpy through System.Numerics.Tensors, vectorised at whatever width the CPU has. C = A B (+ bias) for the forward pass and input gradients; G += A^T D for weight gradients.
/// All matrices row-major.
/// </summary>
public static class Gemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly int Lanes = Vector512<T>.Count;

    /// <summary>
    /// Whether the register-blocked kernels run (512-bit, else 256-bit); otherwise rows are updated with vectorised
    /// axpy (any SIMD width).
    /// </summary>
    internal static bool UseWideKernels { get; set; } = Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    /// <summary>
    /// C[i, :] = bias + sum_p A[i, p] B[p, :] for rows [start, end); A is n x k, B is k x m, C is n x m. With
    /// <paramref name="accumulate"/> the product is added to C instead (bias ignored): gradients accumulate in place.
    /// </summary>
    public static void Multiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int start, int end, bool accumulate = false)
    {
        if (m == 1)
        {
            // A single output column (a network's last layer): one vectorised dot product per row.
            for (int i = start; i < end; i++)
            {
                T s = System.Numerics.Tensors.TensorPrimitives.Dot(a.Slice(i * k, k), b[..k]);
                c[i] = accumulate ? c[i] + s : (bias.IsEmpty ? s : s + bias[0]);
            }
            return;
        }
        int j0 = 0;
        if (!UseWideKernels)
        {
            // C[i, :] = bias + sum_p A[i, p] B[p, :], each term a vectorised axpy over the row.
            for (int i = start; i < end; i++)
            {
                var row = c.Slice(i * m, m);
                if (!accumulate)
                {
                    if (bias.IsEmpty) row.Clear();
                    else bias[..m].CopyTo(row);
                }
                for (int p = 0; p < k; p++) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.Slice(p * m, m), a[i * k + p], row, row);
            }
            return;
        }
        if (!Vector512.IsHardwareAccelerated) j0 = Gemm256<T>.Multiply(a, b, bias, c, k, m, start, end, accumulate);
        else
            for (; j0 + 2 * Lanes <= m; j0 += 2 * Lanes)
            {
                int i = start;
                for (; i + 4 <= end; i += 4) Block4x2(a, b, bias, c, k, m, i, j0, accumulate);
                for (; i < end; i++) Block1x2(a, b, bias, c, k, m, i, j0, accumulate);
            }
        for (int i = start; i < end; i++)
        {
            var row = a.Slice(i * k, k);
            for (int j = j0; j < m; j++)
            {
                T s = accumulate ? c[i * m + j] : bias.IsEmpty ? T.Zero : bias[j];
                for (int p = 0; p < k; p++) s += row[p] * b[p * m + j];
                c[i * m + j] = s;
            }
        }
    }

    /// <summary>G[p, :] += sum_i A[i, p] D[i, :] over rows [start, end); A is n x k, D is n x m, G is k x m; also bias[:] += sum_i D[i, :].</summary>
    public static void AddTransposedProduct(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, Span<T> biasGrad, int k, int m, int start, int end)
    {
        if (m == 1)
        {
            // A single output column: G += d[i] * A[i, :] row by row (contiguous, vectorised), bias gradient sum d.
            for (int i = start; i < end; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.Slice(i * k, k), d[i], g[..k], g[..k]);
            if (!biasGrad.IsEmpty) biasGrad[0] += System.Numerics.Tensors.TensorPrimitives.Sum(d[start..end]);
            return;
        }
        int j0 = 0;
        if (!UseWideKernels)
        {
            // G[p, :] += A[i, p] D[i, :] for every row i: vectorised axpy over D's row.
            for (int i = start; i < end; i++)
            {
                var drow = d.Slice(i * m, m);
                for (int p = 0; p < k; p++) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(drow, a[i * k + p], g.Slice(p * m, m), g.Slice(p * m, m));
                if (!biasGrad.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(biasGrad, drow, biasGrad);
            }
            return;
        }
        if (!Vector512.IsHardwareAccelerated) j0 = Gemm256<T>.AddTransposedProduct(a, d, g, k, m, start, end);
        else
            for (; j0 + 2 * Lanes <= m; j0 += 2 * Lanes)
            {
                int p = 0;
                for (; p + 4 <= k; p += 4) TransposedBlock4x2(a, d, g, k, m, p, j0, start, end);
                for (; p < k; p++) TransposedBlock1x2(a, d, g, k, m, p, j0, start, end);
            }
        for (int p = 0; p < k; p++)
            for (int j = j0; j < m; j++)
            {
                T s = T.Zero;
                for (int i = start; i < end; i++) s += a[i * k + p] * d[i * m + j];
                g[p * m + j] += s;
            }
        if (!biasGrad.IsEmpty)
            for (int i = start; i < end; i++)
                System.Numerics.Tensors.TensorPrimitives.Add(biasGrad, d.Slice(i * m, m), biasGrad);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> z)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int i, int j0, bool accumulate)
    {
        var c00 = bias.IsEmpty ? Vector512<T>.Zero : Vector512.Create(bias.Slice(j0, Lanes));
        var c01 = bias.IsEmpty ? Vector512<T>.Zero : Vector512.Create(bias.Slice(j0 + Lanes, Lanes));
        Vector512<T> c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        if (accumulate)
        {
            c00 = Vector512.Create(c.Slice(i * m + j0, Lanes)); c01 = Vector512.Create(c.Slice(i * m + j0 + Lanes, Lanes));
            c10 = Vector512.Create(c.Slice((i + 1) * m + j0, Lanes)); c11 = Vector512.Create(c.Slice((i + 1) * m + j0 + Lanes, Lanes));
            c20 = Vector512.Create(c.Slice((i + 2) * m + j0, Lanes)); c21 = Vector512.Create(c.Slice((i + 2) * m + j0 + Lanes, Lanes));
            c30 = Vector512.Create(c.Slice((i + 3) * m + j0, Lanes)); c31 = Vector512.Create(c.Slice((i + 3) * m + j0 + Lanes, Lanes));
        }
        var a0 = a.Slice(i * k, k);
        var a1 = a.Slice((i + 1) * k, k);
        var a2 = a.Slice((i + 2) * k, k);
        var a3 = a.Slice((i + 3) * k, k);
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector512.Create(b.Slice(p * m + j0, Lanes));
            var b1 = Vector512.Create(b.Slice(p * m + j0 + Lanes, Lanes));
            var x = Vector512.Create(a0[p]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a1[p]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a2[p]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a3[p]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
        }
        c00.CopyTo(c.Slice(i * m + j0)); c01.CopyTo(c.Slice(i * m + j0 + Lanes));
        c10.CopyTo(c.Slice((i + 1) * m + j0)); c11.CopyTo(c.Slice((i + 1) * m + j0 + Lanes));
        c20.CopyTo(c.Slice((i + 2) * m + j0)); c21.CopyTo(c.Slice((i + 2) * m + j0 + Lanes));
        c30.CopyTo(c.Slice((i + 3) * m + j0)); c31.CopyTo(c.Slice((i + 3) * m + j0 + Lanes));
    }

    private static void Block1x2(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int i, int j0, bool accumulate)
    {
        var c0 = accumulate ? Vector512.Create(c.Slice(i * m + j0, Lanes)) : bias.IsEmpty ? Vector512<T>.Zero : Vector512.Create(bias.Slice(j0, Lanes));
        var c1 = accumulate ? Vector512.Create(c.Slice(i * m + j0 + Lanes, Lanes)) : bias.IsEmpty ? Vector512<T>.Zero : Vector512.Create(bias.Slice(j0 + Lanes, Lanes));
        var row = a.Slice(i * k, k);
        for (int p = 0; p < k; p++)
        {
            var x = Vector512.Create(row[p]);
            c0 = Fma(x, Vector512.Create(b.Slice(p * m + j0, Lanes)), c0);
            c1 = Fma(x, Vector512.Create(b.Slice(p * m + j0 + Lanes, Lanes)), c1);
        }
        c0.CopyTo(c.Slice(i * m + j0));
        c1.CopyTo(c.Slice(i * m + j0 + Lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposedBlock4x2(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, int k, int m, int p, int j0, int start, int end)
    {
        Vector512<T> g00 = default, g01 = default, g10 = default, g11 = default, g20 = default, g21 = default, g30 = default, g31 = default;
        for (int i = start; i < end; i++)
        {
            var d0 = Vector512.Create(d.Slice(i * m + j0, Lanes));
            var d1 = Vector512.Create(d.Slice(i * m + j0 + Lanes, Lanes));
            var row = a.Slice(i * k + p, 4);
            var x = Vector512.Create(row[0]); g00 = Fma(x, d0, g00); g01 = Fma(x, d1, g01);
            x = Vector512.Create(row[1]); g10 = Fma(x, d0, g10); g11 = Fma(x, d1, g11);
            x = Vector512.Create(row[2]); g20 = Fma(x, d0, g20); g21 = Fma(x, d1, g21);
            x = Vector512.Create(row[3]); g30 = Fma(x, d0, g30); g31 = Fma(x, d1, g31);
        }
        Add(g, p * m + j0, g00, g01, Lanes);
        Add(g, (p + 1) * m + j0, g10, g11, Lanes);
        Add(g, (p + 2) * m + j0, g20, g21, Lanes);
        Add(g, (p + 3) * m + j0, g30, g31, Lanes);
    }

    private static void TransposedBlock1x2(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, int k, int m, int p, int j0, int start, int end)
    {
        Vector512<T> g0 = default, g1 = default;
        for (int i = start; i < end; i++)
        {
            var x = Vector512.Create(a[i * k + p]);
            g0 = Fma(x, Vector512.Create(d.Slice(i * m + j0, Lanes)), g0);
            g1 = Fma(x, Vector512.Create(d.Slice(i * m + j0 + Lanes, Lanes)), g1);
        }
        Add(g, p * m + j0, g0, g1, Lanes);
    }

    private static void Add(Span<T> g, int at, Vector512<T> low, Vector512<T> high, int lanes)
    {
        (Vector512.Create(g.Slice(at, lanes)) + low).CopyTo(g.Slice(at));
        (Vector512.Create(g.Slice(at + lanes, lanes)) + high).CopyTo(g.Slice(at + lanes));
    }
}
