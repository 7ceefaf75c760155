using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace EqNet.Optimization;

/// <summary>J^T J and J^T r, and a Cholesky solve: the linear algebra of one Levenberg-Marquardt step.</summary>
/// <remarks>
/// J^T J dominates a step (rows x parameters^2 multiply-adds); it and the Cholesky factorisation's trailing updates go
/// through one kernel, <see cref="SymmetricRankUpdate"/> (BLAS dsyrk after Goto and van de Geijn), whose sums do not
/// depend on the thread count.
/// </remarks>
internal static class NormalEquations
{
    /// <summary>
    /// Forms the upper triangle of A = J^T J (n x n, row-major: A[p, q] for q &gt;= p) and g = J^T r from row-major J
    /// (m x n). The entries below A's diagonal are not written: every reader (<see cref="CholeskyFactor"/>, the damping
    /// on the diagonal) reads only the upper triangle, as a BLAS dsyrk with uplo = Upper writes only it, and at 5,000
    /// parameters mirroring it into the lower triangle cost a column-strided scatter over 100 MB.
    /// </summary>
    public static unsafe void Build(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g, int threads)
    {
        if (n <= SmallSystem)
        {
            BuildSmall(jacobian, residuals, m, n, a, g);
            return;
        }
        int panels = SymmetricRankUpdate.Padded(n) / SymmetricRankUpdate.Width;
        var update = new SymmetricRankUpdate(threads);
        int length = checked((int)SymmetricRankUpdate.PanelStart(panels));
        if (s_triangle is null || s_triangle.Length - s_triangleOffset < length) s_triangle = SymmetricRankUpdate.AlignedArray(length, out s_triangleOffset);
        var acc = s_triangle.AsSpan(s_triangleOffset, length);
        if (m == 0) acc.Clear();
        Array.Clear(g, 0, n);
        fixed (double* pj = jacobian)
        fixed (double* pr = residuals)
        fixed (double* pg = g)
        fixed (double* pa = acc)
            update.Add(pj, n, m, n, pa, SymmetricRankUpdate.PanelMajor, negate: false, pr, pg, fresh: true);
        CopyUpper(s_triangle, s_triangleOffset, a, n, update.Threads);
    }

    /// <summary>
    /// The calling thread's panel-major triangle, kept between calls and overwritten (not cleared) by the first slab:
    /// a fresh one a call cost a pinned allocation, its zeroing and its page faults (16 MB at 2,000 parameters) every
    /// step, and training forms normal matrices of one size thousands of times.
    /// </summary>
    [ThreadStatic] private static double[]? s_triangle;
    [ThreadStatic] private static int s_triangleOffset;

