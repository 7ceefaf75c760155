namespace EqNet.Prediction;

/// <summary>What a CSV prediction did.</summary>
/// <param name="Rows">Data rows written (every row read, failed ones included).</param>
/// <param name="OutsideDomain">Predicted rows outside the trained domain (<c>in_domain</c> false).</param>
/// <param name="FailedRows">Rows whose inputs could not be read, written with empty outputs.</param>
/// <param name="Failures">The first failures, in file order (at most <see cref="CsvPredictionOptions.MaxReportedFailures"/>).</param>
/// <param name="Seconds">Wall-clock seconds, end to end.</param>
/// <param name="NetworkSeconds">CPU seconds in the model (features, domain check and network), summed over the threads that predict blocks in parallel (wall seconds where the OS has no thread clock).</param>
public sealed record CsvPredictionSummary(long Rows, long OutsideDomain, long FailedRows, IReadOnlyList<CsvRowFailure> Failures, double Seconds, double NetworkSeconds)
{
    /// <summary>CPU seconds splitting rows and parsing the inputs (one thread, while the blocks before are predicted).</summary>
    public double ParseSeconds { get; init; }

    /// <summary>CPU seconds formatting the outputs into the rows' text, summed over threads.</summary>
    public double FormatSeconds { get; init; }

    /// <summary>CPU seconds writing the finished text (one thread).</summary>
    public double WriteSeconds { get; init; }
}
