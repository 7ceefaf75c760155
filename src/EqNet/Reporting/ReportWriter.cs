using System.Text;

using EqNet.IO;

namespace EqNet.Reporting;

/// <summary>
/// Writes a training report: one PNG per plot and <c>report.html</c>, a single self-contained page
/// that embeds the same images, so it can be opened or mailed on its own.
/// </summary>
public static class ReportWriter
{
    /// <summary>File name of the HTML report inside the output folder.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>
    /// Draws the plots of <paramref name="data"/> and writes them, then <c>report.html</c>, into
    /// <paramref name="directory"/> (created if missing). Each file is written to a temporary file
    /// and renamed into place, so a reader never sees a half-written file; existing files are replaced.
    /// </summary>
    /// <param name="data">What to report.</param>
    /// <param name="directory">Folder for the report and its PNGs.</param>
    /// <returns>The full path of the written <c>report.html</c>.</returns>
    /// <exception cref="ArgumentException">The arrays of <paramref name="data"/> have inconsistent shapes, or <paramref name="directory"/> is empty.</exception>
    public static string Write(ReportData data, string directory)
    {
        ReportDataValidation.Check(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);

        var notes = new List<string>();
        NoteNonFiniteErrors(data.Sample, notes);
        var figures = Draw(data, notes);
        foreach (var figure in figures.All)
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, figure.FileName), figure.Png);
        }

        var reportPath = Path.GetFullPath(Path.Combine(directory, ReportFileName));
        AtomicFile.WriteAllBytes(reportPath, Encoding.UTF8.GetBytes(ReportHtml.Build(data, figures, notes)));
        return reportPath;
    }

    private static ReportFigures Draw(ReportData data, List<string> notes)
    {
        var sample = data.Sample;
        var loss = LossFigure.Build(data.History, notes);
        var histogram = ErrorHistogramFigure.Build(sample);
        var names = new FigureFileNames();
        var perInput = Enumerable.Range(0, sample.InputNames.Count)
            .Select(j => ErrorVsInputFigure.Build(sample, j, names.Next("error-vs-", sample.InputNames[j], j)))
            .OfType<ReportFigure>()
            .ToArray();
        var prefix = OutputFigure.FilePrefix(sample.Outputs);
        var perOutput = Enumerable.Range(0, sample.Outputs.Names.Count)
            .Select(k => OutputFigure.Build(sample, k, names.Next(prefix, sample.Outputs.Names[k], k)))
            .OfType<ReportFigure>()
            .ToArray();
        return new ReportFigures(loss is null ? [] : [loss], histogram is null ? [] : [histogram], perInput, perOutput);
    }

    /// <summary>NaN errors would silently vanish from percentiles and plots; say how many there are.</summary>
    private static void NoteNonFiniteErrors(HeldOutSample sample, List<string> notes)
    {
        if (sample.Count == 0)
        {
            notes.Add("The held-out sample is empty, so there are no error or output plots.");
            return;
        }

        var overall = sample.OverallError.Count(e => !double.IsFinite(e));
        if (overall > 0)
        {
            notes.Add($"{overall} of {sample.Count} held-out points have a NaN or infinite overall error; " +
                "they are left out of the plots. The network or an equation is undefined there.");
        }

        for (var e = 0; e < sample.EquationErrors.Length; e++)
        {
            var count = sample.EquationErrors[e].Count(v => !double.IsFinite(v));
            if (count > 0)
            {
                notes.Add($"Equation {e + 1} ({sample.EquationTexts[e]}): {count} of {sample.Count} errors are NaN or infinite.");
            }
        }
    }
}
