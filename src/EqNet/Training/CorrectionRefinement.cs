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
    private bool _plateau, _tried;

    /// <summary>The stages kept, or null (none, or the network moved after they were fitted).</summary>
    public CorrectionStages? Corrections { get; private set; }

    /// <summary>The network's own fit has levelled off.</summary>
    public void Plateau() => _plateau = true;

    /// <summary>The network's best weights changed: stages fitted to the old ones no longer apply.</summary>
    public void NetworkChanged() => Corrections = null;

    /// <summary>The network's fit has levelled off and every refinement has been tried (or none is allowed): its floor.</summary>
    public bool Exhausted => _plateau && (_tried || options.MaxCorrectionStages == 0);

    /// <summary>Whether to fit the stages now: not tried yet, above the rounding floor, and the network levelled off or its share spent.</summary>
    /// <param name="bestP99">The network's best held-out p99.</param>
    /// <param name="steps">Iterations so far.</param>
    /// <param name="seconds">Seconds since the run started.</param>
    public bool Due(double bestP99, int steps, double seconds)
    {
        if (_tried || options.MaxCorrectionStages == 0 || !(bestP99 > ConvergenceRule.RoundingFloor) || !double.IsFinite(bestP99)) return false;
        // A run held to a step count switches on the step count alone, so it stays deterministic.
        bool spent = options.MaxSteps is { } max ? steps >= (1 - options.CorrectionShare) * max : seconds >= (1 - options.CorrectionShare) * options.TimeBudgetSeconds;
        return _plateau || spent;
    }

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
