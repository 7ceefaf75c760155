namespace EqNet.Training;

/// <summary>One line of a training run's history.</summary>
/// <param name="Step">Optimiser iterations so far (all stages).</param>
/// <param name="Seconds">Wall-clock seconds since the start.</param>
/// <param name="Phase">Stage: <c>magnitude</c> (pre-fit) or <c>lm</c> (joint Levenberg-Marquardt).</param>
/// <param name="Loss">Mean squared training residual.</param>
/// <param name="ValidationMedian">Median held-out scale-relative error, when validated at this step.</param>
/// <param name="ValidationP99">p99 held-out scale-relative error, when validated at this step.</param>
/// <param name="Damping">Levenberg-Marquardt damping (the learning-rate analogue).</param>
/// <param name="SecondsLeft">Budget left.</param>
public sealed record TrainingProgress(int Step, double Seconds, string Phase, double Loss, double? ValidationMedian,
    double? ValidationP99, double Damping, double SecondsLeft);
