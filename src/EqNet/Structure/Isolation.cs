using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Structure;

/// <summary>How an unknown was isolated from its equation.</summary>
public enum IsolationKind
{
    /// <summary>The equation is affine in the unknown: <c>y = -r(y=0) / (dr/dy)</c>, the slope free of it.</summary>
    Linear,

    /// <summary>The unknown occurs once (or as <c>g*abs(g)**p</c>), under operations with a single-valued inverse.</summary>
    Inverted,
}

/// <summary>
/// Solves one equation for one of its variables symbolically, where that is exact and single-valued: linearly
/// (preferred: no new singular points but the slope's zeros), else by undoing, from the outside in, the operations
/// around a single occurrence (+, -, *, /, unary minus, a power with the unknown in base or exponent, exp, log, sqrt,
/// sinh, tanh and their inverses), or a signed power <c>g*abs(g)**p</c> (a Hazen-Williams or turbulent loss). An even
/// power, cos, cosh and abs have two preimages and are refused, as is an unknown that occurs twice any other way.
/// </summary>
public static class Isolation
{
    /// <summary>The unknown <paramref name="unknown"/> as an expression of the other variables of <c>lhs = rhs</c>, or null.</summary>
    public static (Expr Value, IsolationKind Kind)? Solve(Expr lhs, Expr rhs, string unknown)
    {
        ArgumentNullException.ThrowIfNull(lhs);
        ArgumentNullException.ThrowIfNull(rhs);
        (lhs, rhs) = (FactorCancellation.Of(lhs, unknown), FactorCancellation.Of(rhs, unknown));
        var residual = Subtract(lhs, rhs);
        if (!residual.Variables.Contains(unknown)) return null;
        var slope = Simplify(Differentiator.Differentiate(residual, unknown));
        if (!slope.Variables.Contains(unknown) && !IsZero(slope))
        {
            var rest = Simplify(Substituter.Substitute(residual, new Dictionary<string, Expr> { [unknown] = new NumberExpr(0) }));
            return (Simplify(Negate(Divide(rest, slope))), IsolationKind.Linear);
        }
        bool left = lhs.Variables.Contains(unknown), right = rhs.Variables.Contains(unknown);
        if (left && right) return null;
        var value = left ? Invert(lhs, rhs, unknown) : Invert(rhs, lhs, unknown);
        return value is null ? null : (Simplify(value), IsolationKind.Inverted);
    }

    private static bool IsZero(Expr e) => e is NumberExpr { Value: 0 };

