namespace EqNet.Expressions;

/// <summary>Splits an expression into its top-level additive terms, as used for an equation's residual scale.</summary>
public static class AdditiveTerms
{
    /// <summary>
    /// The operands of the top-level <c>+</c> and <c>-</c> operations, left to right, without their signs:
    /// <c>a - (b + c)</c> gives a, b, c. A product, a call or a negation (<c>-(a + b)</c>) is one term.
    /// </summary>
    public static IReadOnlyList<Expr> Of(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var terms = new List<Expr>();
        Collect(expr, terms);
        return terms;
    }

    private static void Collect(Expr expr, List<Expr> terms)
    {
        if (expr is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum)
        {
            Collect(sum.Left, terms);
            Collect(sum.Right, terms);
        }
        else
        {
            terms.Add(expr);
        }
    }
}
