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
    /// <summary>
    /// Tile 6 x 16, panels padded to 48 (both divide it). Chunk: rows per pass, so that a 16-wide panel (16 KB) and a
    /// 6-wide one (6 KB) sit together in a 32 KB L1 while a tile accumulates; 256 rows (a 32 KB panel, tuned on a
    /// 48 KB-L1 core) measured 0.6 to 0.7x OpenBLAS dsyrk on Zen 4 (`eqnet bench lm`).
    /// </summary>
    private const int Rows = 6, Cols = 16, Pad = 48, Chunk = 128, RowTilesPerBlock = 32;

    /// <summary>Forms A = J^T J (n x n, full) and g = J^T r from row-major J (m x n).</summary>
    public static void Build(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g, int threads)
    {
        if (n <= SmallSystem)
        {
            BuildSmall(jacobian, residuals, m, n, a, g);
            return;
        }
        int np = Padded(n);
        var syrk = new Syrk(np, Chunk, threads);
        var acc = new double[np * np];
        Array.Clear(g, 0, n);
        for (int c0 = 0; c0 < m; c0 += Chunk)
        {
            int rows = Math.Min(Chunk, m - c0);
            var chunk = jacobian.Slice(c0 * n, rows * n);
            for (int k = 0; k < rows; k++)
                TensorPrimitives.MultiplyAdd(chunk.Slice(k * n, n), residuals[c0 + k], g.AsSpan(0, n), g.AsSpan(0, n));
            syrk.AddUpper(chunk, n, rows, n, acc, 0, np, negate: false);
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

    private static int Padded(int n) => (n + Pad - 1) / Pad * Pad;

    /// <summary>
    /// target[p, q] += (or -=) sum_k x[k, p] x[k, q] over the tiles that touch the upper triangle, x being rows x cols
    /// (row stride given), target row-major with leading dimension ld and room for the padded width: the symmetric
    /// rank-k update (BLAS dsyrk) shared by J^T J and the Cholesky factorisation's trailing update.
    /// </summary>
    private sealed class Syrk(int maxWidth, int maxRows, int threads)
    {
        private readonly double[] _narrow = new double[maxRows * maxWidth], _wide = new double[maxRows * maxWidth];
        private readonly int _threads = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);

        public void AddUpper(ReadOnlySpan<double> x, int stride, int rows, int cols, double[] target, int offset, int ld, bool negate)
        {
            int width = Padded(cols);
            Pack(x, stride, cols, width, rows, _narrow, Rows, negate);
            Pack(x, stride, cols, width, rows, _wide, Cols, false);
            int t = Math.Min(_threads, width / Cols);
            // Fewer than ~10^6 multiply-adds: a second thread costs more to start than it saves.
            if ((long)rows * width * width < 2_000_000) t = 1;
            var owners = ColumnOwners(width, t);
            if (t == 1) AccumulateUpper(_narrow, _wide, rows, width, target, offset, ld, owners[0]);
            else
            {
                var (narrow, wide) = (_narrow, _wide);
                Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, part => AccumulateUpper(narrow, wide, rows, width, target, offset, ld, owners[part]));
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

    /// <summary>x (rows x cols, row stride given) as panels of <paramref name="panelWidth"/> columns, zero-padded to width: panel b holds rows x panelWidth values, row by row.</summary>
    private static void Pack(ReadOnlySpan<double> x, int stride, int cols, int width, int rows, double[] panels, int panelWidth, bool negate)
    {
        for (int b = 0; b < width / panelWidth; b++)
        {
            int first = b * panelWidth, count = Math.Clamp(cols - first, 0, panelWidth);
            var panel = panels.AsSpan(b * rows * panelWidth, rows * panelWidth);
            if (count < panelWidth) panel.Clear();
            for (int k = 0; k < rows && count > 0; k++)
            {
                var row = panel.Slice(k * panelWidth, count);
                if (negate) TensorPrimitives.Negate(x.Slice(k * stride + first, count), row);
                else x.Slice(k * stride + first, count).CopyTo(row);
            }
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
    private static void AccumulateUpper(double[] narrow, double[] wide, int rows, int width, double[] acc, int offset, int np, int[] columnBlocks)
    {
        for (int block = 0; block < width; block += Rows * RowTilesPerBlock)
        {
            foreach (int q0 in columnBlocks)
            {
                var q = wide.AsSpan(q0 / Cols * rows * Cols, rows * Cols);
                for (int p0 = block; p0 < Math.Min(width, block + Rows * RowTilesPerBlock) && p0 < q0 + Cols; p0 += Rows)
                {
                    var p = narrow.AsSpan(p0 / Rows * rows * Rows, rows * Rows);
                    var target = acc.AsSpan(offset + p0 * np + q0);
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
    public static bool CholeskySolve(double[] a, double[] b, int n, int threads = 1)
    {
        if (!CholeskyFactor(a, n, threads)) return false;
        SolveFactored(a, b, n);
        return true;
    }

    /// <summary>Overwrites the lower triangle of A (n x n) with its Cholesky factor L; false if A is not positive definite.</summary>
    /// <remarks>
    /// Large matrices are factored blocked and right-looking (LAPACK's dpotrf order, on the upper triangle U = L^T of a
    /// padded copy, so U's block rows are contiguous): per block of <see cref="PanelRows"/> rows, the diagonal block
    /// and the block row to its right are factored with row operations, then the trailing matrix takes the rank-k
    /// update -U_k^T U_k through the same register-tiled kernel as J^T J, which does most of the n^3 / 6 multiply-adds.
    /// Small ones use a column-blocked dot-product form. Every entry is computed by one thread in a fixed order, so the
    /// factor does not depend on the thread count's timing.
    /// </remarks>
    public static bool CholeskyFactor(double[] a, int n, int threads = 1) =>
        n >= 2 * PanelRows ? FactorBlocked(a, n, threads) : FactorByDots(a, n, threads);

    /// <summary>Rows per block of the blocked factorisation: a multiple of the padding (48), so trailing tiles stay inside the padded copy.</summary>
    private const int PanelRows = 96;

    private static bool FactorBlocked(double[] a, int n, int threads)
    {
        int np = Padded(n);
        var w = new double[np * np];
        for (int i = 0; i < n; i++) a.AsSpan(i * n + i, n - i).CopyTo(w.AsSpan(i * np + i));
        var syrk = new Syrk(np, PanelRows, threads);
        int t = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        for (int k0 = 0; k0 < n; k0 += PanelRows)
        {
            int k1 = Math.Min(k0 + PanelRows, n);
            // Diagonal block, right-looking within it: U[r, r] and U[r, r+1..k1).
            for (int r = k0; r < k1; r++)
            {
                double d = w[r * np + r];
                if (!(d > 0)) return false;
                d = Math.Sqrt(d);
                w[r * np + r] = d;
                var row = w.AsSpan(r * np + r + 1, k1 - r - 1);
                TensorPrimitives.Divide(row, d, row);
                for (int r2 = r + 1; r2 < k1; r2++)
                {
                    var target = w.AsSpan(r2 * np + r2, k1 - r2);
                    TensorPrimitives.MultiplyAdd(w.AsSpan(r * np + r2, k1 - r2), -w[r * np + r2], target, target);
                }
            }
            if (k1 == n) break;
            // Block row U[k0..k1, k1..n) = U_kk^-T A[k0..k1, k1..n): forward substitution on whole rows, columns split across threads.
            int cols = n - k1, parts = cols >= 256 ? Math.Min(t, cols / 128) : 1;
            void Solve(int part)
            {
                int c0 = k1 + cols * part / parts, c1 = k1 + cols * (part + 1) / parts;
                for (int r = k0; r < k1; r++)
                {
                    var row = w.AsSpan(r * np + c0, c1 - c0);
                    TensorPrimitives.Divide(row, w[r * np + r], row);
                    for (int r2 = r + 1; r2 < k1; r2++)
                    {
                        var target = w.AsSpan(r2 * np + c0, c1 - c0);
                        TensorPrimitives.MultiplyAdd(row, -w[r * np + r2], target, target);
                    }
                }
            }
            if (parts == 1) Solve(0);
            else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, Solve);
            // Trailing update A[k1.., k1..] -= U[k0..k1, k1..]^T U[k0..k1, k1..] (upper tiles only).
            syrk.AddUpper(w.AsSpan(k0 * np + k1), np, k1 - k0, cols, w, k1 * np + k1, np, negate: true);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = w[j * np + i];
        return true;
    }

    private static bool FactorByDots(double[] a, int n, int threads)
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
        // L^T x = y by columns of L^T, i.e. rows of L: contiguous, so the update is one vectorised axpy per row
        // instead of a strided walk down a column.
        for (int i = n - 1; i >= 0; i--)
        {
            double x = b[i] / a[i * n + i];
            b[i] = x;
            TensorPrimitives.MultiplyAdd(a.AsSpan(i * n, i), -x, b.AsSpan(0, i), b.AsSpan(0, i));
        }
    }
}
