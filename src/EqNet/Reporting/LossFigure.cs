using ScottPlot;

namespace EqNet.Reporting;

/// <summary>The training curve: loss and validation error against step, on a log axis.</summary>
internal static class LossFigure
{
    /// <summary>File name of the plot beside the report.</summary>
    public const string FileName = "loss.png";

    /// <summary>The figure, or <c>null</c> (with a note) when the history has nothing to draw.</summary>
    public static ReportFigure? Build(IReadOnlyList<HistoryPoint> history, ICollection<string> notes)
    {
        if (history.Count == 0)
        {
            notes.Add("No training history was recorded, so there is no loss plot.");
            return null;
        }

        var plot = PlotCanvas.Create("Training loss and validation error", "step", "value (log scale)");
        var allLog = new List<double>();
        var dropped = 0;
        dropped += AddSeries(plot, history, p => p.Loss, "training loss", 0, allLog);
        dropped += AddSeries(plot, history, p => p.ValidationP99, "validation p99 error", 1, allLog);
        dropped += AddSeries(plot, history, p => p.ValidationMedian, "validation median error", 2, allLog);
        if (allLog.Count == 0)
        {
            notes.Add("The training history has no positive finite loss, so there is no loss plot.");
            return null;
        }

        if (dropped > 0)
        {
            notes.Add($"{dropped} history value(s) were zero, negative or not finite and are not drawn on the log-scale loss plot.");
        }

        MarkPhases(plot, history);
        plot.Axes.Left.TickGenerator = AxisScale.LogTicks(allLog.Max() - allLog.Min());
        plot.ShowLegend(Alignment.UpperRight);
        const string caption =
            "Training loss (solid) and, where measured, the validation scale-relative error " +
            "(99th percentile and median) against optimizer step. The y axis is logarithmic: each " +
            "labelled gridline is ten times the one below. Dashed vertical lines mark where the " +
            "optimizer phase changes. A curve that flattens early means training stalled; " +
            "a validation curve rising while the loss falls means overfitting.";
        return new ReportFigure(FileName, "Training curve", caption, PlotCanvas.RenderPng(plot));
    }

    /// <summary>Adds one series of positive finite values; returns how many values could not be drawn.</summary>
    private static int AddSeries(
        Plot plot, IReadOnlyList<HistoryPoint> history, Func<HistoryPoint, double?> select,
        string label, int colorIndex, List<double> allLog)
    {
        var steps = new List<double>();
        var logValues = new List<double>();
        var dropped = 0;
        foreach (var point in history)
        {
            if (select(point) is not { } value)
            {
                continue;
            }

            if (!double.IsFinite(value) || value <= 0)
            {
                dropped++;
                continue;
            }

            steps.Add(point.Step);
            logValues.Add(Math.Log10(value));
        }

        if (steps.Count > 0)
        {
            var series = plot.Add.ScatterLine(steps.ToArray(), logValues.ToArray(), PlotCanvas.Palette.GetColor(colorIndex));
            series.LegendText = label;
            series.LineWidth = 2;
            series.MarkerSize = steps.Count <= 50 ? 5 : 0;
            allLog.AddRange(logValues);
        }

        return dropped;
    }

    private static void MarkPhases(Plot plot, IReadOnlyList<HistoryPoint> history)
    {
        string? previous = null;
        foreach (var point in history)
        {
            if (point.Phase == previous)
            {
                continue;
            }

            var line = plot.Add.VerticalLine(point.Step, 1, Colors.Gray, LinePattern.Dashed);
            line.Text = point.Phase;
            line.LabelFontSize = 12;
            previous = point.Phase;
        }
    }
}
