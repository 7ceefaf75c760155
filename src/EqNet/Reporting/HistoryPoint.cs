namespace EqNet.Reporting;

/// <summary>One recorded point of the training history.</summary>
/// <param name="Step">Optimizer step (counted across phases), the x axis of the loss plot.</param>
/// <param name="Seconds">Wall-clock seconds since training started.</param>
/// <param name="Phase">Optimizer phase, for example <c>adam</c> or <c>lm</c>; changes are marked on the plot.</param>
/// <param name="Loss">Training loss at this step.</param>
/// <param name="ValidationP99">99th percentile of the validation scale-relative error, when measured at this step.</param>
/// <param name="ValidationMedian">Median validation scale-relative error, when measured at this step.</param>
/// <param name="LearningRate">Learning rate (or damping) in effect, when the phase has one.</param>
public sealed record HistoryPoint(
    int Step,
    double Seconds,
    string Phase,
    double Loss,
    double? ValidationP99 = null,
    double? ValidationMedian = null,
    double? LearningRate = null);
