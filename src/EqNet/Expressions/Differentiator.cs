using static EqNet.Expressions.Simplifier;

namespace EqNet.Expressions;

/// <summary>Symbolic differentiation, built with the simplifying constructors so zero terms vanish as they arise.</summary>
internal static class Differentiator
{
    public static Expr Differentiate(Expr expr, string variable)
    {
        if (!expr.Variables.Contains(variable))
        {
            return new NumberExpr(0);
        }

        Expr D(Expr e) => Differentiate(e, variable);

        switch (expr)
        {
            case VariableExpr:
                return new NumberExpr(1);
            case UnaryExpr unary:
                return Negate(D(unary.Operand));
            case BinaryExpr binary:
                var (a, b) = (binary.Left, binary.Right);
                return binary.Operator switch
                {
                    BinaryOperator.Add => Add(D(a), D(b)),
                    BinaryOperator.Subtract => Subtract(D(a), D(b)),
                    BinaryOperator.Multiply => Add(Multiply(D(a), b), Multiply(a, D(b))),
                    BinaryOperator.Divide => Subtract(Divide(D(a), b), Divide(Multiply(a, D(b)), Power(b, 2))),
                    _ => PowerDerivative(a, b, variable),
                };
            case CallExpr call:
                return call.Arguments.Count == 1
                    ? Multiply(OuterDerivative(call.Function, call.Arguments[0]), D(call.Arguments[0]))
                    : MinMaxDerivative(call, variable);
            default:
                throw new InvalidOperationException($"unknown expression node {expr.GetType().Name}");
        }
    }

    private static Expr PowerDerivative(Expr a, Expr b, string variable)
    {
        var da = Differentiate(a, variable);
        if (!b.Variables.Contains(variable))
        {
            return Multiply(Multiply(b, Power(a, Subtract(b, 1))), da);
        }

        var db = Differentiate(b, variable);
        if (!a.Variables.Contains(variable))
        {
            return Multiply(Multiply(Power(a, b), Call(MathFunction.Log, a)), db);
        }

        return Multiply(Power(a, b), Add(Multiply(db, Call(MathFunction.Log, a)), Divide(Multiply(b, da), a)));
    }

    /// <summary>f'(a) for a one-argument function f.</summary>
    private static Expr OuterDerivative(MathFunction function, Expr a) => function switch
    {
        MathFunction.Exp => Call(MathFunction.Exp, a),
        MathFunction.Log => Divide(1, a),
        MathFunction.Log10 => Divide(1, Multiply(a, Math.Log(10))),
        MathFunction.Log2 => Divide(1, Multiply(a, Math.Log(2))),
        MathFunction.Sqrt => Divide(1, Multiply(2, Call(MathFunction.Sqrt, a))),
        MathFunction.Sin => Call(MathFunction.Cos, a),
        MathFunction.Cos => Negate(Call(MathFunction.Sin, a)),
        MathFunction.Tan => Divide(1, Power(Call(MathFunction.Cos, a), 2)),
        MathFunction.Asin => Divide(1, Call(MathFunction.Sqrt, Subtract(1, Power(a, 2)))),
        MathFunction.Acos => Negate(Divide(1, Call(MathFunction.Sqrt, Subtract(1, Power(a, 2))))),
        MathFunction.Atan => Divide(1, Add(1, Power(a, 2))),
        MathFunction.Sinh => Call(MathFunction.Cosh, a),
        MathFunction.Cosh => Call(MathFunction.Sinh, a),
        MathFunction.Tanh => Subtract(1, Power(Call(MathFunction.Tanh, a), 2)),
        MathFunction.Asinh => Divide(1, Call(MathFunction.Sqrt, Add(Power(a, 2), 1))),
        MathFunction.Acosh => Divide(1, Call(MathFunction.Sqrt, Subtract(Power(a, 2), 1))),
        MathFunction.Atanh => Divide(1, Subtract(1, Power(a, 2))),
        MathFunction.Abs => Call(MathFunction.Sign, a),
        MathFunction.Sign => new NumberExpr(0),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a one-argument function"),
    };

    /// <summary>
    /// min(m, b)' = m'*(1 + sign(b - m))/2 + b'*(1 - sign(b - m))/2, and likewise for max with m - b: the derivative
    /// of the smaller (larger) argument, and at a tie the average of both, which is a valid subgradient.
    /// Several arguments fold left, as evaluation does: min(a, b, c) = min(min(a, b), c).
    /// </summary>
    private static Expr MinMaxDerivative(CallExpr call, string variable)
    {
        var arguments = call.Arguments;
        Expr m = arguments.Count == 2 ? arguments[0] : new CallExpr(call.Function, arguments.Take(arguments.Count - 1).ToArray());
        Expr b = arguments[^1];
        Expr gap = call.Function == MathFunction.Min ? Subtract(b, m) : Subtract(m, b);
        Expr sign = Call(MathFunction.Sign, gap);
        Expr takeM = Divide(Add(1, sign), 2);
        Expr takeB = Divide(Subtract(1, sign), 2);
        return Add(Multiply(Differentiate(m, variable), takeM), Multiply(Differentiate(b, variable), takeB));
    }
}
