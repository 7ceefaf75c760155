namespace EqNet.Training;

/// <summary>Why a training run ended.</summary>
/// <remarks>
/// These are the run's reasons, not the optimiser's: the trainer drives <see cref="Optimization.LevenbergMarquardt.Step"/>
/// itself, between validations, refreshes and several fits, so the run stops on the held-out error, the budget or the
/// step limit. <see cref="Optimization.ExitCondition"/> is the result of <see cref="Optimization.LevenbergMarquardt.Minimize"/>,
/// the library's full-run minimiser, which training does not call.
/// </remarks>
public enum StopReason
{
    /// <summary>The held-out p99 stopped improving, or reached the float64 rounding floor (see <see cref="ConvergenceRule"/>).</summary>
    Converged,

    /// <summary>The wall-clock budget (<see cref="TrainingOptions.TimeBudgetSeconds"/>) was spent.</summary>
    TimeBudget,

    /// <summary>The step limit (<see cref="TrainingOptions.MaxSteps"/>) was reached.</summary>
    StepLimit,

    /// <summary>The caller's cancellation token fired.</summary>
    Cancelled,

    /// <summary>Every recent optimiser iteration gave a non-finite loss; the best checkpoint before that is kept.</summary>
    Diverged,
}

/// <summary>The words metrics.json, the model file and the CLI use for a <see cref="StopReason"/> (a file-format contract).</summary>
public static class StopReasonText
{
    /// <summary>"converged", "time budget", "step limit", "cancelled" or "diverged".</summary>
    public static string ToText(this StopReason reason) => reason switch
    {
        StopReason.Converged => "converged",
        StopReason.TimeBudget => "time budget",
        StopReason.StepLimit => "step limit",
        StopReason.Cancelled => "cancelled",
        StopReason.Diverged => "diverged",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
