namespace EqNet.Prediction;

/// <summary>Where a CSV prediction stands, reported after each block.</summary>
/// <param name="Rows">Data rows written so far.</param>
/// <param name="FailedRows">Rows among them whose inputs could not be read.</param>
/// <param name="Seconds">Wall-clock seconds since the start.</param>
public sealed record CsvPredictionProgress(long Rows, long FailedRows, double Seconds);
