namespace EqNet.Reporting;

/// <summary>The report's plots, grouped by the section they appear in.</summary>
/// <param name="Training">The loss curve, when there is a history.</param>
/// <param name="Histogram">The error histogram, when any error is finite.</param>
/// <param name="PerInput">One error-against-input plot per input that could be drawn.</param>
/// <param name="PerOutput">One predicted-against-true (or residual-against-output) plot per output that could be drawn.</param>
internal sealed record ReportFigures(
    IReadOnlyList<ReportFigure> Training,
    IReadOnlyList<ReportFigure> Histogram,
    IReadOnlyList<ReportFigure> PerInput,
    IReadOnlyList<ReportFigure> PerOutput)
{
    /// <summary>Every figure, in page order.</summary>
    public IEnumerable<ReportFigure> All => Training.Concat(Histogram).Concat(PerInput).Concat(PerOutput);
}