    /// <summary>
    /// The upper triangle of a (n x n, row-major) from the one held panel-major in u from <paramref name="offset"/> on
    /// (see <see cref="SymmetricRankUpdate.PanelMajor"/>), 24 rows at a time: each 24 x 24 block is one contiguous read,
    /// and the writes advance along 24 rows of a. Threads take every t-th band of rows (each entry is a copy, so the
    /// result does not depend on the split).
    /// </summary>
    private static unsafe void CopyUpper(double[] u, int offset, double[] a, int n, int threads)
    {
        int bands = SymmetricRankUpdate.Padded(n) / SymmetricRankUpdate.Width;
        // Below a few hundred parameters the copy is a few microseconds, less than starting a second thread.
        int parts = n < 512 ? 1 : Math.Min(threads, bands);
        fixed (double* pu = &u[offset])
        fixed (double* pa = a)
        {
            if (parts == 1) CopyBands(pu, pa, n, 0, 1);
            else
            {
                nint su = (nint)pu, sa = (nint)pa;
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part => CopyBands((double*)su, (double*)sa, n, part, parts));
            }
        }
    }

    /// <summary>Bands first, first + step, ... of <see cref="CopyUpper"/>: rows 24 b .. 24 b + 23 of a's upper triangle.</summary>
    private static unsafe void CopyBands(double* u, double* a, int n, int first, int step)
    {
        const int W = SymmetricRankUpdate.Width;
        int panels = SymmetricRankUpdate.Padded(n) / W;
        for (int band = first; band < panels; band += step)
        {
            int rows = Math.Min(W, n - band * W);
            for (int q = band; q < panels; q++)
            {
                // Row p = 24 band + i of column panel q, columns 24 q .. 24 q + 23.
                double* block = u + SymmetricRankUpdate.PanelStart(q) + (long)band * W * W;
                int c0 = q * W, width = Math.Min(W, n - c0);
                for (int i = 0; i < rows; i++)
                {
                    int p = band * W + i, skip = q == band ? i : 0;
                    double* source = block + i * W, target = a + (long)p * n + c0;
                    if (width == W && skip == 0)
                    {
                        Vector256.Store(Vector256.Load(source), target);
                        Vector256.Store(Vector256.Load(source + 4), target + 4);
                        Vector256.Store(Vector256.Load(source + 8), target + 8);
                        Vector256.Store(Vector256.Load(source + 12), target + 12);
                        Vector256.Store(Vector256.Load(source + 16), target + 16);
                        Vector256.Store(Vector256.Load(source + 20), target + 20);
                    }
                    else new ReadOnlySpan<double>(source + skip, width - skip).CopyTo(new Span<double>(target + skip, width - skip));
                }
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
        for (int p = 0; p < n; p++) Array.Clear(a, p * n + p, n - p);
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
    }

    private const int Block = 64;

    /// <summary>Solves A x = b in place (A, read from its upper triangle, is overwritten by its Cholesky factor); false if A is not positive definite.</summary>
    public static bool CholeskySolve(double[] a, double[] b, int n, int threads = 1)
    {
        if (!CholeskyFactor(a, n, threads)) return false;
        SolveFactored(a, b, n);
        return true;
    }

    /// <summary>
    /// Overwrites the lower triangle of A (n x n) with its Cholesky factor L, reading A from its upper triangle only (as
    /// <see cref="Build"/> leaves it); false if A is not positive definite.
    /// </summary>
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

    /// <summary>Rows per block of the blocked factorisation: a multiple of the panel width (24), so trailing tiles stay inside the padded copy.</summary>
    private const int PanelRows = 96;

    private static unsafe bool FactorBlocked(double[] a, int n, int threads)
    {
        int np = SymmetricRankUpdate.Padded(n);
        if (s_padded is null || s_padded.Length - s_paddedOffset < np * np) s_padded = SymmetricRankUpdate.AlignedArray(np * np, out s_paddedOffset);
        var w = s_padded.AsSpan(s_paddedOffset, np * np);
        // Only the upper triangle is read (the lower cells of the diagonal tiles take the trailing updates but are never
        // read), so a reused buffer needs only its padding columns cleared.
        for (int i = 0; i < n; i++)
        {
            a.AsSpan(i * n + i, n - i).CopyTo(w[(i * np + i)..]);
            w.Slice(i * np + n, np - n).Clear();
        }
        var update = new SymmetricRankUpdate(threads);
        int t = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        var lower = new double[PanelRows * PanelRows];
        fixed (double* pw = w)
        fixed (double* pLower = lower)
        {
            for (int k0 = 0; k0 < n; k0 += PanelRows)
            {
                int k1 = Math.Min(k0 + PanelRows, n);
                if (!FactorDiagonalBlock(w, np, k0, k1)) return false;
                if (k1 == n) break;
                int cols = n - k1, nb = k1 - k0, strips = (np - k1) / SymmetricRankUpdate.Width;
                for (int i = 0; i < nb; i++)
                    for (int j = 0; j <= i; j++) lower[i * nb + j] = w[(k0 + j) * np + k0 + i];
                int parts = Math.Min(t, strips / 4);
                nint pwn = (nint)pw, pl = (nint)pLower;
                if (parts <= 1) SolveBlockRow((double*)pwn, np, (double*)pl, nb, k0, k1, k1 + strips * SymmetricRankUpdate.Width);
                else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
                    SolveBlockRow((double*)pwn, np, (double*)pl, nb, k0,
                        k1 + strips * part / parts * SymmetricRankUpdate.Width, k1 + strips * (part + 1) / parts * SymmetricRankUpdate.Width));
                // Trailing update A[k1.., k1..] -= U[k0..k1, k1..]^T U[k0..k1, k1..] (upper tiles only).
                update.Add(pw + (long)k0 * np + k1, np, k1 - k0, cols, pw + (long)k1 * np + k1, np, negate: true);
            }
        }
        // L = U^T, in blocks so that the transposed reads stay in cache.
        const int B = 64;
        for (int i0 = 0; i0 < n; i0 += B)
            for (int j0 = 0; j0 <= i0; j0 += B)
                for (int j = j0; j < Math.Min(j0 + B, n); j++)
                    for (int i = Math.Max(i0, j); i < Math.Min(i0 + B, n); i++) a[i * n + j] = w[j * np + i];
        return true;
    }

    /// <summary>
    /// The calling thread's padded copy for <see cref="FactorBlocked"/>, kept between calls: a fresh pinned, zeroed one
    /// (32 MB at 2,000 parameters) cost its page faults in every factorisation, and training factors one size thousands
    /// of times.
    /// </summary>
    [ThreadStatic] private static double[]? s_padded;
    [ThreadStatic] private static int s_paddedOffset;

    /// <summary>U[r, r] and U[r, r+1..k1) of the diagonal block, right-looking within it; false if it is not positive definite.</summary>
    private static bool FactorDiagonalBlock(Span<double> w, int np, int k0, int k1)
    {
        for (int r = k0; r < k1; r++)
        {
            double d = w[r * np + r];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            w[r * np + r] = d;
            var row = w.Slice(r * np + r + 1, k1 - r - 1);
            TensorPrimitives.Divide(row, d, row);
            for (int r2 = r + 1; r2 < k1; r2++)
            {
                var target = w.Slice(r2 * np + r2, k1 - r2);
                TensorPrimitives.MultiplyAdd(w.Slice(r * np + r2, k1 - r2), -w[r * np + r2], target, target);
            }
        }
        return true;
    }

    /// <summary>
    /// Block row U[k0..k0+nb, c0..c1) = U_kk^-T A[k0..k0+nb, c0..c1) (c1 - c0 a multiple of 24, past n the padding's
    /// zeros), from lower = U_kk^T row-major (nb x nb), by forward substitution in strips of 24 columns: a strip of two
    /// rows stays in twelve registers while the finished rows above stream through, so each multiply-add costs one load
    /// (the row-by-row form this replaced read and wrote the whole block row, 1.4 MB at n = 2,000, once per row).
    /// </summary>
    private static unsafe void SolveBlockRow(double* w, int np, double* lower, int nb, int k0, int c0, int c1)
    {
        for (int c = c0; c < c1; c += SymmetricRankUpdate.Width)
        {
            double* strip = w + (long)k0 * np + c;
            for (int i = 0; i < nb; i += 2)
            {
                bool pair = i + 1 < nb;
                double* ri = strip + (long)i * np, rn = pair ? ri + np : ri;
                double* li = lower + i * nb, ln = pair ? li + nb : li;
                Vector256<double> a0 = Vector256.Load(ri), a1 = Vector256.Load(ri + 4), a2 = Vector256.Load(ri + 8),
                    a3 = Vector256.Load(ri + 12), a4 = Vector256.Load(ri + 16), a5 = Vector256.Load(ri + 20);
                Vector256<double> b0 = Vector256.Load(rn), b1 = Vector256.Load(rn + 4), b2 = Vector256.Load(rn + 8),
                    b3 = Vector256.Load(rn + 12), b4 = Vector256.Load(rn + 16), b5 = Vector256.Load(rn + 20);
                double* rj = strip;
                for (int j = 0; j < i; j++, rj += np)
                {
                    var x = Vector256.Create(-li[j]);
                    var y = Vector256.Create(-ln[j]);
                    var u = Vector256.Load(rj);
                    a0 = Vector256.FusedMultiplyAdd(x, u, a0); b0 = Vector256.FusedMultiplyAdd(y, u, b0);
                    u = Vector256.Load(rj + 4);
                    a1 = Vector256.FusedMultiplyAdd(x, u, a1); b1 = Vector256.FusedMultiplyAdd(y, u, b1);
                    u = Vector256.Load(rj + 8);
                    a2 = Vector256.FusedMultiplyAdd(x, u, a2); b2 = Vector256.FusedMultiplyAdd(y, u, b2);
                    u = Vector256.Load(rj + 12);
                    a3 = Vector256.FusedMultiplyAdd(x, u, a3); b3 = Vector256.FusedMultiplyAdd(y, u, b3);
                    u = Vector256.Load(rj + 16);
                    a4 = Vector256.FusedMultiplyAdd(x, u, a4); b4 = Vector256.FusedMultiplyAdd(y, u, b4);
                    u = Vector256.Load(rj + 20);
                    a5 = Vector256.FusedMultiplyAdd(x, u, a5); b5 = Vector256.FusedMultiplyAdd(y, u, b5);
                }
                var d = Vector256.Create(li[i]);
                a0 /= d; a1 /= d; a2 /= d; a3 /= d; a4 /= d; a5 /= d;
                a0.Store(ri); a1.Store(ri + 4); a2.Store(ri + 8); a3.Store(ri + 12); a4.Store(ri + 16); a5.Store(ri + 20);
                if (!pair) continue;
                var z = Vector256.Create(-ln[i]);
                var e = Vector256.Create(ln[i + 1]);
                (Vector256.FusedMultiplyAdd(z, a0, b0) / e).Store(rn);
                (Vector256.FusedMultiplyAdd(z, a1, b1) / e).Store(rn + 4);
                (Vector256.FusedMultiplyAdd(z, a2, b2) / e).Store(rn + 8);
                (Vector256.FusedMultiplyAdd(z, a3, b3) / e).Store(rn + 12);
                (Vector256.FusedMultiplyAdd(z, a4, b4) / e).Store(rn + 16);
                (Vector256.FusedMultiplyAdd(z, a5, b5) / e).Store(rn + 20);
            }
        }
    }

    private static bool FactorByDots(double[] a, int n, int threads)
    {
        int t = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        for (int j0 = 0; j0 < n; j0 += Block)
        {
            int width = Math.Min(Block, n - j0);
            // Diagonal block first (rows j0..j0+width), column by column. A[i, j] (i > j) is read from the upper
            // triangle, A[j, i], which the factor (written below the diagonal) never overwrites.
            for (int j = j0; j < j0 + width; j++)
            {
                var rowJ = a.AsSpan(j * n, j);
                double d = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
                if (!(d > 0)) return false;
                d = Math.Sqrt(d);
                a[j * n + j] = d;
                for (int i = j + 1; i < j0 + width; i++)
                    a[i * n + j] = (a[j * n + i] - TensorPrimitives.Dot(a.AsSpan(i * n, j), rowJ)) / d;
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
                        rowI[j] = (a[j * n + i] - TensorPrimitives.Dot(rowI[..j], a.AsSpan(j * n, j))) / a[j * n + j];
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
