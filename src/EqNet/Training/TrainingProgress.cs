namespace EqNet.Training;

/// <summary>One line of a training run's history.</summary>
/// <param name="Step">Optimiser iterations so far (all stages).</param>
/// <param name="Seconds">Wall-clock seconds since the start.</param>
/// <param name="Phase">Stage: <c>magnitude</c> (pre-fit), <c>reference</c> (fit to reference solutions, implicit or coupled systems), <c>lm</c> (joint Levenberg-Marquardt), <c>resumed</c> (the first validation of a resumed run) or <c>recovered</c> (best weights restored after a non-finite loss).</param>
/// <param name="Loss">Mean squared training residual.</param>
/// <param name="ValidationMedian">Median held-out scale-relative error, when validated at this step.</param>
/// <param name="ValidationP99">p99 held-out scale-relative error, when validated at this step.</param>
/// <param name="Damping">Levenberg-Marquardt damping (the learning-rate analogue).</param>
/// <param name="SecondsLeft">Budget left.</param>
public sealed record TrainingProgress(int Step, double Seconds, string Phase, double Loss, double? ValidationMedian,
    double? ValidationP99, double Damping, double SecondsLeft);
