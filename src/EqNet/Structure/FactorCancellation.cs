using EqNet.Expressions;

namespace EqNet.Structure;

/// <summary>
/// Cancels an unknown that a product divides by as often as it multiplies (<c>4*Q/(pi*D*nu)*A/Q</c>, a Reynolds number
/// written through the velocity), so an isolation sees the one occurrence that is left. Equal to the original except
/// where the unknown is 0, which every isolation is checked against (the sequence must give the solutions).
/// </summary>
internal static class FactorCancellation
{
    /// <summary><paramref name="e"/> with <paramref name="unknown"/> cancelled in every product and quotient; the same object when nothing cancels.</summary>
    public static Expr Of(Expr e, string unknown)
    {
        if (!e.Variables.Contains(unknown)) return e;
        switch (e)
        {
            case BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide }:
                var factors = new List<(Expr Factor, bool Above)>();
                Flatten(e, true, factors);
                bool changed = false;
                for (int i = 0; i < factors.Count; i++)
                {
                    var inner = Of(factors[i].Factor, unknown);
                    if (!ReferenceEquals(inner, factors[i].Factor)) (factors[i], changed) = ((inner, factors[i].Above), true);
                }
                int above = factors.Count(f => IsUnknown(f.Factor, unknown) && f.Above), below = factors.Count(f => IsUnknown(f.Factor, unknown) && !f.Above);
                int cancel = Math.Min(above, below);
                if (cancel == 0) return changed ? Rebuild(factors) : e;
                var kept = new List<(Expr, bool)>();
                int droppedAbove = 0, droppedBelow = 0;
                foreach (var (factor, isAbove) in factors)
                {
                    if (IsUnknown(factor, unknown) && (isAbove ? droppedAbove < cancel : droppedBelow < cancel))
                    {
                        if (isAbove) droppedAbove++;
                        else droppedBelow++;
                        continue;
                    }
                    kept.Add((factor, isAbove));
                }
                return Rebuild(kept);
            case BinaryExpr b:
                var left = Of(b.Left, unknown);
                var right = Of(b.Right, unknown);
                return ReferenceEquals(left, b.Left) && ReferenceEquals(right, b.Right) ? e : new BinaryExpr(b.Operator, left, right);
            case UnaryExpr u:
                var operand = Of(u.Operand, unknown);
                return ReferenceEquals(operand, u.Operand) ? e : new UnaryExpr(u.Operator, operand);
            case CallExpr call:
                var arguments = call.Arguments.Select(a => Of(a, unknown)).ToArray();
                return arguments.Where((a, i) => !ReferenceEquals(a, call.Arguments[i])).Any() ? new CallExpr(call.Function, arguments) : e;
            default:
                return e;
        }
    }

    private static bool IsUnknown(Expr e, string unknown) => e is VariableExpr v && v.Name == unknown;

    private static void Flatten(Expr e, bool above, List<(Expr, bool)> into)
    {
        if (e is BinaryExpr { Operator: BinaryOperator.Multiply } m)
        {
            Flatten(m.Left, above, into);
            Flatten(m.Right, above, into);
        }
        else if (e is BinaryExpr { Operator: BinaryOperator.Divide } d)
        {
            Flatten(d.Left, above, into);
            Flatten(d.Right, !above, into);
        }
        else into.Add((e, above));
    }

    private static Expr Rebuild(List<(Expr Factor, bool Above)> factors)
    {
        Expr? numerator = null, denominator = null;
        foreach (var (factor, above) in factors)
        {
            if (above) numerator = numerator is null ? factor : new BinaryExpr(BinaryOperator.Multiply, numerator, factor);
            else denominator = denominator is null ? factor : new BinaryExpr(BinaryOperator.Multiply, denominator, factor);
        }
        numerator ??= new NumberExpr(1);
        return denominator is null ? numerator : new BinaryExpr(BinaryOperator.Divide, numerator, denominator);
    }
}
