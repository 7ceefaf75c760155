namespace EqNet.Reporting;

/// <summary>Order statistics of error samples, as the report's plots need them.</summary>
internal static class ErrorStatistics
{
    /// <summary>
    /// Errors below this are drawn at this value: log axes cannot show zero, and an exact fit is
    /// indistinguishable from one at the limit of double precision anyway.
    /// </summary>
    public const double Floor = 1e-17;

    /// <summary>log10 of an error, with zeros and tiny values clamped to <see cref="Floor"/>.</summary>
    public static double Log10(double error) => Math.Log10(Math.Max(error, Floor));

    /// <summary>The finite values, sorted ascending.</summary>
    public static double[] FiniteSorted(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        Array.Sort(finite);
        return finite;
    }

    /// <summary>Quantile <paramref name="p"/> (0..1) of sorted values, linearly interpolated; NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        var fraction = position - below;
        return sorted[below] + ((sorted[above] - sorted[below]) * fraction);
    }
}
