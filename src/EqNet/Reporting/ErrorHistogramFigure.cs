using ScottPlot;

namespace EqNet.Reporting;

/// <summary>How the held-out errors are distributed, in decades.</summary>
internal static class ErrorHistogramFigure
{
    /// <summary>File name of the plot beside the report.</summary>
    public const string FileName = "error-histogram.png";

    /// <summary>Equation labels longer than this are cut in the legend.</summary>
    private const int LegendTextLength = 40;

    /// <summary>The figure, or <c>null</c> when no held-out error is finite.</summary>
    public static ReportFigure? Build(HeldOutSample sample)
    {
        var overall = ErrorStatistics.FiniteSorted(sample.OverallError);
        if (overall.Length == 0)
        {
            return null;
        }

        var logOverall = overall.Select(ErrorStatistics.Log10).ToArray();
        var perEquation = sample.EquationErrors
            .Select(errors => ErrorStatistics.FiniteSorted(errors).Select(ErrorStatistics.Log10).ToArray())
            .ToArray();
        var everything = perEquation.Length > 1 ? logOverall.Concat(perEquation.SelectMany(e => e)).ToArray() : logOverall;
        var bins = Log10Histogram.Spanning(everything.Min(), everything.Max(), Log10Histogram.SuggestedBinCount(overall.Length));

        var plot = PlotCanvas.Create("Held-out error distribution", "scale-relative error (log scale)", "number of held-out points");
        AddBars(plot, bins.Fill(logOverall));
        if (perEquation.Length > 1)
        {
            for (var e = 0; e < perEquation.Length; e++)
            {
                AddOutline(plot, bins.Fill(perEquation[e]), Label(sample.EquationTexts[e], e), e + 3);
            }
        }

        var median = ErrorStatistics.Quantile(overall, 0.5);
        var p99 = ErrorStatistics.Quantile(overall, 0.99);
        AddMarker(plot, median, "median", PlotCanvas.Palette.GetColor(2));
        AddMarker(plot, p99, "p99", PlotCanvas.Palette.GetColor(1));
        plot.Axes.Bottom.TickGenerator = AxisScale.LogTicks(everything.Min(), everything.Max());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);

        var caption =
            "How many held-out points have each size of overall scale-relative error (|residual| divided " +
            "by the equation's scale). The x axis is logarithmic, so each labelled step is a factor of ten; " +
            $"the dashed lines mark the median ({NumberText.Scientific(median)}) and the 99th percentile " +
            $"({NumberText.Scientific(p99)}). A narrow peak far to the left is a good fit; a long tail " +
            $"to the right means a few regions are fitted badly (see the error-against-input plots). " +
            $"Errors of exactly zero are drawn at {NumberText.Scientific(ErrorStatistics.Floor)}." +
            (perEquation.Length > 1 ? " Outlines show each equation's own errors." : string.Empty);
        return new ReportFigure(FileName, "Error distribution", caption, PlotCanvas.RenderPng(plot));
    }

    private static void AddBars(Plot plot, Log10Histogram histogram)
    {
        var color = PlotCanvas.Palette.GetColor(0);
        var bars = histogram.Counts.Select((count, i) => new Bar
        {
            Position = histogram.Center(i),
            Value = count,
            Size = histogram.BinWidth,
            FillColor = color.WithAlpha(0.6),
            LineColor = color,
            LineWidth = 1,
        });
        var barPlot = plot.Add.Bars(bars.ToArray());
        barPlot.LegendText = "overall";
    }

    private static void AddOutline(Plot plot, Log10Histogram histogram, string label, int colorIndex)
    {
        var centers = Enumerable.Range(0, histogram.Counts.Length).Select(histogram.Center).ToArray();
        var counts = histogram.Counts.Select(c => (double)c).ToArray();
        var line = plot.Add.ScatterLine(centers, counts, PlotCanvas.Palette.GetColor(colorIndex));
        line.LineWidth = 2;
        line.LegendText = label;
    }

    private static void AddMarker(Plot plot, double error, string label, Color color)
    {
        var line = plot.Add.VerticalLine(ErrorStatistics.Log10(error), 2, color, LinePattern.Dashed);
        line.LegendText = $"{label} {NumberText.Scientific(error)}";
    }

    private static string Label(string equation, int index)
    {
        var text = $"eq {index + 1}: {equation}";
        return text.Length <= LegendTextLength ? text : text[..(LegendTextLength - 1)] + "…";
    }
}
