using EqNet.Expressions;

namespace EqNet.Problems;

/// <summary>One input of a problem: its bounds, how it is sampled, and how the model should see it.</summary>
/// <param name="Name">The variable name used in equations and later bounds.</param>
/// <param name="Min">Lower bound; may use inputs listed before this one.</param>
/// <param name="Max">Upper bound; may use inputs listed before this one.</param>
/// <param name="Sampling">How values are drawn between the bounds.</param>
/// <param name="Transform">The requested input transform.</param>
/// <param name="Line">1-based line of the input's name in the problem file (0 when unknown).</param>
public sealed record InputSpec(
    string Name, Expr Min, Expr Max, SamplingKind Sampling, InputTransformKind Transform, int Line)
{
    /// <summary>The inputs the bounds depend on (empty for constant bounds), in no particular order.</summary>
    public IReadOnlySet<string> BoundVariables => new HashSet<string>(Min.Variables.Concat(Max.Variables), StringComparer.Ordinal);

    /// <summary>Whether both bounds are constants, i.e. the input's range does not depend on other inputs.</summary>
    public bool HasConstantBounds => BoundVariables.Count == 0;
}
