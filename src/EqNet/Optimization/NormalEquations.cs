using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EqNet.Optimization;

/// <summary>J^T J and J^T r, and a Cholesky solve: the linear algebra of one Levenberg-Marquardt step.</summary>
/// <remarks>
/// J^T J dominates a step (rows x parameters^2 multiply-adds), so it is a register-blocked kernel: rows are taken in
/// chunks that stay in cache, packed with zero padding, and each 6 x 16 tile of the upper triangle is accumulated in
/// twelve 512-bit registers. Chunks go to threads in a fixed pattern and partial sums are added in a fixed order, so the
/// result does not depend on timing.
/// </remarks>
internal static class NormalEquations
{
    private const int Rows = 6, Cols = 16, Pad = 48, Chunk = 128;

    /// <summary>Forms A = J^T J (n x n, full) and g = J^T r from row-major J (m x n).</summary>
    public static void Build(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g, int threads)
    {
        int t = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, (m + Chunk - 1) / Chunk));
        int np = (n + Pad - 1) / Pad * Pad;
        var partial = new double[t][];
        var partialG = new double[t][];
        unsafe
        {
            fixed (double* pj = jacobian, pr = residuals)
            {
                nint ptrJ = (nint)pj, ptrR = (nint)pr;
                Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, part =>
                {
                    var acc = new double[np * np];
                    var accG = new double[n];
                    var packed = new double[Chunk * np];
                    var jac = new ReadOnlySpan<double>((double*)ptrJ, m * n);
                    var res = new ReadOnlySpan<double>((double*)ptrR, m);
                    for (int c0 = part * Chunk; c0 < m; c0 += t * Chunk)
                    {
                        int rows = Math.Min(Chunk, m - c0);
                        Array.Clear(packed);
                        for (int k = 0; k < rows; k++)
                        {
                            var row = jac.Slice((c0 + k) * n, n);
                            row.CopyTo(packed.AsSpan(k * np, n));
                            TensorPrimitives.MultiplyAdd(row, res[c0 + k], accG, accG);
                        }
                        AccumulateUpper(packed, rows, np, acc);
                    }
                    partial[part] = acc;
                    partialG[part] = accG;
                });
            }
        }
        for (int p = 0; p < n; p++)
        {
            double sg = 0;
            for (int k = 0; k < t; k++) sg += partialG[k][p];
            g[p] = sg;
            for (int q = p; q < n; q++)
            {
                double s = 0;
                for (int k = 0; k < t; k++) s += partial[k][p * np + q];
                a[p * n + q] = s;
                a[q * n + p] = s;
            }
        }
    }

    /// <summary>acc[p, q] += sum_k x[k, p] x[k, q] for every tile touching the upper triangle; x is rows x np.</summary>
    private static void AccumulateUpper(double[] x, int rows, int np, double[] acc)
    {
        for (int q0 = 0; q0 < np; q0 += Cols)
        {
            for (int p0 = 0; p0 < np && p0 < q0 + Cols; p0 += Rows)
            {
                if (Vector512.IsHardwareAccelerated) Tile512(x, rows, np, p0, q0, acc);
                else TileScalar(x, rows, np, p0, q0, acc);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile512(double[] x, int rows, int np, int p0, int q0, double[] acc)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        fixed (double* px = x, pa = acc)
        {
            double* row = px;
            for (int k = 0; k < rows; k++, row += np)
            {
                var b0 = Vector512.Load(row + q0);
                var b1 = Vector512.Load(row + q0 + 8);
                double* ap = row + p0;
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
            Add(pa + (p0 + 0) * np + q0, c00, c01);
            Add(pa + (p0 + 1) * np + q0, c10, c11);
            Add(pa + (p0 + 2) * np + q0, c20, c21);
            Add(pa + (p0 + 3) * np + q0, c30, c31);
            Add(pa + (p0 + 4) * np + q0, c40, c41);
            Add(pa + (p0 + 5) * np + q0, c50, c51);
        }
    }

    private static unsafe void Add(double* target, Vector512<double> low, Vector512<double> high)
    {
        (Vector512.Load(target) + low).Store(target);
        (Vector512.Load(target + 8) + high).Store(target + 8);
    }

    private static void TileScalar(double[] x, int rows, int np, int p0, int q0, double[] acc)
    {
        for (int k = 0; k < rows; k++)
        {
            var row = x.AsSpan(k * np, np);
            for (int i = 0; i < Rows; i++)
            {
                double v = row[p0 + i];
                if (v == 0) continue;
                TensorPrimitives.MultiplyAdd(row.Slice(q0, Cols), v, acc.AsSpan((p0 + i) * np + q0, Cols), acc.AsSpan((p0 + i) * np + q0, Cols));
            }
        }
    }

    /// <summary>Forms K = J J^T (m x m, full) and g = J^T r, for problems with fewer residuals than parameters.</summary>
    public static void BuildGram(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] k, double[] g, int threads)
    {
        Array.Clear(g, 0, n);
        for (int i = 0; i < m; i++)
        {
            var row = jacobian.Slice(i * n, n);
            TensorPrimitives.MultiplyAdd(row, residuals[i], g.AsSpan(0, n), g.AsSpan(0, n));
            for (int j = 0; j <= i; j++) k[i * m + j] = k[j * m + i] = TensorPrimitives.Dot(row, jacobian.Slice(j * n, n));
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
        for (int i = 0; i < n; i++) b[i] = (b[i] - TensorPrimitives.Dot(a.AsSpan(i * n, i), b.AsSpan(0, i))) / a[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
        return true;
    }
}
