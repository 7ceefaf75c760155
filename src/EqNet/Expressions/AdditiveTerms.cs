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

    /// <summary>
    /// The same terms as <see cref="Of"/>, each with the sign it carries in the sum: <c>a - (b - c)</c> gives
    /// (a, +1), (b, -1), (c, +1).
    /// </summary>
    public static IReadOnlyList<(Expr Term, int Sign)> Signed(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var terms = new List<(Expr, int)>();
        CollectSigned(expr, 1, terms);
        return terms;
    }

    private static void CollectSigned(Expr expr, int sign, List<(Expr, int)> terms)
    {
        if (expr is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum)
        {
            CollectSigned(sum.Left, sign, terms);
            CollectSigned(sum.Right, sum.Operator == BinaryOperator.Subtract ? -sign : sign, terms);
        }
        else
        {
            terms.Add((expr, sign));
        }
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
