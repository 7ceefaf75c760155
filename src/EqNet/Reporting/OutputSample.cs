namespace EqNet.Reporting;

/// <summary>The network's outputs at the held-out points, and the true values when they are known.</summary>
/// <param name="Names">Names of the outputs, for example <c>y</c>.</param>
/// <param name="Predicted">Per output, per sample: the network's prediction.</param>
/// <param name="Reference">
/// Per output, per sample: the true value (from an explicit problem or a Newton solve), or <c>null</c>
/// when none is known; the report then plots the residual against each output instead of predicted
/// against true.
/// </param>
public sealed record OutputSample(
    IReadOnlyList<string> Names,
    double[][] Predicted,
    double[][]? Reference);
