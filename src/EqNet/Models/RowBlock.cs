using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
