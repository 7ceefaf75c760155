namespace EqNet.Optimization;

/// <summary>
/// Cosine annealing: from <see cref="InitialRate"/> at step 0 down to <see cref="FloorRate"/> at <see cref="DecaySteps"/>
/// along half a cosine, then constant at the floor.
/// </summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>Creates a cosine decay over <paramref name="decaySteps"/> steps.</summary>
    public CosineSchedule(double initialRate, long decaySteps, double floorRate = 0)
    {
        ScheduleArguments.RequireRate(initialRate, nameof(initialRate), nameof(CosineSchedule));
        ScheduleArguments.RequireRate(floorRate, nameof(floorRate), nameof(CosineSchedule));
        if (decaySteps < 1) throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "CosineSchedule: the decay must last at least one step");
        if (floorRate > initialRate)
            throw new ArgumentException($"CosineSchedule: the floor rate {floorRate} is above the initial rate {initialRate}; the floor must not exceed it", nameof(floorRate));
        (InitialRate, DecaySteps, FloorRate) = (initialRate, decaySteps, floorRate);
    }

    /// <summary>Rate at step 0.</summary>
    public double InitialRate { get; }

    /// <summary>Step at which the floor is reached.</summary>
    public long DecaySteps { get; }

    /// <summary>Rate from <see cref="DecaySteps"/> on.</summary>
    public double FloorRate { get; }

    /// <inheritdoc/>
    public double RateAt(long step)
    {
        ScheduleArguments.RequireStep(step);
        double progress = Math.Min(step, DecaySteps) / (double)DecaySteps;
        return FloorRate + (InitialRate - FloorRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
