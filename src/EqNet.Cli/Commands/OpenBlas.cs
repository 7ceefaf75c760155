using System.Runtime.InteropServices;

namespace EqNet.Cli.Commands;

/// <summary>
/// OpenBLAS's dsyrk and dpotrf, loaded at run time from the system's libopenblas (Debian: <c>apt-get install
/// libopenblas0</c>) for <c>eqnet bench lm</c> only, so the ratio to a tuned BLAS is measured on the same machine in
/// the same run. Nothing else in EqNet needs it; where it is missing <see cref="TryLoad"/> returns null.
/// </summary>
internal sealed unsafe class OpenBlas
{
    private const int RowMajor = 101, Upper = 121, Transposed = 112;
    private static readonly string[] Names = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll"];

    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;
    private readonly delegate* unmanaged<byte*, int*, double*, int*, int*, void> _dpotrf;
    private readonly delegate* unmanaged<int, void> _setThreads;

    private OpenBlas(nint library)
    {
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)NativeLibrary.GetExport(library, "cblas_dsyrk");
        _dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, void>)NativeLibrary.GetExport(library, "dpotrf_");
        _setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
    }

    /// <summary>The library's file name, as loaded.</summary>
    public string Library { get; private init; } = "";

    /// <summary>OpenBLAS if the system has it (with the three entry points used here), otherwise null.</summary>
    public static OpenBlas? TryLoad()
    {
        foreach (var name in Names)
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            try
            {
                return new OpenBlas(library) { Library = name };
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
            }
        }
        return null;
    }

    /// <summary>Worker threads for the following calls.</summary>
    public void SetThreads(int threads) => _setThreads(threads);

    /// <summary>C = J^T J (upper triangle, n x n row-major) from row-major J (m x n): cblas_dsyrk.</summary>
    public void Syrk(double[] jacobian, int m, int n, double[] c)
    {
        fixed (double* pj = jacobian, pc = c) _dsyrk(RowMajor, Upper, Transposed, n, m, 1.0, pj, n, 0.0, pc, n);
    }

    /// <summary>Cholesky factor of the symmetric positive definite A (n x n) in place: dpotrf; true on success.</summary>
    public bool Potrf(double[] a, int n)
    {
        // Row-major lower = column-major upper of the same symmetric matrix.
        byte uplo = (byte)'U';
        int size = n, lda = n, info = 0;
        fixed (double* pa = a) _dpotrf(&uplo, &size, pa, &lda, &info);
        return info == 0;
    }
}
