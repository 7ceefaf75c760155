using EqNet.Expressions;

namespace EqNet.Certification;

/// <summary>
/// Encloses an expression of the problem language over a box: its value and gradient (<see cref="GradientInterval"/>),
/// node by node, the float64 constants of the expression taken as exact. A node it cannot enclose (a special function,
/// a comparison) is refused with <see cref="CertificationRefusedException"/>, never approximated.
/// </summary>
internal static class ExpressionEnclosure
{
    /// <summary>ln 10 and ln 2, enclosed: log10 and log2 divide by them.</summary>
    private static readonly Interval Ln10 = Interval.Point(Math.Log(10)).Widen(0).Widen(0), Ln2 = Interval.Point(Math.Log(2)).Widen(0).Widen(0);

    /// <summary>The enclosure of <paramref name="e"/>, the variables' enclosures from <paramref name="variable"/>.</summary>
    /// <exception cref="CertificationRefusedException">The expression uses a function that has no enclosure here.</exception>
    public static GradientInterval Evaluate(Expr e, Func<string, GradientInterval> variable, int dimension)
    {
        switch (e)
        {
            case NumberExpr n: return GradientInterval.Constant(n.Value, dimension);
            case ConstantExpr c: return GradientInterval.Constant(c.Value, dimension);
            case VariableExpr v: return variable(v.Name);
            case UnaryExpr u: return -Evaluate(u.Operand, variable, dimension);
            case BinaryExpr b:
                {
                    var left = Evaluate(b.Left, variable, dimension);
                    if (b.Operator == BinaryOperator.Power && Constant(b.Right) is { } p)
                        return left.Pow(p);
                    var right = Evaluate(b.Right, variable, dimension);
                    return b.Operator switch
                    {
                        BinaryOperator.Add => left + right,
                        BinaryOperator.Subtract => left - right,
                        BinaryOperator.Multiply => left * right,
                        BinaryOperator.Divide => left / right,
                        // a^b = exp(b ln a) for a > 0, what Math.Pow gives there.
                        _ => (right * left.Log()).Exp(),
                    };
                }
            case CallExpr call:
                {
                    var args = call.Arguments.Select(a => Evaluate(a, variable, dimension)).ToArray();
                    var a0 = args[0];
                    return call.Function switch
                    {
                        MathFunction.Exp => a0.Exp(),
                        MathFunction.Log => a0.Log(),
                        MathFunction.Log10 => GradientInterval.Scale(Interval.Point(1) / Ln10, a0.Log()),
                        MathFunction.Log2 => GradientInterval.Scale(Interval.Point(1) / Ln2, a0.Log()),
                        MathFunction.Sqrt => a0.Sqrt(),
                        MathFunction.Sin => a0.Sin(),
                        MathFunction.Cos => a0.Cos(),
                        MathFunction.Tan => a0.Sin() / a0.Cos(),
                        MathFunction.Tanh => a0.Tanh(),
                        MathFunction.Sinh => GradientInterval.Chain(a0, a0.Value.Sinh(), a0.Value.Cosh(), a0.Value.Sinh()),
                        MathFunction.Cosh => GradientInterval.Chain(a0, a0.Value.Cosh(), a0.Value.Sinh(), a0.Value.Cosh()),
                        MathFunction.Asinh => a0.Asinh(),
                        MathFunction.Atan => GradientInterval.Chain(a0, a0.Value.Atan(), Interval.Point(1) / (a0.Value.Square() + 1), -2 * a0.Value / (a0.Value.Square() + 1).Square()),
                        MathFunction.Abs => a0.Abs(),
                        MathFunction.Min => args.Skip(1).Aggregate(a0, GradientInterval.Min),
                        MathFunction.Max => args.Skip(1).Aggregate(a0, GradientInterval.Max),
                        MathFunction.Expm1 => a0.Exp() - 1,
                        MathFunction.Log1p => (a0 + 1).Log(),
                        MathFunction.Hypot => (a0.Square() + args[1].Square()).Sqrt(),
                        _ => throw new CertificationRefusedException($"the function {call.Name} has no interval enclosure in the certifier"),
                    };
                }
            default:
                throw new CertificationRefusedException($"expression node {e.GetType().Name} has no interval enclosure in the certifier");
        }
    }

    /// <summary>The value of a constant exponent (a number, a named constant, or a negated one), or null.</summary>
    private static double? Constant(Expr e) => e switch
    {
        NumberExpr n => n.Value,
        ConstantExpr c => c.Value,
        UnaryExpr { Operand: var o } when Constant(o) is { } v => -v,
        _ => null,
    };
}

/// <summary>A model or problem part the certifier cannot enclose; the message says which and why.</summary>
public sealed class CertificationRefusedException : Exception
{
    /// <summary>Creates the refusal with its reason.</summary>
    public CertificationRefusedException(string reason) : base(reason) { }

    /// <summary>Creates an empty refusal (for serialisers).</summary>
    public CertificationRefusedException() { }

    /// <summary>Creates the refusal with its reason and cause.</summary>
    public CertificationRefusedException(string reason, Exception inner) : base(reason, inner) { }
}
