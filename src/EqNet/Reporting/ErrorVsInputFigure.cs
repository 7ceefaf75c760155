using ScottPlot;

namespace EqNet.Reporting;

/// <summary>Where in an input's range the fit is good or bad: binned error against the input.</summary>
internal static class ErrorVsInputFigure
{
    /// <summary>Individual points drawn behind the binned curves; more only slows rendering.</summary>
    private const int MaxBackgroundPoints = 4000;

    /// <summary>The figure for input <paramref name="input"/>, or <c>null</c> when no point has a finite input and error.</summary>
    public static ReportFigure? Build(HeldOutSample sample, int input, string fileName)
    {
        var name = sample.InputNames[input];
        var values = Column(sample, input);
        var scale = AxisScale.ForInput(sample.InputIsLog[input], values);
        var coordinates = values.Select(v => scale.CanShow(v) ? scale.Forward(v) : double.NaN).ToArray();
        var bins = ErrorBin.Compute(coordinates, sample.OverallError);
        if (bins.Count == 0)
        {
            return null;
        }

        var plot = PlotCanvas.Create($"Error against {name}", name + scale.AxisNote, "scale-relative error (log scale)");
        AddBackground(plot, coordinates, sample.OverallError);
        var centers = bins.Select(b => b.Center).ToArray();
        AddCurve(plot, centers, bins.Select(b => ErrorStatistics.Log10(b.P99)).ToArray(), "p99 in bin", 1);
        AddCurve(plot, centers, bins.Select(b => ErrorStatistics.Log10(b.Median)).ToArray(), "median in bin", 0);

        var shown = coordinates.Where(double.IsFinite).ToArray();
        scale.ConfigureTicks(plot.Axes.Bottom, values.Where(scale.CanShow).Min(), values.Where(scale.CanShow).Max());
        var logErrors = sample.OverallError.Where(double.IsFinite).Select(ErrorStatistics.Log10).ToArray();
        plot.Axes.Left.TickGenerator = AxisScale.LogTicks(logErrors.Min(), logErrors.Max());
        plot.ShowLegend(Edge.Right);

        var binning = scale.Kind == AxisScaleKind.Log ? "equal widths in log10(" + name + ")" : "equal widths in " + name;
        var caption =
            $"Overall scale-relative error of the held-out points against {name}. Grey dots are individual " +
            $"points; the lines are the median and 99th percentile of the points in each of {bins.Count} " +
            $"bin(s) ({binning}). Both axes use the scale named in their label. A curve that rises toward one " +
            $"end of the range shows where the network fits worst: more samples, a better input transform, " +
            $"or a wider network there may help." +
            (shown.Min() == shown.Max() ? $" All held-out points have the same {name}, so there is a single bin." : string.Empty) +
            (sample.InputIsLog[input] && scale.Kind != AxisScaleKind.Log
                ? $" {name} is log-scaled but some values are zero or negative, so its axis and bins are linear."
                : string.Empty);
        return new ReportFigure(fileName, $"Error against {name}", caption, PlotCanvas.RenderPng(plot));
    }

    /// <summary>Input <paramref name="input"/> of every sample, out of the row-major input matrix.</summary>
    private static double[] Column(HeldOutSample sample, int input)
    {
        var stride = sample.InputNames.Count;
        var column = new double[sample.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = sample.Inputs[(i * stride) + input];
        }

        return column;
    }

    private static void AddBackground(Plot plot, double[] coordinates, double[] errors)
    {
        var stride = Math.Max(1, (int)Math.Ceiling(coordinates.Length / (double)MaxBackgroundPoints));
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < coordinates.Length; i += stride)
        {
            if (double.IsFinite(coordinates[i]) && double.IsFinite(errors[i]))
            {
                xs.Add(coordinates[i]);
                ys.Add(ErrorStatistics.Log10(errors[i]));
            }
        }

        var dots = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), Colors.Gray.WithAlpha(0.35));
        dots.MarkerSize = 3;
        dots.LegendText = "held-out point";
    }

    private static void AddCurve(Plot plot, double[] xs, double[] logYs, string label, int colorIndex)
    {
        var curve = plot.Add.ScatterLine(xs, logYs, PlotCanvas.Palette.GetColor(colorIndex));
        curve.LineWidth = 2.5f;
        curve.MarkerSize = 7;
        curve.LegendText = label;
    }
}