    /// <summary>The value of <paramref name="unknown"/> that makes <paramref name="node"/> equal <paramref name="value"/>, or null.</summary>
    private static Expr? Invert(Expr node, Expr value, string unknown)
    {
        switch (node)
        {
            case VariableExpr v when v.Name == unknown:
                return value;
            case UnaryExpr { Operator: UnaryOperator.Negate } u:
                return Invert(u.Operand, Negate(value), unknown);
            case BinaryExpr { Operator: BinaryOperator.Multiply } b when SignedPower(b, unknown) is { } signed:
                // c*g*|g|^p = v  =>  g = sign(v/c) |v/c|^(1/(1+p)).
                var scaled = signed.Factor is null ? value : Divide(value, signed.Factor);
                var root = Multiply(Call(MathFunction.Sign, scaled), Power(Call(MathFunction.Abs, scaled), Divide(new NumberExpr(1), Add(new NumberExpr(1), signed.Exponent))));
                return Invert(signed.Base, root, unknown);
            case BinaryExpr b:
                bool inLeft = b.Left.Variables.Contains(unknown), inRight = b.Right.Variables.Contains(unknown);
                if (inLeft == inRight) return null;
                return (b.Operator, inLeft) switch
                {
                    (BinaryOperator.Add, true) => Invert(b.Left, Subtract(value, b.Right), unknown),
                    (BinaryOperator.Add, false) => Invert(b.Right, Subtract(value, b.Left), unknown),
                    (BinaryOperator.Subtract, true) => Invert(b.Left, Add(value, b.Right), unknown),
                    (BinaryOperator.Subtract, false) => Invert(b.Right, Subtract(b.Left, value), unknown),
                    (BinaryOperator.Multiply, true) => Invert(b.Left, Divide(value, b.Right), unknown),
                    (BinaryOperator.Multiply, false) => Invert(b.Right, Divide(value, b.Left), unknown),
                    (BinaryOperator.Divide, true) => Invert(b.Left, Multiply(value, b.Right), unknown),
                    (BinaryOperator.Divide, false) => Invert(b.Right, Divide(b.Left, value), unknown),
                    (_, true) => PowerBase(b.Right) is { } inverse ? Invert(b.Left, inverse(value), unknown) : null,
                    // a^g = v  =>  g = log(v) / log(a).
                    _ => Invert(b.Right, Divide(Call(MathFunction.Log, value), Call(MathFunction.Log, b.Left)), unknown),
                };
            case CallExpr { Arguments.Count: 1 } call:
                Expr? inner = call.Function switch
                {
                    MathFunction.Exp => Call(MathFunction.Log, value),
                    MathFunction.Log => Call(MathFunction.Exp, value),
                    MathFunction.Log10 => Power(new NumberExpr(10), value),
                    MathFunction.Log2 => Power(new NumberExpr(2), value),
                    MathFunction.Sqrt => Power(value, new NumberExpr(2)),
                    MathFunction.Sinh => Call(MathFunction.Asinh, value),
                    MathFunction.Asinh => Call(MathFunction.Sinh, value),
                    MathFunction.Tanh => Call(MathFunction.Atanh, value),
                    MathFunction.Atanh => Call(MathFunction.Tanh, value),
                    // Injective on their domains, so the inverse is the one root: erf and erfinv, expm1 and log1p,
                    // cbrt, the principal inverse trigonometric functions, and Lambert W (whose inverse is w e^w).
                    MathFunction.Erf => Call(MathFunction.ErfInv, value),
                    MathFunction.ErfInv => Call(MathFunction.Erf, value),
                    MathFunction.Expm1 => Call(MathFunction.Log1p, value),
                    MathFunction.Log1p => Call(MathFunction.Expm1, value),
                    MathFunction.Cbrt => Power(value, new NumberExpr(3)),
                    MathFunction.Atan => Call(MathFunction.Tan, value),
                    MathFunction.Asin => Call(MathFunction.Sin, value),
                    MathFunction.Acos => Call(MathFunction.Cos, value),
                    MathFunction.LambertW => Multiply(value, Call(MathFunction.Exp, value)),
                    _ => null,
                };
                return inner is null ? null : Invert(call.Arguments[0], inner, unknown);
            default:
                return null;
        }
    }

    /// <summary>
    /// The inverse of x^p in x: an odd integer power keeps the sign (sign(v) |v|^(1/p)); an even one has two roots and is
    /// refused; any other exponent (a number or an expression of known values) is defined for x &gt;= 0 only, so v^(1/p).
    /// </summary>
    private static Func<Expr, Expr>? PowerBase(Expr exponent)
    {
        var reciprocal = Divide(new NumberExpr(1), exponent);
        if (exponent is not NumberExpr { Value: var p }) return v => Power(v, reciprocal);
        if (p == 0) return null;
        if (p == Math.Round(p) && Math.Abs(p) < 1e15)
        {
            if (Math.Abs(p % 2) == 0) return null;
            return v => Multiply(Call(MathFunction.Sign, v), Power(Call(MathFunction.Abs, v), reciprocal));
        }
        return v => Power(v, reciprocal);
    }

    /// <summary>
    /// A product whose factors holding <paramref name="unknown"/> are g and abs(g)**p (in either order, p free of g): g,
    /// p and the product of the other factors (null when there are none).
    /// </summary>
    private static (Expr Base, Expr Exponent, Expr? Factor)? SignedPower(BinaryExpr product, string unknown)
    {
        var factors = new List<Expr>();
        void Flatten(Expr e)
        {
            if (e is BinaryExpr { Operator: BinaryOperator.Multiply } m) { Flatten(m.Left); Flatten(m.Right); }
            else factors.Add(e);
        }
        Flatten(product);
        var holding = factors.Where(f => f.Variables.Contains(unknown)).ToArray();
        if (holding.Length != 2) return null;
        foreach (var (plain, power) in new[] { (holding[0], holding[1]), (holding[1], holding[0]) })
        {
            if (power is BinaryExpr { Operator: BinaryOperator.Power, Left: CallExpr { Function: MathFunction.Abs, Arguments: [var g] }, Right: var p }
                && g.Equals(plain) && !p.Variables.Overlaps(g.Variables))
            {
                var rest = factors.Where(f => !ReferenceEquals(f, plain) && !ReferenceEquals(f, power)).Aggregate((Expr?)null, (a, f) => a is null ? f : Multiply(a, f));
                return (g, p, rest);
            }
        }
        return null;
    }
}
