using EqNet.Expressions;

namespace EqNet.Problems;

/// <summary>One equation the outputs must satisfy, with its residual scale override and weight.</summary>
/// <param name="Equation">The parsed equation (<c>lhs = rhs</c>).</param>
/// <param name="Scale">
/// A user-given residual scale, or null to use the default (the sum of absolute values of the top-level
/// additive terms of both sides).
/// </param>
/// <param name="Weight">The equation's weight in the loss (positive; 1 by default).</param>
/// <param name="Line">1-based line of the equation in the problem file (0 when unknown).</param>
/// <param name="Outputs">The outputs the equation mentions, in the order the problem lists outputs.</param>
public sealed record EquationSpec(Equation Equation, Expr? Scale, double Weight, int Line, IReadOnlyList<string> Outputs)
{
    /// <summary>The equation as written in the problem file.</summary>
    public string Text => Equation.Text;
}
