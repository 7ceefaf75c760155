namespace EqNet.Reporting;

/// <summary>One row of the report's metrics table: statistics of a scale-relative residual, or of an output's root error (its label says which).</summary>
/// <param name="Label">What the row measures, for example <c>overall</c> or an equation's name.</param>
/// <param name="Median">Median scale-relative error.</param>
/// <param name="P90">90th percentile of the scale-relative error.</param>
/// <param name="P99">99th percentile of the scale-relative error.</param>
/// <param name="Max">Largest scale-relative error.</param>
public sealed record MetricsRow(string Label, double Median, double P90, double P99, double Max);
