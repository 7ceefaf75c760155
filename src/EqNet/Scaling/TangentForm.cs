using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Scaling;

/// <summary>
/// An equation in an angle t that reads t only through tan(t) and even powers of cos(t) and sin(t), rewritten in
/// T = tan(t) (cos^2 = 1 / (1 + T^2), sin^2 = T^2 / (1 + T^2)): a projectile's launch angle,
/// <c>y = x tan(t) - g x^2 / (2 v^2 cos(t)^2)</c>, is a quadratic in T. Its roots give t = atan(T) up to multiples of pi.
/// </summary>
internal static class TangentForm
{
    /// <summary>The roots of <paramref name="residual"/> = 0 in t, through the quadratic (or linear) equation in tan(t); none where it is not one.</summary>
    public static IEnumerable<RootCandidate> Roots(Expr residual, string t, IReadOnlySet<string> unknowns, DesignSample sample)
    {
        string name = $"tan_{t}";
        while (unknowns.Contains(name) || sample.Inputs.Contains(name)) name += "_";
        if (Rewrite(residual, t, new VariableExpr(name)) is not { } rewritten || !rewritten.Variables.Contains(name)) return [];
        var all = new HashSet<string>(unknowns, StringComparer.Ordinal) { name };
        return QuadraticStructure.Roots(rewritten, name, all, sample, null)
            .Select(r => new RootCandidate(Simplify(Call(MathFunction.Atan, r.Value)), Math.PI));
    }

    /// <summary><paramref name="e"/> with tan(t) as T, or null where t enters otherwise.</summary>
    private static Expr? Rewrite(Expr e, string t, Expr tan)
    {
        if (!e.Variables.Contains(t)) return e;
        var one = new NumberExpr(1);
        var secantSquared = Add(one, Power(tan, new NumberExpr(2)));
        switch (e)
        {
            case CallExpr { Function: MathFunction.Tan, Arguments: [VariableExpr v] } when v.Name == t:
                return tan;
            case BinaryExpr { Operator: BinaryOperator.Power, Left: CallExpr { Function: MathFunction.Cos or MathFunction.Sin, Arguments: [VariableExpr v] } call, Right: NumberExpr { Value: var k } }
                when v.Name == t && k == Math.Floor(k) && k % 2 == 0:
                // cos^k = (1 + T^2)^(-k/2); sin^k = T^k (1 + T^2)^(-k/2).
                var cosK = Power(secantSquared, new NumberExpr(-k / 2));
                return call.Function == MathFunction.Cos ? cosK : Multiply(Power(tan, new NumberExpr(k)), cosK);
            case UnaryExpr u:
                return Rewrite(u.Operand, t, tan) is { } operand ? Negate(operand) : null;
            case BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr } power:
                return Rewrite(power.Left, t, tan) is { } left ? Power(left, power.Right) : null;
            case BinaryExpr { Operator: not BinaryOperator.Power } b:
                var (l, r) = (Rewrite(b.Left, t, tan), Rewrite(b.Right, t, tan));
                return l is null || r is null ? null : Binary(b.Operator, l, r);
            default:
                return null;
        }
    }
}
