using System.Globalization;
using System.Text;
using EqNet.Fitting;
using EqNet.IO;
using ScottPlot;

namespace EqNet.Reporting;

/// <summary>
/// The report of a parameter fit (<c>eqnet train</c> on a problem with <c>parameters:</c> and <c>data:</c>): one
/// self-contained HTML page with the estimates, both kinds of interval (with a figure of them), the fit's statistics,
/// whether it is at the data's noise level, the correlations and the warnings; the same numbers as parameters.json.
/// </summary>
internal static class ParameterReport
{
    /// <summary>The report's file name in a run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes <paramref name="folder"/>/report.html atomically and returns its path.</summary>
    /// <param name="result">The fit.</param>
    /// <param name="folder">The run folder.</param>
    /// <param name="term">For a fit with a learned term, what the term is (its name and inputs), shown under the title; else null.</param>
    public static string Write(ParameterFitResult result, string folder, string? term = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(path, Build(result, term, DateTime.UtcNow));
        return path;
    }

    /// <summary>The page's HTML text.</summary>
    public static string Build(ParameterFitResult result, string? term, DateTime created)
    {
        var html = new StringBuilder();
        var title = $"EqNet report: {result.Problem} (parameter fit)";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(ReportHtml.Encode(title))
            .Append("</title>\n<style>\n").Append(ReportHtml.Style).Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(ReportHtml.Encode(title))
            .Append("</h1>\n<p class=\"meta\">Generated ").Append(created.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" &middot; ").Append(ReportHtml.Encode(result.DataFile)).Append(" &middot; ").Append(Int(result.Rows)).Append(" rows, ")
            .Append(Int(result.Residuals)).Append(" residuals (").Append(ReportHtml.Encode(result.Error)).Append(" error)</p>\n");
        if (term is not null) html.Append("<p class=\"meta\">").Append(ReportHtml.Encode(term)).Append("</p>\n");
        html.Append("</header>\n");
        var notes = result.Warnings.Concat(result.ProfileWarnings).ToList();
        if (result.ProfileNote is { } note) notes.Add(note);
        if (notes.Count > 0)
            html.Append("<div class=\"notes\"><ul>\n").Append(string.Concat(notes.Select(n => $"<li>{ReportHtml.Encode(n)}</li>\n"))).Append("</ul></div>\n");

        html.Append("<h2>Estimates</h2>\n<table>\n<tr><th>parameter</th><th>estimate</th><th>standard error</th><th>")
            .Append(Pct(result.Confidence)).Append(" interval, delta method</th><th>").Append(Pct(result.Confidence))
            .Append(" interval, profile likelihood</th><th>delta method poor</th></tr>\n");
        foreach (var p in result.Parameters)
            html.Append("<tr><td>").Append(ReportHtml.Encode(p.Name)).Append("</td>").Append(Num(p.Estimate)).Append(Num(p.StandardError))
                .Append("<td class=\"num\">[").Append(G(p.Lower)).Append(", ").Append(G(p.Upper)).Append("]</td><td class=\"num\">")
                .Append(double.IsNaN(p.ProfileLower) && double.IsNaN(p.ProfileUpper) ? "-" : $"[{G(p.ProfileLower)}, {G(p.ProfileUpper)}]")
                .Append("</td><td>").Append(double.IsFinite(p.ProfileShift) ? p.ProfileShift > ParameterFitResult.PoorDeltaShift ? "yes" : "no" : "-").Append("</td></tr>\n");
        html.Append("</table>\n");
        if (IntervalFigure(result) is { } png)
            html.Append("<figure><img alt=\"the intervals of each parameter\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                .Append("\"><figcaption>Each parameter's intervals in its own standard errors from its estimate (0): the delta method's ")
                .Append("is symmetric by construction; where the profile likelihood's is not, the model is far from linear in that parameter ")
                .Append("over the interval, and the profile one is the one to trust. An open side (the data do not bound it) is drawn to the edge.</figcaption></figure>\n");

        html.Append("<h2>Fit</h2>\n<table>\n");
        Row(html, "residual sum of squares", G(result.ResidualSumOfSquares));
        Row(html, "residual standard deviation", G(result.ResidualStandardDeviation));
        Row(html, "degrees of freedom", Int(result.DegreesOfFreedom));
        Row(html, "noise level", result.LackOfFit?.Text ?? "not tested");
        Row(html, "condition number (unit columns)", G(result.ConditionNumber));
        Row(html, "converged", result.Converged ? "yes" : "no");
        Row(html, "starts tried, iterations", $"{Int(result.StartsTried)}, {Int(result.Iterations)}");
        Row(html, "method", result.Method);
        html.Append("</table>\n");

        html.Append("<h2>Correlation of the estimates</h2>\n<table>\n<tr><th></th>")
            .Append(string.Concat(result.Parameters.Select(p => $"<th>{ReportHtml.Encode(p.Name)}</th>"))).Append("</tr>\n");
        for (int i = 0; i < result.Parameters.Count; i++)
            html.Append("<tr><th>").Append(ReportHtml.Encode(result.Parameters[i].Name)).Append("</th>")
                .Append(string.Concat(result.Correlation[i].Select(c => $"<td class=\"num\">{c.ToString("0.0000", CultureInfo.InvariantCulture)}</td>"))).Append("</tr>\n");
        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The intervals figure, or null when no parameter has a finite standard error.</summary>
    private static byte[]? IntervalFigure(ParameterFitResult result)
    {
        var shown = result.Parameters.Where(p => p.StandardError > 0 && double.IsFinite(p.StandardError)).ToArray();
        if (shown.Length == 0) return null;
        // Open profile sides are drawn to the edge, a little past the widest finite end.
        double Units(ParameterEstimate p, double end) => (end - p.Estimate) / p.StandardError;
        double edge = 1.2 * shown.SelectMany(p => new[] { Units(p, p.Lower), Units(p, p.Upper), Units(p, p.ProfileLower), Units(p, p.ProfileUpper) })
            .Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(3).Max();
        var plot = PlotCanvas.Create("Confidence intervals", "distance from the estimate, in standard errors", "");
        for (int k = 0; k < shown.Length; k++)
        {
            var p = shown[k];
            double y = shown.Length - 1 - k;
            var delta = plot.Add.Line(Units(p, p.Lower), y + 0.12, Units(p, p.Upper), y + 0.12);
            delta.Color = PlotCanvas.Palette.GetColor(0);
            delta.LineWidth = 6;
            if (k == 0) delta.LegendText = "delta method";
            if (double.IsNaN(p.ProfileLower) && double.IsNaN(p.ProfileUpper)) continue;
            double lo = double.IsFinite(p.ProfileLower) ? Units(p, p.ProfileLower) : -edge, hi = double.IsFinite(p.ProfileUpper) ? Units(p, p.ProfileUpper) : edge;
            var profile = plot.Add.Line(lo, y - 0.12, hi, y - 0.12);
            profile.Color = PlotCanvas.Palette.GetColor(1);
            profile.LineWidth = 6;
            if (k == 0) profile.LegendText = "profile likelihood";
        }
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, shown.Length).Select(k => (double)(shown.Length - 1 - k))], [.. shown.Select(p => p.Name)]);
        plot.Axes.SetLimits(-edge, edge, -0.8, shown.Length - 0.2);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotCanvas.RenderPng(plot);
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(ReportHtml.Encode(name)).Append("</th><td>").Append(ReportHtml.Encode(value)).Append("</td></tr>\n");

    private static string Num(double v) => $"<td class=\"num\">{G(v)}</td>";

    private static string G(double v) => double.IsNaN(v) ? "-" : double.IsInfinity(v) ? (v > 0 ? "+inf" : "-inf") : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Int(int v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(double confidence) => (confidence * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
