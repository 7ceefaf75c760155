namespace EqNet.Discovery;

/// <summary>
/// Weighted linear least squares min sum_i (w_i (z_i - sum_k c_k a_ik))^2 for a few columns, by modified Gram-Schmidt
/// applied twice (re-orthogonalisation keeps float64 accuracy when monomial columns are nearly collinear).
/// </summary>
public static class WeightedLeastSquares
{
    /// <summary>Coefficients for the columns (each length n); null when the columns are rank deficient or not finite.</summary>
    public static double[]? Solve(IReadOnlyList<double[]> columns, ReadOnlySpan<double> target, ReadOnlySpan<double> weights)
    {
        int k = columns.Count, n = target.Length;
        if (k == 0) return [];
        var q = new double[k][];
        var r = new double[k, k];
        for (int j = 0; j < k; j++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = weights[i] * columns[j][i];
            double original = Norm(v);
            if (!(original > 0) || !double.IsFinite(original)) return null;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < j; p++)
                {
                    double dot = Dot(q[p], v);
                    r[p, j] += dot;
                    for (int i = 0; i < n; i++) v[i] -= dot * q[p][i];
                }
            }
            double norm = Norm(v);
            if (!(norm > 1e-13 * original)) return null;
            r[j, j] = norm;
            for (int i = 0; i < n; i++) v[i] /= norm;
            q[j] = v;
        }
        var b = new double[k];
        var wz = new double[n];
        for (int i = 0; i < n; i++) wz[i] = weights[i] * target[i];
        for (int j = 0; j < k; j++) b[j] = Dot(q[j], wz);
        var c = new double[k];
        for (int j = k - 1; j >= 0; j--)
        {
            double s = b[j];
            for (int p = j + 1; p < k; p++) s -= r[j, p] * c[p];
            c[j] = s / r[j, j];
        }
        return c.All(double.IsFinite) ? c : null;
    }

    /// <summary>sum_i a_i b_i.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Euclidean norm.</summary>
    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
