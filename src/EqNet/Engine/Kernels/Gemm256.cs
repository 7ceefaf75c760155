using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EqNet.Engine.Kernels;

/// <summary>
/// The register-blocked kernels of <see cref="Gemm{T}"/> at 256 bits, for CPUs with AVX2 but not AVX-512: the same
/// 4 rows x 2 vectors blocks (eight accumulators of sixteen registers).
/// </summary>
/// <remarks>Kept as a copy of the 512-bit kernels: .NET has no public interface over vector widths to write them once.</remarks>
internal static class Gemm256<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly int Lanes = Vector256<T>.Count;

    /// <summary>C's columns [0, returned) for rows [start, end), in blocks of two vectors; the caller finishes the rest.</summary>
    public static int Multiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int start, int end, bool accumulate)
    {
        int j0 = 0;
        for (; j0 + 2 * Lanes <= m; j0 += 2 * Lanes)
        {
            int i = start;
            for (; i + 4 <= end; i += 4) Block4x2(a, b, bias, c, k, m, i, j0, accumulate);
            for (; i < end; i++) Block1x2(a, b, bias, c, k, m, i, j0, accumulate);
        }
        return j0;
    }

    /// <summary>G's columns [0, returned) over rows [start, end), in blocks of two vectors; the caller finishes the rest.</summary>
    public static int AddTransposedProduct(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, int k, int m, int start, int end)
    {
        int j0 = 0;
        for (; j0 + 2 * Lanes <= m; j0 += 2 * Lanes)
        {
            int p = 0;
            for (; p + 4 <= k; p += 4) TransposedBlock4x2(a, d, g, k, m, p, j0, start, end);
            for (; p < k; p++) TransposedBlock1x2(a, d, g, k, m, p, j0, start, end);
        }
        return j0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int i, int j0, bool accumulate)
    {
        var c00 = bias.IsEmpty ? Vector256<T>.Zero : Vector256.Create(bias.Slice(j0, Lanes));
        var c01 = bias.IsEmpty ? Vector256<T>.Zero : Vector256.Create(bias.Slice(j0 + Lanes, Lanes));
        Vector256<T> c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        if (accumulate)
        {
            c00 = Vector256.Create(c.Slice(i * m + j0, Lanes)); c01 = Vector256.Create(c.Slice(i * m + j0 + Lanes, Lanes));
            c10 = Vector256.Create(c.Slice((i + 1) * m + j0, Lanes)); c11 = Vector256.Create(c.Slice((i + 1) * m + j0 + Lanes, Lanes));
            c20 = Vector256.Create(c.Slice((i + 2) * m + j0, Lanes)); c21 = Vector256.Create(c.Slice((i + 2) * m + j0 + Lanes, Lanes));
            c30 = Vector256.Create(c.Slice((i + 3) * m + j0, Lanes)); c31 = Vector256.Create(c.Slice((i + 3) * m + j0 + Lanes, Lanes));
        }
        var a0 = a.Slice(i * k, k);
        var a1 = a.Slice((i + 1) * k, k);
        var a2 = a.Slice((i + 2) * k, k);
        var a3 = a.Slice((i + 3) * k, k);
        for (int p = 0; p < k; p++)
        {
            var b0 = Vector256.Create(b.Slice(p * m + j0, Lanes));
            var b1 = Vector256.Create(b.Slice(p * m + j0 + Lanes, Lanes));
            var x = Vector256.Create(a0[p]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a1[p]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a2[p]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a3[p]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
        }
        c00.CopyTo(c.Slice(i * m + j0)); c01.CopyTo(c.Slice(i * m + j0 + Lanes));
        c10.CopyTo(c.Slice((i + 1) * m + j0)); c11.CopyTo(c.Slice((i + 1) * m + j0 + Lanes));
        c20.CopyTo(c.Slice((i + 2) * m + j0)); c21.CopyTo(c.Slice((i + 2) * m + j0 + Lanes));
        c30.CopyTo(c.Slice((i + 3) * m + j0)); c31.CopyTo(c.Slice((i + 3) * m + j0 + Lanes));
    }

    private static void Block1x2(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c, int k, int m, int i, int j0, bool accumulate)
    {
        var c0 = accumulate ? Vector256.Create(c.Slice(i * m + j0, Lanes)) : bias.IsEmpty ? Vector256<T>.Zero : Vector256.Create(bias.Slice(j0, Lanes));
        var c1 = accumulate ? Vector256.Create(c.Slice(i * m + j0 + Lanes, Lanes)) : bias.IsEmpty ? Vector256<T>.Zero : Vector256.Create(bias.Slice(j0 + Lanes, Lanes));
        var row = a.Slice(i * k, k);
        for (int p = 0; p < k; p++)
        {
            var x = Vector256.Create(row[p]);
            c0 = Fma(x, Vector256.Create(b.Slice(p * m + j0, Lanes)), c0);
            c1 = Fma(x, Vector256.Create(b.Slice(p * m + j0 + Lanes, Lanes)), c1);
        }
        c0.CopyTo(c.Slice(i * m + j0));
        c1.CopyTo(c.Slice(i * m + j0 + Lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposedBlock4x2(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, int k, int m, int p, int j0, int start, int end)
    {
        Vector256<T> g00 = default, g01 = default, g10 = default, g11 = default, g20 = default, g21 = default, g30 = default, g31 = default;
        for (int i = start; i < end; i++)
        {
            var d0 = Vector256.Create(d.Slice(i * m + j0, Lanes));
            var d1 = Vector256.Create(d.Slice(i * m + j0 + Lanes, Lanes));
            var row = a.Slice(i * k + p, 4);
            var x = Vector256.Create(row[0]); g00 = Fma(x, d0, g00); g01 = Fma(x, d1, g01);
            x = Vector256.Create(row[1]); g10 = Fma(x, d0, g10); g11 = Fma(x, d1, g11);
            x = Vector256.Create(row[2]); g20 = Fma(x, d0, g20); g21 = Fma(x, d1, g21);
            x = Vector256.Create(row[3]); g30 = Fma(x, d0, g30); g31 = Fma(x, d1, g31);
        }
        Add(g, p * m + j0, g00, g01, Lanes);
        Add(g, (p + 1) * m + j0, g10, g11, Lanes);
        Add(g, (p + 2) * m + j0, g20, g21, Lanes);
        Add(g, (p + 3) * m + j0, g30, g31, Lanes);
    }

    private static void TransposedBlock1x2(ReadOnlySpan<T> a, ReadOnlySpan<T> d, Span<T> g, int k, int m, int p, int j0, int start, int end)
    {
        Vector256<T> g0 = default, g1 = default;
        for (int i = start; i < end; i++)
        {
            var x = Vector256.Create(a[i * k + p]);
            g0 = Fma(x, Vector256.Create(d.Slice(i * m + j0, Lanes)), g0);
            g1 = Fma(x, Vector256.Create(d.Slice(i * m + j0 + Lanes, Lanes)), g1);
        }
        Add(g, p * m + j0, g0, g1, Lanes);
    }

    private static void Add(Span<T> g, int at, Vector256<T> low, Vector256<T> high, int lanes)
    {
        (Vector256.Create(g.Slice(at, lanes)) + low).CopyTo(g.Slice(at));
        (Vector256.Create(g.Slice(at + lanes, lanes)) + high).CopyTo(g.Slice(at + lanes));
    }
}
