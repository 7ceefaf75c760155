namespace EqNet.Reporting;

/// <summary>
/// Everything a training report shows, as plain data: the trainer and evaluator fill it, and
/// <see cref="ReportWriter"/> turns it into plots and one self-contained <c>report.html</c>.
/// </summary>
/// <remarks>
/// The record holds arrays for speed; the writer never modifies them, and callers should not modify
/// them after handing the record over. Shapes are checked when the report is written.
/// </remarks>
/// <param name="ProblemName">Name of the problem, shown in the report's title.</param>
/// <param name="Created">When the report's data was produced; shown in the header.</param>
/// <param name="Settings">Training settings in display order (for example <c>hidden = 64,64</c>).</param>
/// <param name="Metrics">
/// Rows of the metrics table: by convention first <c>overall</c>, then one row per equation.
/// </param>
/// <param name="History">Training history in step order; may be empty (no loss plot is drawn).</param>
/// <param name="Sample">Held-out points with their errors and outputs, for the error and output plots.</param>
public sealed record ReportData(
    string ProblemName,
    DateTimeOffset Created,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<MetricsRow> Metrics,
    IReadOnlyList<HistoryPoint> History,
    HeldOutSample Sample)
{
    /// <summary>Where the worst held-out errors lie and what they are near, as one sentence (empty: not measured).</summary>
    public string WorstRegion { get; init; } = "";

    /// <summary>Per output, how the model produces it (<see cref="Models.OutputStructure.Describe"/>); empty: not stated.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Structure { get; init; } = [];
}
