namespace EqNet.Certification;

/// <summary>Settings of <see cref="Certifier.Certify"/>.</summary>
public sealed record CertifyOptions
{
    /// <summary>Wall-clock seconds for the whole certification (the search for the worst point included).</summary>
    public double TimeBudget { get; init; } = 60;

    /// <summary>
    /// The bound closes when it is at most this many times the largest error seen (the search's, or at a box centre).
    /// 4: halving a box's width quarters the centred form's excess, so from 4x to 1x costs few levels, and it leaves
    /// room under the 10x a user would call tight.
    /// </summary>
    public double Factor { get; init; } = 4;

    /// <summary>Held-out points whose worst ones start the search for the worst point (<see cref="Evaluation.WorstCaseSearch"/>): 20,000 finds the tail in a second or two.</summary>
    public int SearchSamples { get; init; } = 20_000;

    /// <summary>Seed of those points.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker threads for the boxes (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Most boxes kept at once: each holds a few hundred bytes, so 2,000,000 stays within a few hundred MB.</summary>
    public int MaxBoxes { get; init; } = 2_000_000;
}

/// <summary>Why a certification stopped.</summary>
public enum CertificateExit
{
    /// <summary>The bound closed: within <see cref="CertifyOptions.Factor"/> of the largest error seen.</summary>
    Closed,

    /// <summary>The time budget ran out before the bound closed; the bound reached still holds.</summary>
    TimeBudget,

    /// <summary>The boxes reached float64 resolution or the box limit before the bound closed; the bound reached still holds.</summary>
    Exhausted,

    /// <summary>The model or problem has a part the certifier cannot enclose (see <see cref="Certificate.Reason"/>): no bound.</summary>
    Refused,
}

/// <summary>One equation's part of a certificate.</summary>
/// <param name="Equation">The equation's text.</param>
/// <param name="BoundReached">Upper bound of its scale-relative residual over the box (exact-arithmetic bound plus the rounding estimate), or null when none was found.</param>
public sealed record EquationCertificate(string Equation, double? BoundReached);

/// <summary>
/// An upper bound of a model's error over its whole trained input box, or why there is none (<see cref="Certifier"/>).
/// The error is the worst equation's scale-relative residual |lhs - rhs| / S (S the sum of the magnitudes of the
/// equation's top-level additive terms), as <c>eqnet eval</c> measures it.
/// </summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="Certified">Whether the bound closed (within <see cref="CertifyOptions.Factor"/> of the largest error seen).</param>
/// <param name="Bound">The certified bound (<see cref="BoundReached"/> when <see cref="Certified"/>), else null.</param>
/// <param name="BoundReached">The bound that holds when the run stopped: <see cref="ExactBound"/> + <see cref="RoundingEstimate"/>; null when none was found (refused, or some box never closed).</param>
/// <param name="ExactBound">The guaranteed part: the bound of the model's error in exact real arithmetic with its float64 weights, or null.</param>
/// <param name="RoundingEstimate">An estimate, not a guarantee, of what float64 prediction adds (see the method's docs).</param>
/// <param name="SearchedMax">The largest scale-relative residual found by <see cref="Evaluation.WorstCaseSearch"/> (or at a box centre, if larger): a lower bound of the true maximum.</param>
/// <param name="RootBoundReached">Upper bound of the root error |y - y*| (relative to |y*|, or to the output's scale where the evaluation uses one) in exact arithmetic, for one output and one equation; y* the root nearest the prediction. Null otherwise.</param>
/// <param name="RootSearchedMax">The search's largest root error, or null.</param>
/// <param name="Equations">Per equation, its bound.</param>
/// <param name="Boxes">Boxes the domain ended split into.</param>
/// <param name="Seconds">Wall-clock seconds, the search included.</param>
/// <param name="Method">How the bound was found, in words.</param>
/// <param name="Exit">Why it stopped.</param>
/// <param name="Reason">Why it is not certified, in words; null when it is.</param>
public sealed record Certificate(string Problem, bool Certified, double? Bound, double? BoundReached, double? ExactBound, double RoundingEstimate,
    double SearchedMax, double? RootBoundReached, double? RootSearchedMax, IReadOnlyList<EquationCertificate> Equations, long Boxes, double Seconds,
    string Method, CertificateExit Exit, string? Reason)
{
    /// <summary>How many times the searched max the bound reached is (null without one).</summary>
    public double? Ratio => BoundReached is { } b && SearchedMax > 0 ? b / SearchedMax : null;
}
