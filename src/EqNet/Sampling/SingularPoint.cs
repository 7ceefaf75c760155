namespace EqNet.Sampling;

/// <summary>What makes a law singular somewhere in (or at the edge of) its stated domain.</summary>
public enum SingularityKind
{
    /// <summary>A denominator changes sign inside the domain: the law is infinite where it is 0.</summary>
    Pole,

    /// <summary>A denominator of one sign comes within <see cref="DomainCheck.NearZeroRatio"/> of 0 (relative to its largest magnitude).</summary>
    NearPole,

    /// <summary>A square root's (or fractional power's) argument reaches 0, an inverse sine's or cosine's reaches +-1: the slope is infinite there.</summary>
    InfiniteSlope,
}

/// <summary>One singular point of an equation's input-only parts, seen on the probe sample.</summary>
/// <param name="Number">1-based position of the equation in the problem file.</param>
/// <param name="Kind">Pole, near pole or infinite slope.</param>
/// <param name="Part">The denominator or argument, as text.</param>
/// <param name="Closest">The probe point nearest the singular set (input name -> value, file order).</param>
/// <param name="Nearest">How close the part came there: its value (pole), or its distance to 0 or +-1 relative to its largest magnitude.</param>
public sealed record SingularPoint(int Number, SingularityKind Kind, string Part, IReadOnlyList<KeyValuePair<string, double>> Closest, double Nearest)
{
    /// <summary>One sentence: where, what, and what it does to a fit.</summary>
    public string Describe()
    {
        string at = string.Join(", ", Closest.Select(p => $"{p.Key}={DomainSampler.Show(p.Value)}"));
        return Kind switch
        {
            SingularityKind.Pole => $"equation {Number} is singular inside its domain: the denominator '{Part}' changes sign, so the law is infinite where it is 0 " +
                $"(near {at}); no network is accurate next to a pole",
            SingularityKind.NearPole => $"equation {Number} comes close to a pole: the denominator '{Part}' gets within {Nearest:G2} of 0 relative to its largest value " +
                $"(at {at}); expect the largest errors there",
            _ => $"equation {Number} has an infinite slope: '{Part}' gets within {Nearest:G2} (relative) of where the root or inverse sine turns vertical " +
                $"(at {at}); EqNet adds its log as a feature, but the errors concentrate there",
        };
    }
}
