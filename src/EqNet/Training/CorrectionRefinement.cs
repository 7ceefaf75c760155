using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// When a run turns from the network's own fit to correction stages (<see cref="CorrectionTraining"/>), and whether every
/// refinement has been tried, so that "converged" means the floor: the network's fit levels off (<see cref="ConvergenceRule"/>,
/// or Levenberg-Marquardt rejects every step), or its share of the budget (<see cref="TrainingOptions.CorrectionShare"/>) is
/// spent; then stages are fitted in the time left. A run whose stages bring nothing while its network still improves goes
/// back to the network's fit; one whose network had levelled off has reached its floor.
/// </summary>
internal sealed class CorrectionRefinement(TrainingOptions options)
{
    private bool _plateau, _flat, _tried;

    /// <summary>The stages kept, or null (none, or the network moved after they were fitted).</summary>
    public CorrectionStages? Corrections { get; private set; }

    /// <summary>The network's own fit has levelled off: <paramref name="flat"/> when it no longer improves at all (see <see cref="ConvergenceRule.Flat"/>), not just slowly.</summary>
    public void Plateau(bool flat)
    {
        _plateau = true;
        _flat |= flat;
    }

    /// <summary>The network's best weights changed: stages fitted to the old ones no longer apply.</summary>
    public void NetworkChanged() => Corrections = null;

    /// <summary>
    /// The network's fit no longer improves (flat, not merely slow) and every refinement has been tried (or none is
    /// allowed): its floor, where the run may stop as converged.
    /// </summary>
    public bool Exhausted => _flat && (_tried || options.MaxCorrectionStages == 0);

    /// <summary>
    /// Whether to fit the stages now: not tried yet, above the rounding floor, and the network levelled off, or its share
    /// spent while its pace promises less than a stage (<see cref="StageGain"/>) in the time left.
    /// </summary>
    /// <param name="bestP99">The network's best held-out p99.</param>
    /// <param name="steps">Iterations so far.</param>
    /// <param name="seconds">Seconds since the run started.</param>
    /// <param name="pace">The network's log improvement per second (<see cref="ConvergenceRule.Pace"/>; NaN: not measured yet).</param>
    public bool Due(double bestP99, int steps, double seconds, double pace)
    {
        if (_tried || options.MaxCorrectionStages == 0 || !(bestP99 > ConvergenceRule.RoundingFloor) || !(bestP99 < LargestP99)) return false;
        if (_plateau) return true;
        // A run held to a step count switches on the step count alone, so it stays deterministic.
        if (options.MaxSteps is { } max) return steps >= (1 - options.CorrectionShare) * max;
        double left = options.TimeBudgetSeconds - seconds;
        return left <= options.CorrectionShare * options.TimeBudgetSeconds && pace * left < Math.Log(StageGain);
    }

    /// <summary>
    /// What a stage gains on a smooth remaining error, as a factor on the p99 (measured: 3 to 10 on a law at its
    /// network's floor; see docs/decisions/0003-correction-stages.md): a network that still gains more by itself keeps the time.
    /// </summary>
    public const double StageGain = 10;

    /// <summary>
    /// Above this held-out p99 the network is not at a floor a stage can lift, so it keeps the time: at 120 steps,
    /// colebrook, van der Waals and II.6.15b (2.6e-5 to 3.8e-5, network alone) lost 1.3 to 1.6x with stages; I.6.2a at
    /// 4.6e-8 gained 21x (docs/decisions/0003-correction-stages.md).
    /// </summary>
    public const double LargestP99 = 1e-6;

    /// <summary>
    /// Fits up to <see cref="TrainingOptions.MaxCorrectionStages"/> stages on <paramref name="model"/>, each while it
    /// gains; returns the held-out error with the stages kept, or null when none was kept.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="system">Its compiled equations.</param>
    /// <param name="model">The network's best fit.</param>
    /// <param name="validation">The held-out points.</param>
    /// <param name="steps">Iterations the run has taken.</param>
    /// <param name="sample">Draws training points.</param>
    /// <param name="clock">Seconds since the run started.</param>
    /// <param name="stop">Whether the run must stop now.</param>
    /// <param name="report">Called after each iteration (phase, loss, held-out error at checks).</param>
    public ErrorSummary? Fit(Problem problem, CompiledSystem system, EqNetModel model, TrainingSet validation, int steps, Func<int, double[]> sample,
        Func<double> clock, Func<bool> stop, Action<string, double, ErrorSummary?> report)
    {
        _tried = true;
        var training = new CorrectionTraining(problem, system, options, model, validation);
        int kept = 0, stageSteps = 0;
        while (kept < options.MaxCorrectionStages && !stop() && training.Summary.P99 > ConvergenceRule.RoundingFloor)
        {
            bool another = kept + 1 < options.MaxCorrectionStages;
            double now = clock(), share = another ? CorrectionTraining.StageShare : 1;
            double until = now + share * Math.Max(0, options.TimeBudgetSeconds - now);
            // A step-limited run shares its remaining steps the same way.
            int allotment = options.MaxSteps is { } max ? (int)Math.Ceiling(share * Math.Max(0, max - steps)) : int.MaxValue;
            stageSteps = 0;
            bool added = training.AddStage(sample, clock, until, () => stop() || stageSteps >= allotment, (phase, loss, check) =>
            {
                stageSteps++;
                steps++;
                report(phase, loss, check);
            });
            if (!added) break;
            kept++;
        }
        if (kept == 0) return null;
        Corrections = training.Model.Corrections;
        return training.Summary;
    }
}
