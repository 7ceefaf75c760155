namespace EqNet.Expressions;

/// <summary>The top-level additive terms of an expression: + and - flattened, nothing else (a product is one term).</summary>
public static class AdditiveTerms
{
    /// <summary>The terms of <paramref name="e"/>; their absolute values summed over both sides of an equation give S.</summary>
    public static IReadOnlyList<Expr> Of(Expr e)
    {
        var terms = new List<Expr>();
        Collect(e, terms);
        return terms;
    }

    private static void Collect(Expr e, List<Expr> terms)
    {
        if (e is Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } b)
        {
            Collect(b.Left, terms);
            Collect(b.Right, terms);
        }
        else
        {
            terms.Add(e);
        }
    }
}
