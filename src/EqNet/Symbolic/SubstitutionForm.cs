using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// An equation in an angle t that reads t through one function of a = m t only, rewritten as an equation in u = that
/// function: tan(a) (with even powers of cos(a) and sin(a): cos^2 = 1 / (1 + u^2)), cos(a) (with even powers of sin(a):
/// sin^2 = 1 - u^2), or sin(a) (with even powers of cos(a)). A projectile's launch angle,
/// <c>y = x tan(t) - g x^2 / (2 v^2 cos(t)^2)</c>, is a quadratic in tan(t); an orbit's true anomaly,
/// <c>r = p / (1 + e cos(nu))</c>, is linear in cos(nu) once its denominator is cleared. The roots in u give t up to its
/// period: atan(u) / m, +-acos(u) / m, asin(u) / m or (pi - asin(u)) / m.
/// </summary>
internal static class SubstitutionForm
{
    private enum Function { Tan, Cos, Sin }

    /// <summary>The roots of <paramref name="residual"/> = 0 in t, through the quadratic (or linear) equation in tan, cos or sin of m t; none where it is none.</summary>
    public static IEnumerable<RootCandidate> Roots(Expr residual, string t, IReadOnlySet<string> unknowns, DesignSample sample)
    {
        string name = $"u_{t}";
        while (unknowns.Contains(name) || sample.Inputs.Contains(name)) name += "_";
        var u = new VariableExpr(name);
        var all = new HashSet<string>(unknowns, StringComparer.Ordinal) { name };
        foreach (var function in Enum.GetValues<Function>())
        {
            double m = double.NaN;
            if (Rewrite(residual, t, function, u, ref m) is not { } rewritten || !rewritten.Variables.Contains(name)) continue;
            double period = (function == Function.Tan ? Math.PI : 2 * Math.PI) / Math.Abs(m);
            foreach (var root in QuadraticStructure.Roots(rewritten, name, all, sample, null))
            {
                var value = function == Function.Tan ? root.Value : Clamped(root.Value);
                Expr[] angles = function switch
                {
                    Function.Tan => [Call(MathFunction.Atan, value)],
                    Function.Cos => [Call(MathFunction.Acos, value), Negate(Call(MathFunction.Acos, value))],
                    _ => [Call(MathFunction.Asin, value), Subtract(new ConstantExpr(MathConstant.Pi), Call(MathFunction.Asin, value))],
                };
                foreach (var angle in angles) yield return new RootCandidate(Simplify(Divide(angle, new NumberExpr(m))), period);
            }
        }
    }

    /// <summary><paramref name="e"/> within [-1, 1], the domain of acos and asin (rounding at a double root takes it a few ulps past).</summary>
    internal static Expr Clamped(Expr e) => Call(MathFunction.Max, Call(MathFunction.Min, Simplify(e), new NumberExpr(1)), new NumberExpr(-1));

    /// <summary>
    /// <paramref name="e"/> with the function of m t as <paramref name="u"/> (m set by the first call met, and the same
    /// in every other), or null where t enters otherwise.
    /// </summary>
    private static Expr? Rewrite(Expr e, string t, Function function, Expr u, ref double m)
    {
        if (!e.Variables.Contains(t)) return e;
        var one = new NumberExpr(1);
        var uSquared = Power(u, new NumberExpr(2));
        switch (e)
        {
            case CallExpr { Function: MathFunction.Tan or MathFunction.Cos or MathFunction.Sin, Arguments: [var argument] } call
                when Named(call.Function) == function && Multiple(argument, t, ref m):
                return u;
            case BinaryExpr { Operator: BinaryOperator.Power, Left: CallExpr { Function: MathFunction.Cos or MathFunction.Sin, Arguments: [var argument] } call, Right: NumberExpr { Value: var k } }
                when k == Math.Floor(k) && k % 2 == 0 && Named(call.Function) != function && Multiple(argument, t, ref m):
                // tan: cos^k = (1 + u^2)^(-k/2), sin^k = u^k (1 + u^2)^(-k/2); cos: sin^k = (1 - u^2)^(k/2); sin: cos^k likewise.
                if (function != Function.Tan) return Power(Subtract(one, uSquared), new NumberExpr(k / 2));
                var cosK = Power(Add(one, uSquared), new NumberExpr(-k / 2));
                return call.Function == MathFunction.Cos ? cosK : Multiply(Power(u, new NumberExpr(k)), cosK);
            case UnaryExpr negated:
                return Rewrite(negated.Operand, t, function, u, ref m) is { } operand ? Negate(operand) : null;
            case BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr } power:
                return Rewrite(power.Left, t, function, u, ref m) is { } left ? Power(left, power.Right) : null;
            case BinaryExpr { Operator: not BinaryOperator.Power } b:
                var l = Rewrite(b.Left, t, function, u, ref m);
                var r = l is null ? null : Rewrite(b.Right, t, function, u, ref m);
                return l is null || r is null ? null : Binary(b.Operator, l, r);
            default:
                return null;
        }
    }

    private static Function? Named(MathFunction f) => f switch
    {
        MathFunction.Tan => Function.Tan,
        MathFunction.Cos => Function.Cos,
        MathFunction.Sin => Function.Sin,
        _ => null,
    };

    /// <summary>Whether <paramref name="argument"/> is m t for a constant m (the same as any met before).</summary>
    private static bool Multiple(Expr argument, string t, ref double m)
    {
        if (TrigonometricSum.LinearPhase(argument, new HashSet<string> { t }) is not var (multipliers, offset)
            || !multipliers.TryGetValue(t, out double slope) || slope == 0 || TrigonometricSum.Constant(offset) is not 0) return false;
        if (double.IsNaN(m)) m = slope;
        return m == slope;
    }
}
