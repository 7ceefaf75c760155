namespace EqNet.Optimization;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates a schedule that always returns <paramref name="rate"/>.</summary>
    public ConstantSchedule(double rate)
    {
        ScheduleArguments.RequireRate(rate, nameof(rate), nameof(ConstantSchedule));
        Rate = rate;
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public double RateAt(long step)
    {
        ScheduleArguments.RequireStep(step);
        return Rate;
    }
}
