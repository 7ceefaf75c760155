using System.Numerics.Tensors;

namespace EqNet.Training;

/// <summary>J^T J and J^T r, and a Cholesky solve: the linear algebra of one Levenberg-Marquardt step.</summary>
internal static class NormalEquations
{
    private const int Chunk = 128;

    /// <summary>Forms A = J^T J (n x n, full) and g = J^T r; rows are split in fixed chunks so sums are deterministic.</summary>
    public static void Build(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, int m, int n, double[] a, double[] g, int threads)
    {
        int t = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);
        var partial = new double[t][];
        var partialG = new double[t][];
        unsafe
        {
            fixed (double* pj = jacobian, pr = residuals)
            {
                nint ptrJ = (nint)pj, ptrR = (nint)pr;
                Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, part =>
                {
                    var acc = new double[n * n];
                    var accG = new double[n];
                    var transposed = new double[n * Chunk];
                    var jac = new ReadOnlySpan<double>((double*)ptrJ, m * n);
                    var res = new ReadOnlySpan<double>((double*)ptrR, m);
                    for (int c0 = part * Chunk; c0 < m; c0 += t * Chunk)
                    {
                        int cn = Math.Min(Chunk, m - c0);
                        for (int i = 0; i < cn; i++)
                        {
                            var row = jac.Slice((c0 + i) * n, n);
                            double r = res[c0 + i];
                            for (int k = 0; k < n; k++) { transposed[k * Chunk + i] = row[k]; accG[k] += row[k] * r; }
                        }
                        for (int p = 0; p < n; p++)
                        {
                            var jp = transposed.AsSpan(p * Chunk, cn);
                            for (int q = p; q < n; q++) acc[p * n + q] += TensorPrimitives.Dot(jp, transposed.AsSpan(q * Chunk, cn));
                        }
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
                for (int k = 0; k < t; k++) s += partial[k][p * n + q];
                a[p * n + q] = s;
                a[q * n + p] = s;
            }
        }
    }

    /// <summary>Solves A x = b in place (A is overwritten by its Cholesky factor); false if A is not positive definite.</summary>
    public static bool CholeskySolve(double[] a, double[] b, int n)
    {
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.AsSpan(j * n, j);
            double d = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.AsSpan(i * n, j), rowJ)) / d;
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
