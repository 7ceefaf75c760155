using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>A closed form found for one output, with its scores.</summary>
/// <param name="Output">Index of the output.</param>
/// <param name="Formula">The formula in the inputs, simplified.</param>
/// <param name="Stage">Which search found it: "power-law" (a transform of a sparse sum of monomials) or "expression" (trees with unary functions).</param>
/// <param name="SearchP99">p99 scale-relative error on the search sample.</param>
public sealed record FormulaCandidate(int Output, Expr Formula, string Stage, double SearchP99)
{
    /// <summary>Node count of <see cref="Formula"/>.</summary>
    public int Complexity => FormulaScore.Complexity(Formula);

    /// <summary>Held-out p99 of the problem's metric on the stated domain (set by <see cref="FormulaVerifier"/>).</summary>
    public double HeldOutP99 { get; init; } = double.NaN;

    /// <summary>Held-out median on the stated domain.</summary>
    public double HeldOutMedian { get; init; } = double.NaN;

    /// <summary>p99 on the widened domain, over the points where the true value is defined (NaN when no such point).</summary>
    public double WidenedP99 { get; init; } = double.NaN;
}
