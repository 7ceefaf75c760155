using EqNet.Evaluation;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints an evaluation as a table: scale-relative error overall and per equation, then R^2 per output.</summary>
internal static class MetricsTable
{
    public static void Print(EvaluationResult result, string caption)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(result.Problem)}[/]: scale-relative error |lhs - rhs| / S");
        table.AddColumn("");
        foreach (var c in new[] { "median", "p90", "p99", "max" }) table.AddColumn(new TableColumn(c).RightAligned());
        AddRow(table, "overall (worst equation)", result.Overall);
        foreach (var e in result.Equations) AddRow(table, e.Equation, e.ScaleRelativeError);
        AnsiConsole.Write(table);
        // Below the table rather than its caption: a caption wraps at the table's width, mid-phrase.
        Lines.Write(Markup.Escape(caption));
        foreach (var o in result.Outputs)
        {
            if (o.R2 is { } r2)
                Lines.Write($"  output [bold]{Markup.Escape(o.Name)}[/]: R^2 = {r2:0.##########}; {Markup.Escape(RootErrorLabel(o))} median {Format(o.RootRelativeError!.Median)}, p99 {Format(o.RootRelativeError!.P99)}, max {Format(o.RootRelativeError!.Max)}");
        }
        if (result.NetworkAlone is { } alone)
        {
            Lines.Write($"  the network alone, before its {Markup.Escape(alone.Refinement)}: p99 {Format(alone.Overall.P99)}, max {Format(alone.Overall.Max)}");
            Lines.Write($"  {Markup.Escape(alone.Describe(result.Samples))}");
        }
        if (result.WorstRegion is { } worst) Lines.Write($"  {Markup.Escape(worst.Describe())}");
        if (result.WorstCase is { } searched) Lines.Write($"  {Markup.Escape(searched.Describe(result))}");
        var n = result.Newton;
        Lines.Write($"  Newton from the predictions: converged at {n.ConvergedFraction:P3} of points; far root (> {Evaluation.Evaluator.FarRootDistance:P0} away) at {n.FarRootFraction:P3}");
        if (n.UnconvergedExample is { } u) Lines.Write($"  [yellow]warning[/]: Newton did not converge e.g. at {Markup.Escape(u)}");
        if (n.FarRootExample is { } f) Lines.Write($"  [yellow]warning[/]: a root far from the prediction (a second root, or a poor fit there) e.g. at {Markup.Escape(f)}");
    }

    /// <summary>What the output's root error divides by: |y*| (root-relative) or its scale (scale-relative, with the scale).</summary>
    internal static string RootErrorLabel(Evaluation.OutputResult o) => o.RootErrorScale is { } scale
        ? $"scale-relative |y - y*| / {scale.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}"
        : "|y - y*| / |y*|";

    private static void AddRow(Table table, string label, ErrorSummary s) =>
        table.AddRow(Markup.Escape(label), Format(s.Median), Format(s.P90), Format(s.P99), Format(s.Max));

    public static string Format(double v) => double.IsFinite(v) ? v.ToString("0.00e+00", System.Globalization.CultureInfo.InvariantCulture) : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
