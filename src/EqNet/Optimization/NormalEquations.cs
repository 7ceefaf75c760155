using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EqNet.Optimization;

/// <summary>J^T J and J^T r, and a Cholesky solve: the linear algebra of one Levenberg-Marquardt step.</summary>
/// <remarks>
/// J^T J dominates a step (rows x parameters^2 multiply-adds), so it is blocked like a matrix product: rows are taken
/// in chunks, each chunk is packed twice into contiguous column panels (6 wide and 16 wide, zero-padded), and each
/// 6 x 16 tile of the upper triangle is accumulated in twelve registers (512-bit, or two passes of 256-bit) while the
/// panels stream sequentially. Columns are taken in blocks whose 6-wide panels stay in the core's L2 cache. Threads
/// own fixed 16-column blocks of one accumulator, so every entry is summed by one thread in one order: the result
/// does not depend on timing or thread count.
/// </remarks>
internal static class NormalEquations
{
    private const int Rows = 6, Cols = 16, Pad = 48, Chunk = 256, RowTilesPerBlock = 32;

    /// <summary>Forms A = J^T J (n x n, full) and g = J^T r from row-major J (m x n).</summary>
    public static void Build(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g, int threads)
    {
        if (n <= SmallSystem)
        {
            BuildSmall(jacobian, residuals, m, n, a, g);
            return;
        }
        int np = (n + Pad - 1) / Pad * Pad;
        int t = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, np / Cols));
        var owners = ColumnOwners(np, t);
        var acc = new double[np * np];
        var narrow = new double[Chunk * np];
        var wide = new double[Chunk * np];
        Array.Clear(g, 0, n);
        for (int c0 = 0; c0 < m; c0 += Chunk)
        {
            int rows = Math.Min(Chunk, m - c0);
            Pack(jacobian, n, np, c0, rows, narrow, Rows);
            Pack(jacobian, n, np, c0, rows, wide, Cols);
            for (int k = 0; k < rows; k++)
                TensorPrimitives.MultiplyAdd(jacobian.Slice((c0 + k) * n, n), residuals[c0 + k], g.AsSpan(0, n), g.AsSpan(0, n));
            if (t == 1) AccumulateUpper(narrow, wide, rows, np, acc, owners[0]);
            else Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, part => AccumulateUpper(narrow, wide, rows, np, acc, owners[part]));
        }
        for (int p = 0; p < n; p++)
        {
            for (int q = p; q < n; q++)
            {
                double s = acc[p * np + q];
                a[p * n + q] = s;
                a[q * n + p] = s;
            }
        }
    }

    /// <summary>
    /// Largest n built by plain loops: below a panel's width the packing and padding cost more than they save, and
    /// Newton's polish forms one such system per point (one to a few unknowns) every iteration.
    /// </summary>
    private const int SmallSystem = 8;

    private static void BuildSmall(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g)
    {
        Array.Clear(a, 0, n * n);
        Array.Clear(g, 0, n);
        for (int i = 0; i < m; i++)
        {
            var row = jacobian.Slice(i * n, n);
            double r = residuals[i];
            for (int p = 0; p < n; p++)
            {
                double v = row[p];
                g[p] += v * r;
                for (int q = p; q < n; q++) a[p * n + q] += v * row[q];
            }
        }
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) a[q * n + p] = a[p * n + q];
    }

    /// <summary>Rows c0.. of J as panels of <paramref name="width"/> columns: panel b holds rows x width values, row by row.</summary>
    private static void Pack(ReadOnlySpan<double> jacobian, int n, int np, int c0, int rows, double[] panels, int width)
    {
        for (int b = 0; b < np / width; b++)
        {
            int first = b * width, count = Math.Clamp(n - first, 0, width);
            var panel = panels.AsSpan(b * rows * width, rows * width);
            if (count < width) panel.Clear();
            for (int k = 0; k < rows && count > 0; k++)
                jacobian.Slice((c0 + k) * n + first, count).CopyTo(panel.Slice(k * width, count));
        }
    }

    /// <summary>Column blocks per thread, dealt so each gets about the same share of the upper triangle.</summary>
    private static int[][] ColumnOwners(int np, int threads)
    {
        var lists = Enumerable.Range(0, threads).Select(_ => new List<int>()).ToArray();
        var work = new long[threads];
        for (int q0 = np - Cols; q0 >= 0; q0 -= Cols)
        {
            int least = Array.IndexOf(work, work.Min());
            lists[least].Add(q0);
            work[least] += q0 + Cols;
        }
        return lists.Select(l => l.Order().ToArray()).ToArray();
    }

    /// <summary>acc[p, q] += sum_k x[k, p] x[k, q] for the tiles of the given 16-column blocks that touch the upper triangle.</summary>
    private static void AccumulateUpper(double[] narrow, double[] wide, int rows, int np, double[] acc, int[] columnBlocks)
    {
        for (int block = 0; block < np; block += Rows * RowTilesPerBlock)
        {
            foreach (int q0 in columnBlocks)
            {
                var q = wide.AsSpan(q0 / Cols * rows * Cols, rows * Cols);
                for (int p0 = block; p0 < Math.Min(np, block + Rows * RowTilesPerBlock) && p0 < q0 + Cols; p0 += Rows)
                {
                    var p = narrow.AsSpan(p0 / Rows * rows * Rows, rows * Rows);
                    var target = acc.AsSpan(p0 * np + q0);
                    if (Vector512.IsHardwareAccelerated) Tile512(p, q, rows, np, target);
                    else if (Vector256.IsHardwareAccelerated) { Tile256(p, q, 0, rows, np, target); Tile256(p, q, 8, rows, np, target); }
                    else TileScalar(p, q, rows, np, target);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile512(ReadOnlySpan<double> p, ReadOnlySpan<double> q, int rows, int np, Span<double> target)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        fixed (double* pp = p, pq = q, pt = target)
        {
            double* ap = pp, bp = pq;
            for (int k = 0; k < rows; k++, ap += Rows, bp += Cols)
            {
                var b0 = Vector512.Load(bp);
                var b1 = Vector512.Load(bp + 8);
                var a0 = Vector512.Create(ap[0]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(ap[1]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(ap[2]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(ap[3]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(ap[4]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(ap[5]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            }
            Add(pt + 0 * np, c00, c01);
            Add(pt + 1 * np, c10, c11);
            Add(pt + 2 * np, c20, c21);
            Add(pt + 3 * np, c30, c31);
            Add(pt + 4 * np, c40, c41);
            Add(pt + 5 * np, c50, c51);
        }
    }

    /// <summary>Columns <paramref name="half"/>..half+7 of a 6 x 16 tile in twelve 256-bit registers (AVX2 has sixteen).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile256(ReadOnlySpan<double> p, ReadOnlySpan<double> q, int half, int rows, int np, Span<double> target)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        fixed (double* pp = p, pq = q, pt = target)
        {
            double* ap = pp, bp = pq + half;
            for (int k = 0; k < rows; k++, ap += Rows, bp += Cols)
            {
                var b0 = Vector256.Load(bp);
                var b1 = Vector256.Load(bp + 4);
                var a0 = Vector256.Create(ap[0]);
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(ap[1]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(ap[2]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(ap[3]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(ap[4]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(ap[5]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }
            double* at = pt + half;
            Add(at + 0 * np, c00, c01);
            Add(at + 1 * np, c10, c11);
            Add(at + 2 * np, c20, c21);
            Add(at + 3 * np, c30, c31);
            Add(at + 4 * np, c40, c41);
            Add(at + 5 * np, c50, c51);
        }
    }

    private static unsafe void Add(double* target, Vector256<double> low, Vector256<double> high)
    {
        (Vector256.Load(target) + low).Store(target);
        (Vector256.Load(target + 4) + high).Store(target + 4);
    }

    private static unsafe void Add(double* target, Vector512<double> low, Vector512<double> high)
    {
        (Vector512.Load(target) + low).Store(target);
        (Vector512.Load(target + 8) + high).Store(target + 8);
    }

    private static void TileScalar(ReadOnlySpan<double> p, ReadOnlySpan<double> q, int rows, int np, Span<double> target)
    {
        for (int k = 0; k < rows; k++)
        {
            for (int i = 0; i < Rows; i++)
            {
                double v = p[k * Rows + i];
                if (v == 0) continue;
                var row = target.Slice(i * np, Cols);
                TensorPrimitives.MultiplyAdd(q.Slice(k * Cols, Cols), v, row, row);
            }
        }
    }

    private const int Block = 64;

    /// <summary>Solves A x = b in place (A is overwritten by its Cholesky factor); false if A is not positive definite.</summary>
    /// <remarks>
    /// Blocked by columns: each block of rows below the diagonal is brought up to date with dot products of contiguous
    /// rows (split across threads), then the small diagonal block is factored. Same arithmetic per entry whatever the
    /// thread count, so results are reproducible.
    /// </remarks>
    public static bool CholeskySolve(double[] a, double[] b, int n, int threads = 1)
    {
        if (!CholeskyFactor(a, n, threads)) return false;
        SolveFactored(a, b, n);
        return true;
    }

    /// <summary>Overwrites the lower triangle of A (n x n) with its Cholesky factor L; false if A is not positive definite.</summary>
    public static bool CholeskyFactor(double[] a, int n, int threads = 1)
    {
        int t = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        for (int j0 = 0; j0 < n; j0 += Block)
        {
            int width = Math.Min(Block, n - j0);
            // Diagonal block first (rows j0..j0+width), column by column.
            for (int j = j0; j < j0 + width; j++)
            {
                var rowJ = a.AsSpan(j * n, j);
                double d = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
                if (!(d > 0)) return false;
                d = Math.Sqrt(d);
                a[j * n + j] = d;
                for (int i = j + 1; i < j0 + width; i++)
                    a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.AsSpan(i * n, j), rowJ)) / d;
            }
            // Rows below: each needs the whole finished block column; rows are independent of one another.
            int below = n - (j0 + width);
            if (below <= 0) continue;
            int parts = below < 128 ? 1 : t;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                for (int i = j0 + width + part; i < n; i += parts)
                {
                    var rowI = a.AsSpan(i * n, n);
                    for (int j = j0; j < j0 + width; j++)
                        rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], a.AsSpan(j * n, j))) / a[j * n + j];
                }
            });
        }
        return true;
    }

    /// <summary>Solves L L^T x = b in place, L from <see cref="CholeskyFactor"/>.</summary>
    public static void SolveFactored(double[] a, double[] b, int n)
    {
        for (int i = 0; i < n; i++) b[i] = (b[i] - TensorPrimitives.Dot(a.AsSpan(i * n, i), b.AsSpan(0, i))) / a[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
    }
}
