using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EqNet.Models;

/// <summary>
/// The arithmetic of batch prediction over a block of rows stored column by column (value i of row r at
/// <c>i * <see cref="Rows"/> + r</c>): one vector lane per row, so every row's dot product is summed on its own,
/// in plain index order from zero, one IEEE multiply and one IEEE add per term (no fused multiply-add, which .NET
/// never contracts to on its own). That order is the one the exported C# file writes out loop by loop and the ONNX
/// graph node by node, which is what makes them agree with EqNet to the last bit (C#) or to the transcendental
/// functions' last ulps (ONNX).
/// </summary>
/// <remarks>
/// These kernels, and the other methods of batch and CSV prediction marked <see cref="MethodImplOptions.AggressiveOptimization"/>,
/// are optimised from their first call: an <c>eqnet predict</c> process ends about when tiered compilation would have
/// promoted them (the network stage of a 1,000,000-row CSV measured about 0.8 CPU-s tiered, 0.7 marked).
/// </remarks>
internal static class RowBlock
{
    /// <summary>
    /// Rows per block. 256 rows of the widest layer (16 units, 32 KB) and of the features stay in L1/L2 while every
    /// unit reads them; larger blocks measured no faster and leave less to share among threads.
    /// </summary>
    public const int Rows = 256;

