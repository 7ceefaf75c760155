namespace EqNet.Optimization;

/// <summary>A learning rate as a function of the step number (0-based).</summary>
public interface ISchedule
{
    /// <summary>The rate at <paramref name="step"/>.</summary>
    double LearningRate(int step);
}

/// <summary>A fixed rate.</summary>
/// <param name="Rate">The rate.</param>
public sealed record ConstantSchedule(double Rate) : ISchedule
{
    /// <inheritdoc />
    public double LearningRate(int step) => Rate;
}

/// <summary>Cosine decay from <paramref name="Start"/> to <paramref name="Floor"/> over <paramref name="Steps"/>, then the floor.</summary>
/// <param name="Start">Initial rate.</param>
/// <param name="Floor">Final rate.</param>
/// <param name="Steps">Length of the decay.</param>
public sealed record CosineSchedule(double Start, double Floor, int Steps) : ISchedule
{
    /// <inheritdoc />
    public double LearningRate(int step) =>
        step >= Steps ? Floor : Floor + 0.5 * (Start - Floor) * (1 + Math.Cos(Math.PI * step / Steps));
}

/// <summary>Linear warm-up from 0 over <paramref name="Steps"/>, then <paramref name="After"/> (with its step count shifted).</summary>
/// <param name="Steps">Warm-up length.</param>
/// <param name="After">The schedule that follows.</param>
public sealed record WarmupSchedule(int Steps, ISchedule After) : ISchedule
{
    /// <inheritdoc />
    public double LearningRate(int step) =>
        step < Steps ? After.LearningRate(0) * (step + 1) / Steps : After.LearningRate(step - Steps);
}

/// <summary>
/// Reduce-on-plateau driven by a validation metric (not the noisy batch loss): the rate is multiplied by
/// <see cref="Factor"/> when the metric has not improved by <see cref="Threshold"/> (relative) for
/// <see cref="Patience"/> reports, then waits <see cref="Cooldown"/> reports; never below <see cref="MinRate"/>.
/// </summary>
public sealed class ReduceOnPlateau(double rate, double factor = 0.5, int patience = 5, int cooldown = 0, double minRate = 1e-8, double threshold = 1e-3)
{
    private double _best = double.PositiveInfinity;
    private int _bad, _cool;

    /// <summary>Current rate.</summary>
    public double Rate { get; private set; } = rate;

    /// <summary>Multiplier on a plateau.</summary>
    public double Factor { get; } = factor;

    /// <summary>Reports without improvement before reducing.</summary>
    public int Patience { get; } = patience;

    /// <summary>Reports to wait after a reduction.</summary>
    public int Cooldown { get; } = cooldown;

    /// <summary>Lower limit.</summary>
    public double MinRate { get; } = minRate;

    /// <summary>Relative improvement that counts.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>Feeds a validation value; returns the (possibly reduced) rate.</summary>
    public double Report(double metric)
    {
        if (metric < _best * (1 - Threshold)) { _best = metric; _bad = 0; }
        else if (_cool > 0) _cool--;
        else if (++_bad > Patience)
        {
            Rate = Math.Max(MinRate, Rate * Factor);
            _bad = 0;
            _cool = Cooldown;
        }
        return Rate;
    }
}
