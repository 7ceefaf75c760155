namespace EqNet.Optimization;

/// <summary>
/// Linear warm-up in front of another schedule: step k &lt; W uses (k + 1) / W times the inner schedule's first rate,
/// then step k &gt;= W uses the inner schedule at k - W, so a decay starts where the warm-up ends.
/// </summary>
/// <remarks>Warm-up keeps Adam's first steps small while its second-moment estimate is still noisy.</remarks>
public sealed class WarmupSchedule : ILearningRateSchedule
{
    /// <summary>Wraps <paramref name="inner"/> with <paramref name="warmupSteps"/> steps of linear warm-up.</summary>
    public WarmupSchedule(ILearningRateSchedule inner, long warmupSteps)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "WarmupSchedule: the warm-up length must not be negative");
        (Inner, WarmupSteps) = (inner, warmupSteps);
    }

    /// <summary>The schedule that follows the warm-up.</summary>
    public ILearningRateSchedule Inner { get; }

    /// <summary>Number of warm-up steps.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc/>
    public double RateAt(long step)
    {
        ScheduleArguments.RequireStep(step);
        return step < WarmupSteps ? Inner.RateAt(0) * (step + 1) / WarmupSteps : Inner.RateAt(step - WarmupSteps);
    }
}
