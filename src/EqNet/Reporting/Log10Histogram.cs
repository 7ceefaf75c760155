namespace EqNet.Reporting;

/// <summary>Counts of log10 errors in equal-width bins.</summary>
internal sealed class Log10Histogram
{
    private Log10Histogram(double start, double width, int[] counts)
    {
        Start = start;
        BinWidth = width;
        Counts = counts;
    }

    /// <summary>Left edge of the first bin (log10 of an error).</summary>
    public double Start { get; }

    /// <summary>Width of each bin, in decades.</summary>
    public double BinWidth { get; }

    /// <summary>Number of values in each bin.</summary>
    public int[] Counts { get; }

    /// <summary>Center of bin <paramref name="index"/>.</summary>
    public double Center(int index) => Start + ((index + 0.5) * BinWidth);

    /// <summary>
    /// Bins spanning [<paramref name="min"/>, <paramref name="max"/>]; a zero span (all errors
    /// equal, for example all zero) becomes one bin a decade wide.
    /// </summary>
    public static Log10Histogram Spanning(double min, double max, int binCount)
    {
        if (max - min < 1e-9)
        {
            return new Log10Histogram(min - 0.5, 1, new int[1]);
        }

        return new Log10Histogram(min, (max - min) / binCount, new int[binCount]);
    }

    /// <summary>A bin count that resolves the shape without leaving most bins empty.</summary>
    public static int SuggestedBinCount(int valueCount) => Math.Clamp((int)Math.Ceiling(Math.Sqrt(valueCount)), 10, 60);

    /// <summary>Counts each value into its bin; values outside the range go to the nearest end bin.</summary>
    public Log10Histogram Fill(IEnumerable<double> log10Values)
    {
        var counts = new int[Counts.Length];
        foreach (var value in log10Values)
        {
            var index = (int)Math.Floor((value - Start) / BinWidth);
            counts[Math.Clamp(index, 0, counts.Length - 1)]++;
        }

        return new Log10Histogram(Start, BinWidth, counts);
    }
}
