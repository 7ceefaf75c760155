namespace EqNet.Evaluation;

/// <summary>Median, p90, p99 and max of a set of non-negative errors (nearest-rank percentiles; NaN counts as +infinity).</summary>
/// <param name="Median">50th percentile.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest value.</param>
public sealed record ErrorSummary(double Median, double P90, double P99, double Max)
{
    /// <summary>Summarises <paramref name="errors"/> (not modified).</summary>
    public static ErrorSummary Of(ReadOnlySpan<double> errors)
    {
        if (errors.IsEmpty) return new(double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = errors.ToArray();
        for (int i = 0; i < sorted.Length; i++)
            if (double.IsNaN(sorted[i])) sorted[i] = double.PositiveInfinity;
        Array.Sort(sorted);
        return new(Percentile(sorted, 0.5), Percentile(sorted, 0.9), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of already sorted values.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        int rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
