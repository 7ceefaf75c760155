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
                return call.Function switch
                {
                    MathFunction.Min or MathFunction.Max => MinMaxDerivative(call, variable),
                    MathFunction.Where => Call(MathFunction.Where, call.Arguments[0], D(call.Arguments[1]), D(call.Arguments[2])),
                    _ when FunctionCatalog.IsComparison(call.Function) => new NumberExpr(0),
                    _ when call.Arguments.Count == 2 => Add(
                        Multiply(PartialDerivative(call, 0), D(call.Arguments[0])),
                        Multiply(PartialDerivative(call, 1), D(call.Arguments[1]))),
                    _ => Multiply(OuterDerivative(call.Function, call.Arguments[0]), D(call.Arguments[0])),
                };
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
        MathFunction.Erf => Multiply(2 / Math.Sqrt(Math.PI), Call(MathFunction.Exp, Negate(Power(a, 2)))),
        MathFunction.Erfc => Multiply(-2 / Math.Sqrt(Math.PI), Call(MathFunction.Exp, Negate(Power(a, 2)))),
        MathFunction.ErfInv => Multiply(Math.Sqrt(Math.PI) / 2, Call(MathFunction.Exp, Power(Call(MathFunction.ErfInv, a), 2))),
        MathFunction.Gamma => Multiply(Call(MathFunction.Gamma, a), Call(MathFunction.Polygamma, new NumberExpr(0), a)),
        MathFunction.LogGamma => Call(MathFunction.Polygamma, new NumberExpr(0), a),

        // W' = 1/(e^W (1 + W)): unlike W/(x (1 + W)) it holds at x = 0.
        MathFunction.LambertW or MathFunction.LambertWm1 =>
            Divide(1, Multiply(Call(MathFunction.Exp, Call(function, a)), Add(1, Call(function, a)))),
        MathFunction.Expm1 => Call(MathFunction.Exp, a),
        MathFunction.Log1p => Divide(1, Add(1, a)),
        MathFunction.Cbrt => Divide(1, Multiply(3, Power(Call(MathFunction.Cbrt, a), 2))),
        MathFunction.Sinc => SincDerivative(a),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a one-argument function"),
    };

    /// <summary>
    /// sinc'(x) = (cos(pi x) - sinc(x))/x, and near 0, where that difference cancels, its series
    /// -(pi^2/3) x + (pi^4/30) x^3 - (pi^6/840) x^5 (the next term is below 1e-16 of the first for |x| &lt; 1e-3).
    /// </summary>
    private static Expr SincDerivative(Expr a)
    {
        double p2 = Math.PI * Math.PI;
        Expr series = Multiply(a, Add(-p2 / 3, Multiply(Power(a, 2), Add(p2 * p2 / 30, Multiply(-p2 * p2 * p2 / 840, Power(a, 2))))));
        Expr quotient = Divide(Subtract(Call(MathFunction.Cos, Multiply(new ConstantExpr(MathConstant.Pi), a)), Call(MathFunction.Sinc, a)), a);
        return Call(MathFunction.Where, Call(MathFunction.Less, Call(MathFunction.Abs, a), new NumberExpr(1e-3)), series, quotient);
    }

    /// <summary>
    /// The partial derivative of a two-argument function with respect to argument <paramref name="index"/>. With
    /// respect to a Bessel or polygamma order it is a central difference, step 1e-5 (truncation error about 1e-10
    /// relative for orders of a few units): the closed forms are series in the order that nothing here evaluates.
    /// </summary>
    private static Expr PartialDerivative(CallExpr call, int index)
    {
        var (a, b) = (call.Arguments[0], call.Arguments[1]);
        if (call.Arguments[index].Variables.Count == 0)
        {
            return new NumberExpr(0);
        }

        switch (call.Function)
        {
            case MathFunction.Hypot:
                return Divide(call.Arguments[index], Call(MathFunction.Hypot, a, b));
            case MathFunction.Atan2:
                // atan2(y, x): d/dy = x/(x^2 + y^2), d/dx = -y/(x^2 + y^2).
                var norm = Add(Power(a, 2), Power(b, 2));
                return index == 0 ? Divide(b, norm) : Negate(Divide(a, norm));
            case MathFunction.Beta:
                var digammaSum = Call(MathFunction.Polygamma, new NumberExpr(0), Add(a, b));
                return Multiply(Call(MathFunction.Beta, a, b), Subtract(Call(MathFunction.Polygamma, new NumberExpr(0), call.Arguments[index]), digammaSum));
            case MathFunction.BesselJ or MathFunction.BesselY or MathFunction.BesselI or MathFunction.BesselK or MathFunction.Polygamma when index == 0:
                const double step = 1e-5;
                return Divide(Subtract(Call(call.Function, Add(a, step), b), Call(call.Function, Subtract(a, step), b)), 2 * step);
            case MathFunction.BesselJ or MathFunction.BesselY:
                // J_n' = (J_(n-1) - J_(n+1))/2, likewise Y.
                return Divide(Subtract(Call(call.Function, Subtract(a, 1), b), Call(call.Function, Add(a, 1), b)), 2);
            case MathFunction.BesselI:
                return Divide(Add(Call(MathFunction.BesselI, Subtract(a, 1), b), Call(MathFunction.BesselI, Add(a, 1), b)), 2);
            case MathFunction.BesselK:
                return Negate(Divide(Add(Call(MathFunction.BesselK, Subtract(a, 1), b), Call(MathFunction.BesselK, Add(a, 1), b)), 2));
            case MathFunction.Polygamma:
                return Call(MathFunction.Polygamma, Add(a, 1), b);
            default:
                throw new ArgumentOutOfRangeException(nameof(call), call.Function, "not a two-argument function");
        }
    }

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
