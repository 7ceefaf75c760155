namespace EqNet.Prediction;

/// <summary>What a CSV prediction did.</summary>
/// <param name="Rows">Data rows written (every row read, failed ones included).</param>
/// <param name="OutsideDomain">Predicted rows outside the trained domain (<c>in_domain</c> false).</param>
/// <param name="FailedRows">Rows whose inputs could not be read, written with empty outputs.</param>
/// <param name="Failures">The first failures, in file order (at most <see cref="CsvPredictionOptions.MaxReportedFailures"/>).</param>
/// <param name="Seconds">Wall-clock seconds, end to end.</param>
/// <param name="NetworkSeconds">Of those, seconds in the model (features and network); the rest is reading, parsing and writing.</param>
public sealed record CsvPredictionSummary(long Rows, long OutsideDomain, long FailedRows, IReadOnlyList<CsvRowFailure> Failures, double Seconds, double NetworkSeconds);