    /// <summary>
    /// <paramref name="result"/>[r] = sum_i <paramref name="weights"/>[i] * x[i][r] for r below <paramref name="count"/>
    /// (and the padding rows up to a multiple of four vectors, whatever they hold), summed in i order from 0.
    /// </summary>
    /// <param name="weights">One weight per column of <paramref name="x"/>.</param>
    /// <param name="x">Columns of <see cref="Rows"/> values each.</param>
    /// <param name="count">Rows in use.</param>
    /// <param name="result"><see cref="Rows"/> values.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot(ReadOnlySpan<double> weights, ReadOnlySpan<double> x, int count, Span<double> result)
    {
        int n = weights.Length, lanes = Vector<double>.Count;
        if (x.Length < n * Rows || result.Length < Rows) throw new ArgumentException("block buffers too short");
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double rs = ref MemoryMarshal.GetReference(result);
        int r = 0;
        // Four vectors of rows at a time: four independent chains of adds keep the adder busy.
        // Rows is a multiple of four vectors of any width .NET has (up to 8 doubles), so the last group stays in the block.
        for (; r < count; r += 4 * lanes)
        {
            Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < n; i++)
            {
                var w = new Vector<double>(weights[i]);
                ref double column = ref Unsafe.Add(ref xs, i * Rows + r);
                s0 += w * Vector.LoadUnsafe(ref column);
                s1 += w * Vector.LoadUnsafe(ref column, (nuint)lanes);
                s2 += w * Vector.LoadUnsafe(ref column, (nuint)(2 * lanes));
                s3 += w * Vector.LoadUnsafe(ref column, (nuint)(3 * lanes));
            }
            s0.StoreUnsafe(ref Unsafe.Add(ref rs, r));
            s1.StoreUnsafe(ref Unsafe.Add(ref rs, r + lanes));
            s2.StoreUnsafe(ref Unsafe.Add(ref rs, r + 2 * lanes));
            s3.StoreUnsafe(ref Unsafe.Add(ref rs, r + 3 * lanes));
        }
    }

    /// <summary>
    /// A dense layer over the block: z_k[r] = <paramref name="biases"/>[k] + sum_i w_ki x_i[r], then tanh if asked, for
    /// every unit k (weights row-major, unit by unit) and r below <paramref name="count"/> (and the padding rows up to a
    /// multiple of four vectors, whatever they hold): <see cref="Dot"/> then <see cref="AddBias"/>, the same operations
    /// in the same order, but with the bias and tanh taken while the rows are still in registers, and 512-bit vectors
    /// where the CPU runs them natively (no lane reads another, so the width changes no bit).
    /// </summary>
    /// <param name="weights">width x fanIn weights, row-major.</param>
    /// <param name="biases">One bias per unit (width).</param>
    /// <param name="x">fanIn columns of <see cref="Rows"/> values.</param>
    /// <param name="count">Rows in use.</param>
    /// <param name="z">width columns of <see cref="Rows"/> values.</param>
    /// <param name="tanh">Whether to take tanh (<see cref="VectorTanh"/>) after the bias.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Layer(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> x, int count, Span<double> z, bool tanh)
    {
        int width = biases.Length, fanIn = width == 0 ? 0 : weights.Length / width;
        if (weights.Length != width * fanIn || x.Length < fanIn * Rows || z.Length < width * Rows) throw new ArgumentException("layer buffers do not match");
        if (Vector512.IsHardwareAccelerated) Layer512(weights, biases, x, count, z, tanh, fanIn);
        else LayerVector(weights, biases, x, count, z, tanh, fanIn);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Layer512(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> x, int count, Span<double> z, bool tanh, int fanIn)
    {
        const int lanes = 8;
        ref double xs = ref MemoryMarshal.GetReference(x);
        for (int k = 0; k < biases.Length; k++)
        {
            var w = weights.Slice(k * fanIn, fanIn);
            var bias = Vector512.Create(biases[k]);
            ref double zs = ref MemoryMarshal.GetReference(z.Slice(k * Rows, Rows));
            // Rows is a multiple of four vectors, so the last group stays in the block.
            for (int r = 0; r < count; r += 4 * lanes)
            {
                Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int i = 0; i < w.Length; i++)
                {
                    var wi = Vector512.Create(w[i]);
                    ref double column = ref Unsafe.Add(ref xs, i * Rows + r);
                    s0 += wi * Vector512.LoadUnsafe(ref column);
                    s1 += wi * Vector512.LoadUnsafe(ref column, lanes);
                    s2 += wi * Vector512.LoadUnsafe(ref column, 2 * lanes);
                    s3 += wi * Vector512.LoadUnsafe(ref column, 3 * lanes);
                }
                s0 = bias + s0;
                s1 = bias + s1;
                s2 = bias + s2;
                s3 = bias + s3;
                if (tanh)
                {
                    s0 = VectorTanh.Of(s0);
                    s1 = VectorTanh.Of(s1);
                    s2 = VectorTanh.Of(s2);
                    s3 = VectorTanh.Of(s3);
                }
                s0.StoreUnsafe(ref zs, (nuint)r);
                s1.StoreUnsafe(ref zs, (nuint)(r + lanes));
                s2.StoreUnsafe(ref zs, (nuint)(r + 2 * lanes));
                s3.StoreUnsafe(ref zs, (nuint)(r + 3 * lanes));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LayerVector(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> x, int count, Span<double> z, bool tanh, int fanIn)
    {
        int lanes = Vector<double>.Count;
        ref double xs = ref MemoryMarshal.GetReference(x);
        for (int k = 0; k < biases.Length; k++)
        {
            var w = weights.Slice(k * fanIn, fanIn);
            var bias = new Vector<double>(biases[k]);
            ref double zs = ref MemoryMarshal.GetReference(z.Slice(k * Rows, Rows));
            for (int r = 0; r < count; r += 4 * lanes)
            {
                Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int i = 0; i < w.Length; i++)
                {
                    var wi = new Vector<double>(w[i]);
                    ref double column = ref Unsafe.Add(ref xs, i * Rows + r);
                    s0 += wi * Vector.LoadUnsafe(ref column);
                    s1 += wi * Vector.LoadUnsafe(ref column, (nuint)lanes);
                    s2 += wi * Vector.LoadUnsafe(ref column, (nuint)(2 * lanes));
                    s3 += wi * Vector.LoadUnsafe(ref column, (nuint)(3 * lanes));
                }
                s0 = bias + s0;
                s1 = bias + s1;
                s2 = bias + s2;
                s3 = bias + s3;
                if (tanh && Vector.IsHardwareAccelerated)
                {
                    s0 = VectorTanh.Of(s0);
                    s1 = VectorTanh.Of(s1);
                    s2 = VectorTanh.Of(s2);
                    s3 = VectorTanh.Of(s3);
                }
                s0.StoreUnsafe(ref zs, (nuint)r);
                s1.StoreUnsafe(ref zs, (nuint)(r + lanes));
                s2.StoreUnsafe(ref zs, (nuint)(r + 2 * lanes));
                s3.StoreUnsafe(ref zs, (nuint)(r + 3 * lanes));
            }
            // Without vector hardware, tanh row by row (VectorTanh.Apply's own fallback).
            if (tanh && !Vector.IsHardwareAccelerated) VectorTanh.Apply(z.Slice(k * Rows, count));
        }
    }

    /// <summary><paramref name="values"/>[r] = <paramref name="bias"/> + <paramref name="values"/>[r], then tanh if asked (<see cref="VectorTanh"/>), for r below <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBias(Span<double> values, double bias, bool tanh, int count)
    {
        var v = values[..count];
        for (int r = 0; r < v.Length; r++) v[r] = bias + v[r];
        if (tanh) VectorTanh.Apply(v);
    }

    /// <summary>Copies row-major <paramref name="count"/> x <paramref name="width"/> values into columns of <see cref="Rows"/>; the padding rows get zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToColumns(ReadOnlySpan<double> rowMajor, int count, int width, Span<double> columns)
    {
        for (int i = 0; i < width; i++)
        {
            var column = columns.Slice(i * Rows, Rows);
            for (int r = 0; r < count; r++) column[r] = rowMajor[r * width + i];
            column[count..].Clear();
        }
    }
}
