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
        var hasLearningRate = AddLearningRate(plot, history);
        plot.Axes.Left.TickGenerator = AxisScale.LogTicks(allLog.Min(), allLog.Max());
        plot.ShowLegend(Alignment.UpperRight);
        var caption =
            "Training loss (solid) and, where measured, the validation scale-relative error " +
            "(99th percentile and median) against optimizer step. The y axis is logarithmic: each " +
            "labelled gridline is ten times the one below. Dashed vertical lines mark where the " +
            "optimizer phase changes." +
            (hasLearningRate ? " The dotted grey line is the step-size control (Levenberg-Marquardt damping: larger means shorter, more cautious steps; or a learning rate), read on the right-hand log axis." : string.Empty) +
            " A curve that flattens early means training stalled; " +
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

    /// <summary>Draws the learning rate against its own log axis on the right; false when there is none.</summary>
    private static bool AddLearningRate(Plot plot, IReadOnlyList<HistoryPoint> history)
    {
        var points = history
            .Where(p => p.LearningRate is { } rate && double.IsFinite(rate) && rate > 0)
            .Select(p => (Step: (double)p.Step, Log: Math.Log10(p.LearningRate!.Value)))
            .ToArray();
        if (points.Length == 0)
        {
            return false;
        }

        var line = plot.Add.ScatterLine(points.Select(p => p.Step).ToArray(), points.Select(p => p.Log).ToArray(), Colors.Gray);
        line.Axes.YAxis = plot.Axes.Right;
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = "damping / learning rate (right axis)";
        plot.Axes.Right.Label.Text = "damping / learning rate (log scale)";
        plot.Axes.Right.Label.FontSize = 15;
        plot.Axes.Right.TickLabelStyle.FontSize = 13;
        plot.Axes.Right.TickGenerator = AxisScale.LogTicks(points.Min(p => p.Log), points.Max(p => p.Log));
        return true;
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
            line.LabelOppositeAxis = true;
            previous = point.Phase;
        }
    }
}
