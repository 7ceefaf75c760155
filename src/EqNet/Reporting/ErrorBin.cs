namespace EqNet.Reporting;

/// <summary>Error statistics of the held-out points whose input falls in one bin.</summary>
/// <param name="Center">Center of the bin, in plotted (possibly log10) input coordinates.</param>
/// <param name="Count">Number of points with a finite error in the bin.</param>
/// <param name="Median">Median error in the bin.</param>
/// <param name="P99">99th percentile of the error in the bin.</param>
internal sealed record ErrorBin(double Center, int Count, double Median, double P99)
{
    /// <summary>Most bins for one input: enough to show a trend, few enough that each has points.</summary>
    public const int MaxBins = 24;

    /// <summary>Fewest points a bin should hold on average, so that its p99 means something.</summary>
    public const int MinPointsPerBin = 25;

    /// <summary>
    /// Bins the points by <paramref name="coordinates"/> (already on the plotted scale) into equal-width
    /// bins and returns the non-empty ones. Points with a non-finite coordinate or error are skipped.
    /// All points at one coordinate make one bin.
    /// </summary>
    public static IReadOnlyList<ErrorBin> Compute(IReadOnlyList<double> coordinates, IReadOnlyList<double> errors)
    {
        var points = Enumerable.Range(0, coordinates.Count)
            .Where(i => double.IsFinite(coordinates[i]) && double.IsFinite(errors[i]))
            .Select(i => (X: coordinates[i], Error: errors[i]))
            .ToArray();
        if (points.Length == 0)
        {
            return [];
        }

        var min = points.Min(p => p.X);
        var max = points.Max(p => p.X);
        var binCount = max > min ? Math.Clamp(points.Length / MinPointsPerBin, 1, MaxBins) : 1;
        var width = max > min ? (max - min) / binCount : 1;
        return points
            .GroupBy(p => Math.Min((int)((p.X - min) / width), binCount - 1))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var sorted = ErrorStatistics.FiniteSorted(g.Select(p => p.Error));
                var center = max > min ? min + ((g.Key + 0.5) * width) : min;
                return new ErrorBin(center, sorted.Length, ErrorStatistics.Quantile(sorted, 0.5), ErrorStatistics.Quantile(sorted, 0.99));
            })
            .ToArray();
    }
}
