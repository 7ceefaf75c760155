namespace EqNet.Optimization;

/// <summary>
/// Lowers the learning rate by <see cref="Factor"/> when a validation metric (lower is better) has not improved for more
/// than <see cref="Patience"/> reports, then waits <see cref="Cooldown"/> reports before counting again.
/// </summary>
/// <remarks>
/// Feed it a validation metric, not the batch loss: on freshly sampled batches the loss is noisy enough to look like a
/// plateau when training is still progressing. Improvement means metric &lt; best - threshold x |best| (relative threshold),
/// so tiny gains that are only noise do not reset the patience. Semantics follow PyTorch's ReduceLROnPlateau (mode "min", "rel").
/// </remarks>
public sealed class ReduceOnPlateau : ILearningRateSchedule
{
    private int _badReports, _cooldownLeft;

    /// <summary>Creates the schedule starting at <paramref name="initialRate"/>; defaults follow PyTorch.</summary>
    public ReduceOnPlateau(double initialRate, double factor = 0.1, int patience = 10, int cooldown = 0,
        double minRate = 0, double threshold = 1e-4)
    {
        ScheduleArguments.RequireRate(initialRate, nameof(initialRate), nameof(ReduceOnPlateau));
        ScheduleArguments.RequireRate(minRate, nameof(minRate), nameof(ReduceOnPlateau));
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceOnPlateau: the factor must be in (0, 1)");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "ReduceOnPlateau: patience must not be negative");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "ReduceOnPlateau: cooldown must not be negative");
        if (!(threshold >= 0 && threshold < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "ReduceOnPlateau: the relative threshold must be in [0, 1)");
        (Rate, Factor, Patience, Cooldown, MinRate, Threshold) = (initialRate, factor, patience, cooldown, minRate, threshold);
    }

    /// <summary>The current learning rate.</summary>
    public double Rate { get; private set; }

    /// <summary>Multiplier applied to the rate on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Number of reports without improvement tolerated before the rate drops.</summary>
    public int Patience { get; }

    /// <summary>Reports to wait after a drop before non-improvement counts again.</summary>
    public int Cooldown { get; }

    /// <summary>The rate never drops below this.</summary>
    public double MinRate { get; }

    /// <summary>Relative improvement a report needs to count as better than the best so far.</summary>
    public double Threshold { get; }

    /// <summary>Best metric reported so far (positive infinity before the first report).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Number of rate reductions so far.</summary>
    public int Reductions { get; private set; }

    /// <summary>Records one validation metric; returns true when this report lowered the rate.</summary>
    /// <remarks>A NaN metric counts as no improvement.</remarks>
    public bool Report(double metric)
    {
        if (metric < Best - Threshold * Math.Abs(Best) || (double.IsPositiveInfinity(Best) && metric < Best))
        {
            Best = metric;
            _badReports = 0;
        }
        else
        {
            _badReports++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badReports = 0;
        }
        if (_badReports <= Patience) return false;
        _badReports = 0;
        _cooldownLeft = Cooldown;
        double lowered = Math.Max(Rate * Factor, MinRate);
        if (lowered >= Rate) return false;
        Rate = lowered;
        Reductions++;
        return true;
    }

    /// <summary>The current rate, whatever the step: the rate changes only through <see cref="Report"/>.</summary>
    public double RateAt(long step)
    {
        ScheduleArguments.RequireStep(step);
        return Rate;
    }
}
