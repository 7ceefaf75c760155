namespace EqNet.Training;

/// <summary>
/// Decides when the network's own fit has levelled off, from the best held-out p99 seen at each validation of the final
/// Levenberg-Marquardt phase: at the float64 rounding floor, or when, over the last <see cref="Window"/> validations, it
/// improved so little that neither (a) it moved by more than <see cref="FlatGain"/> nor (b) that pace, kept up for the
/// rest of the time budget, would improve it by more than <see cref="WorthwhileGain"/> (judged while a quarter of the
/// budget is left). Levelling off turns the run to its refinements (correction stages, see
/// <see cref="CorrectionRefinement"/>); only a fit that is <see cref="Flat"/> (rule (a) or the floor) and has had its
/// refinements tried counts as converged. Rule (b) alone once stopped runs whose error still fell (Kepler from M = 0:
/// "converged" after 21 s of 60 at p99 1.5e-4); it now only says that grinding on is worth less than a refinement.
/// </summary>
public sealed class ConvergenceRule
{
    /// <summary>
    /// A p99 at or below this is float64 rounding of the equation itself, |lhs - rhs| / S within a few dozen ulps: the
    /// suite's widened laws reach 1e-15 and nothing below can show in the metric.
    /// </summary>
    public const double RoundingFloor = 1e-14;

    /// <summary>
    /// A p99 at or below this, still creeping down when the fit levels off, counts as flat: within a few hundred ulps of
    /// the rounding floor, where what is left is invisible to any use (an easy law grinding from 1e-12 to 1e-13).
    /// </summary>
    public const double NearFloor = 1e-11;

    /// <summary>
    /// Rule (b) stops a run only while at least this share of the budget is left: stopping later saves little time, and
    /// runs measured here (kepler, colebrook) still took a step down of 10 to 20 % in their last few seconds.
    /// </summary>
    public const double LeastShareLeft = 0.25;

    /// <summary>
    /// Least share of the budget the window spans. Colebrook (0.03 s a step) stopped as flat after 34 s of 60 at p99
    /// 1.8e-6 with a window of ten validations (3 s); its p99 was still falling and reached 2.4e-7 at 60 s.
    /// </summary>
    public const double MinWindowShare = 0.15;

    private readonly List<(double Seconds, double BestP99)> _seen = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="window">Validations the improvement is measured over (at least 2; the trainer validates every 10 iterations).</param>
    /// <param name="flatGain">Relative improvement over the window below which the run is flat, e.g. 0.01.</param>
    /// <param name="worthwhileGain">Relative improvement the rest of the budget must promise at the current pace, e.g. 0.25.</param>
    public ConvergenceRule(int window, double flatGain, double worthwhileGain)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(flatGain);
        ArgumentOutOfRangeException.ThrowIfNegative(worthwhileGain);
        Window = window;
        FlatGain = flatGain;
        WorthwhileGain = worthwhileGain;
    }

    /// <summary>Validations the improvement is measured over.</summary>
    public int Window { get; }

    /// <summary>Relative improvement over the window below which the run is flat.</summary>
    public double FlatGain { get; }

    /// <summary>Relative improvement the rest of the budget must promise, at the window's pace, to continue.</summary>
    public double WorthwhileGain { get; }

    /// <summary>
    /// Whether the last observation found the fit flat: at the rounding floor, or better by less than
    /// <see cref="FlatGain"/> over the window. A fit that is only slow (rule (b)) is not flat.
    /// </summary>
    public bool Flat { get; private set; }

    /// <summary>
    /// The log of the p99's improvement per second over the last full window (0 at the floor or when flat), or NaN before
    /// a window has filled: how fast the fit still gains.
    /// </summary>
    public double Pace { get; private set; } = double.NaN;

    /// <summary>Records a validation and says whether the fit has levelled off (flat, at the floor, or too slow to be worth its budget).</summary>
    /// <param name="seconds">Seconds since the run started.</param>
    /// <param name="bestP99">Best held-out p99 so far (non-increasing from call to call).</param>
    /// <param name="budgetSeconds">The run's time budget in seconds.</param>
    public bool Observe(double seconds, double bestP99, double budgetSeconds)
    {
        Flat = false;
        if (bestP99 <= RoundingFloor)
        {
            Pace = 0;
            return Flat = true;
        }
        _seen.Add((seconds, bestP99));
        if (_seen.Count <= Window || !double.IsFinite(bestP99)) return false;
        // The window spans at least Window validations and MinWindowShare of the budget: a law whose steps are fast
        // validates every few tenths of a second, where ten validations are too short to tell flat from noisy.
        int at = _seen.Count - 1 - Window;
        while (at >= 0 && seconds - _seen[at].Seconds < MinWindowShare * budgetSeconds) at--;
        if (at < 0) return false;
        var (then, before) = _seen[at];
        if (!double.IsFinite(before)) return false;
        double gain = Math.Log(before / bestP99);
        double pace = gain / Math.Max(seconds - then, 1e-9);
        Pace = pace;
        if (gain < double.LogP1(FlatGain)) return Flat = true;
        double left = budgetSeconds - seconds;
        if (left < LeastShareLeft * budgetSeconds) return false;
        return pace * left < double.LogP1(WorthwhileGain);
    }
}
