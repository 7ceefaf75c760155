namespace EqNet.Fitting;

/// <summary>Settings of a parameter identification (<see cref="ParameterFitter"/>).</summary>
public sealed record ParameterFitOptions
{
    /// <summary>Seed of the multi-start search (used only for parameters without a start).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Short Levenberg-Marquardt runs of the multi-start search; the best few are run to convergence.</summary>
    public int SearchStarts { get; init; } = 400;

    /// <summary>Iterations of each short search run.</summary>
    public int SearchIterations { get; init; } = 40;

    /// <summary>Best search runs continued to convergence.</summary>
    public int Finalists { get; init; } = 8;

    /// <summary>Iteration limit of a run to convergence (damped solves).</summary>
    public int MaxIterations { get; init; } = 5000;

    /// <summary>Confidence level of the intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Decades searched for a parameter with neither start nor bounds: |value| in 10^-Decades .. 10^Decades, either sign
    /// (positive only for log-scale parameters or min &gt;= 0).
    /// </summary>
    public double Decades { get; init; } = 6;

    /// <summary>
    /// Whether to compute profile-likelihood intervals besides the delta method's (a few dozen refits per parameter;
    /// skipped above a million residuals).
    /// </summary>
    public bool ProfileIntervals { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SearchStarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SearchIterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Finalists, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1);
        if (!(Confidence is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "the confidence level must lie between 0 and 1");
        if (!(Decades > 0)) throw new ArgumentOutOfRangeException(nameof(Decades), Decades, "the decades searched must be positive");
    }
}
