using ScottPlot;

namespace EqNet.Reporting;

/// <summary>
/// How well an output is predicted: predicted against true when reference values are known,
/// otherwise the equation residual against the predicted output.
/// </summary>
internal static class OutputFigure
{
    /// <summary>Points drawn; more only slows rendering without changing the picture.</summary>
    private const int MaxPoints = 5000;

    /// <summary>What the output plots' file names start with: they show residuals when no true values are known.</summary>
    public static string FilePrefix(OutputSample outputs) => outputs.Reference is null ? "residual-vs-" : "predicted-vs-true-";

    /// <summary>The figure for output <paramref name="output"/>, or <c>null</c> when no point can be drawn.</summary>
    public static ReportFigure? Build(HeldOutSample sample, int output, string fileName) =>
        sample.Outputs.Reference is { } reference
            ? PredictedVsTrue(sample.Outputs, reference[output], output, fileName)
            : ResidualVsOutput(sample, output, fileName);

    private static ReportFigure? PredictedVsTrue(OutputSample outputs, double[] truth, int output, string fileName)
    {
        var name = outputs.Names[output];
        var predicted = outputs.Predicted[output];
        var scale = AxisScale.Choose(truth.Concat(predicted));
        var usable = Enumerable.Range(0, truth.Length)
            .Where(i => scale.CanShow(truth[i]) && scale.CanShow(predicted[i]))
            .Select(i => (X: truth[i], Y: predicted[i]))
            .ToArray();
        var pairs = Thin(usable);
        if (pairs.Length == 0)
        {
            return null;
        }

        var plot = PlotCanvas.Create($"Predicted vs true: {name}", $"true {name}{scale.AxisNote}", $"predicted {name}{scale.AxisNote}");
        var dots = plot.Add.ScatterPoints(
            pairs.Select(p => scale.Forward(p.X)).ToArray(), pairs.Select(p => scale.Forward(p.Y)).ToArray(), PlotCanvas.Palette.GetColor(0).WithAlpha(0.5));
        dots.MarkerSize = 4;
        dots.LegendText = "held-out point";

        var min = pairs.Min(p => Math.Min(p.X, p.Y));
        var max = pairs.Max(p => Math.Max(p.X, p.Y));
        var diagonal = plot.Add.Line(scale.Forward(min), scale.Forward(min), scale.Forward(max), scale.Forward(max));
        diagonal.Color = PlotCanvas.Palette.GetColor(3);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineWidth = 2;
        diagonal.LegendText = "y = x (perfect prediction)";
        scale.ConfigureTicks(plot.Axes.Bottom, min, max);
        scale.ConfigureTicks(plot.Axes.Left, min, max);
        plot.ShowLegend(Alignment.UpperLeft);

        var caption =
            $"Each dot is a held-out point: its true {name} across, the network's prediction up. Points on the " +
            $"dashed diagonal are predicted exactly; the vertical distance from it is the error. Both axes use " +
            $"the same {ScaleWords(scale)} scale, so the diagonal is y = x everywhere. {Drawn(usable.Length, pairs.Length, truth.Length)}";
        return new ReportFigure(fileName, $"Predicted vs true: {name}", caption, PlotCanvas.RenderPng(plot));
    }

    private static ReportFigure? ResidualVsOutput(HeldOutSample sample, int output, string fileName)
    {
        var name = sample.Outputs.Names[output];
        var predicted = sample.Outputs.Predicted[output];
        var scale = AxisScale.Choose(predicted);
        var usable = Enumerable.Range(0, predicted.Length)
            .Where(i => scale.CanShow(predicted[i]) && double.IsFinite(sample.OverallError[i]))
            .Select(i => (X: predicted[i], Y: sample.OverallError[i]))
            .ToArray();
        var pairs = Thin(usable);
        if (pairs.Length == 0)
        {
            return null;
        }

        var plot = PlotCanvas.Create($"Residual vs {name}", $"predicted {name}{scale.AxisNote}", "scale-relative residual (log scale)");
        var logErrors = pairs.Select(p => ErrorStatistics.Log10(p.Y)).ToArray();
        var dots = plot.Add.ScatterPoints(pairs.Select(p => scale.Forward(p.X)).ToArray(), logErrors, PlotCanvas.Palette.GetColor(0).WithAlpha(0.5));
        dots.MarkerSize = 4;
        scale.ConfigureTicks(plot.Axes.Bottom, pairs.Min(p => p.X), pairs.Max(p => p.X));
        plot.Axes.Left.TickGenerator = AxisScale.LogTicks(logErrors.Min(), logErrors.Max());

        var caption =
            $"No true values of {name} are known (the problem is implicit), so this shows how well the " +
            $"equations hold instead: each dot is a held-out point, the network's {name} across and the " +
            $"overall scale-relative residual up (log scale). Dots low on the plot satisfy the equations " +
            $"closely; a band of high dots points to the range of {name} where the fit fails. The x axis uses a " +
            $"{ScaleWords(scale)} scale. {Drawn(usable.Length, pairs.Length, predicted.Length)}";
        return new ReportFigure(fileName, $"Residual vs {name}", caption, PlotCanvas.RenderPng(plot));
    }

    private static (double X, double Y)[] Thin((double X, double Y)[] pairs)
    {
        var stride = Math.Max(1, (int)Math.Ceiling(pairs.Length / (double)MaxPoints));
        return stride == 1 ? pairs : pairs.Where((_, i) => i % stride == 0).ToArray();
    }

    private static string ScaleWords(AxisScale scale) => scale.Kind switch
    {
        AxisScaleKind.Log => "logarithmic",
        AxisScaleKind.Asinh => $"symmetric log (asinh: linear within ±{NumberText.Compact(scale.AsinhWidth)}, logarithmic beyond, for either sign)",
        _ => "linear",
    };

    /// <summary>Says which points the plot leaves out, so a sparse plot is not mistaken for sparse data.</summary>
    private static string Drawn(int usable, int drawn, int total)
    {
        var words = usable == total
            ? $"All {total} points can be drawn"
            : $"{total - usable} of {total} points are left out (a value is not finite, or not positive on a log axis)";
        return drawn == usable ? words + "." : words + $"; for speed, {drawn} of the {usable} drawable points are plotted, evenly spread.";
    }
}
