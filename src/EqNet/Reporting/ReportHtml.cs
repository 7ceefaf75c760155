using System.Globalization;
using System.Net;
using System.Text;

namespace EqNet.Reporting;

/// <summary>Lays out the report as one self-contained HTML page with its plots embedded as data URIs.</summary>
internal static class ReportHtml
{
    internal const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5em; color: #222; line-height: 1.45; }
        header { border-bottom: 2px solid #1f77b4; margin-bottom: 1em; }
        h1 { margin: 0 0 .2em 0; font-size: 1.8em; }
        h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        .meta { color: #555; margin: 0 0 .8em 0; }
        table { border-collapse: collapse; margin: .5em 0; }
        th, td { border: 1px solid #ccc; padding: .25em .7em; text-align: left; }
        th { background: #f2f5f9; }
        td.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; }
        .notes { background: #fff8e1; border-left: 4px solid #f0ad4e; padding: .5em 1em; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 880px), 1fr)); gap: 1.5em; }
        figure { margin: 0; max-width: 900px; }
        figure img { width: 100%; max-width: 900px; height: auto; border: 1px solid #e3e3e3; }
        figcaption { font-size: .92em; color: #444; }
        code { background: #f4f4f4; padding: 0 .2em; }
        """;

    /// <summary>The page's HTML text.</summary>
    public static string Build(ReportData data, ReportFigures figures, IReadOnlyList<string> notes)
    {
        var html = new StringBuilder();
        var title = "EqNet report: " + data.ProblemName;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(Encode(title)).Append("</h1>\n<p class=\"meta\">")
            .Append("Generated ").Append(Encode(data.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" &middot; ").Append(data.Sample.Count.ToString(CultureInfo.InvariantCulture)).Append(" held-out points");
        if (data.History.Count > 0)
        {
            var last = data.History[^1];
            html.Append(" &middot; trained ").Append(last.Step.ToString(CultureInfo.InvariantCulture)).Append(" steps in ")
                .Append(last.Seconds.ToString("0.#", CultureInfo.InvariantCulture)).Append(" s");
        }

        html.Append("</p>\n</header>\n");

        AppendNotes(html, notes);
        AppendMetrics(html, data);
        AppendWorstRegion(html, data.WorstRegion);
        AppendTable(html, "How each output is produced", data.Structure);
        AppendTable(html, "Settings", data.Settings);
        AppendSection(html, "Training", figures.Training, "No training curve could be drawn (see the notes above).");
        AppendSection(html, "Error distribution", figures.Histogram, "No held-out point has a finite error, so there is no histogram.");
        AppendSection(html, "Error against each input", figures.PerInput, "No input plot could be drawn: the held-out sample has no points with finite inputs and errors.");
        var outputHeading = data.Sample.Outputs.Reference is null ? "Residual against each output" : "Predicted against true";
        AppendSection(html, outputHeading, figures.PerOutput, "No output plot could be drawn: no held-out point has finite values.");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendNotes(StringBuilder html, IReadOnlyList<string> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        html.Append("<div class=\"notes\">\n<strong>Notes</strong>\n<ul>\n");
        foreach (var note in notes)
        {
            html.Append("<li>").Append(Encode(note)).Append("</li>\n");
        }

        html.Append("</ul>\n</div>\n");
    }

    private static void AppendMetrics(StringBuilder html, ReportData data)
    {
        html.Append("<h2>Accuracy on held-out points</h2>\n<p>Scale-relative error: the equation's |residual| divided by its scale, ")
            .Append("so 1e-3 means the equation holds to about 0.1% of the size of its terms.</p>\n");
        if (data.Metrics.Count > 0)
        {
            html.Append("<table class=\"metrics\">\n<tr><th></th><th>median</th><th>p90</th><th>p99</th><th>max</th></tr>\n");
            foreach (var row in data.Metrics)
            {
                html.Append("<tr><th>").Append(Encode(row.Label)).Append("</th>");
                foreach (var value in new[] { row.Median, row.P90, row.P99, row.Max })
                {
                    html.Append("<td class=\"num\">").Append(Encode(NumberText.Scientific(value))).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        var equations = data.Sample.EquationTexts;
        if (equations.Count > 0)
        {
            html.Append("<p>Equations:</p>\n<ol>\n");
            foreach (var equation in equations)
            {
                html.Append("<li><code>").Append(Encode(equation)).Append("</code></li>\n");
            }

            html.Append("</ol>\n");
        }
    }

    private static void AppendWorstRegion(StringBuilder html, string worstRegion)
    {
        if (worstRegion.Length == 0)
        {
            return;
        }

        html.Append("<h2>Where the worst errors are</h2>\n<p>").Append(Encode(worstRegion)).Append("</p>\n");
    }

    private static void AppendTable(StringBuilder html, string heading, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        if (settings.Count == 0)
        {
            return;
        }

        html.Append("<h2>").Append(Encode(heading)).Append("</h2>\n<table class=\"settings\">\n");
        foreach (var (key, value) in settings)
        {
            html.Append("<tr><th>").Append(Encode(key)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendSection(StringBuilder html, string heading, IReadOnlyList<ReportFigure> figures, string whenEmpty)
    {
        html.Append("<h2>").Append(Encode(heading)).Append("</h2>\n");
        if (figures.Count == 0)
        {
            html.Append("<p>").Append(Encode(whenEmpty)).Append("</p>\n");
            return;
        }

        html.Append("<div class=\"figures\">\n");
        foreach (var figure in figures)
        {
            html.Append("<figure>\n<img alt=\"").Append(Encode(figure.Title))
                .Append("\" width=\"").Append(PlotCanvas.Width).Append("\" height=\"").Append(PlotCanvas.Height)
                .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png)).Append("\">\n")
                .Append("<figcaption><strong>").Append(Encode(figure.Title)).Append(".</strong> ").Append(Encode(figure.Caption))
                .Append(" <em>(Also saved as <code>").Append(Encode(figure.FileName)).Append("</code>.)</em></figcaption>\n</figure>\n");
        }

        html.Append("</div>\n");
    }

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}
