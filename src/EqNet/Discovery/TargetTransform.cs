using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// An invertible map z = T(y) under which a law may become a sparse sum of power-law terms: <c>1/y</c> turns
/// <c>1/(1 + chi)</c> into two terms, <c>1/y^2</c> turns <c>m/sqrt(1 - v^2/c^2)</c> into two, <c>log y</c> turns
/// <c>A*exp(-Ea/(R*T))</c> into <c>log A - Ea/(R*T)</c> (so the log transform also gets log-factor atoms).
/// </summary>
/// <param name="Name">Short name for reports.</param>
/// <param name="Forward">y -> z; NaN where undefined.</param>
/// <param name="Inverse">The sum's expression -> the formula for y.</param>
/// <param name="Factors">Factor columns the atoms may carry.</param>
public sealed record TargetTransform(string Name, Func<double, double> Forward, Func<Expr, Expr> Inverse, FactorKind Factors = FactorKind.None)
{
    private static Expr Call(MathFunction f, Expr e) => new CallExpr(f, e);

    private static Expr One => new NumberExpr(1);

    /// <summary>The transforms tried, most often useful first (the stage's deadline may cut the tail).</summary>
    public static IReadOnlyList<TargetTransform> All { get; } =
    [
        new("y", y => y, s => s),
        new("log(y)", y => Math.Log(y), s => Call(MathFunction.Exp, s), Factors: FactorKind.Log),
        new("1/y", y => 1 / y, s => One / s),
        new("y with sin/cos", y => y, s => s, FactorKind.Trig),
        new("y^2", y => y * y, s => Call(MathFunction.Sqrt, s)),
        new("1/y with sin/cos", y => 1 / y, s => One / s, FactorKind.Trig),
        new("1/y^2 with sin/cos", y => 1 / (y * y), s => One / Call(MathFunction.Sqrt, s), FactorKind.Trig),
        new("1/y^2", y => 1 / (y * y), s => One / Call(MathFunction.Sqrt, s)),
        new("sqrt(y)", y => Math.Sqrt(y), s => new BinaryExpr(BinaryOperator.Power, s, new NumberExpr(2))),
        new("1/sqrt(y)", y => 1 / Math.Sqrt(y), s => One / new BinaryExpr(BinaryOperator.Power, s, new NumberExpr(2))),
        new("sin(y)", y => Math.Abs(y) <= Math.PI / 2 ? Math.Sin(y) : double.NaN, s => Call(MathFunction.Asin, s)),
        new("cos(y)", y => y >= 0 && y <= Math.PI ? Math.Cos(y) : double.NaN, s => Call(MathFunction.Acos, s)),
        new("atanh(y)", y => Math.Atanh(y), s => Call(MathFunction.Tanh, s)),
        new("log(1+1/y)", y => Math.Log(1 + 1 / y), s => One / (Call(MathFunction.Exp, s) - One), Factors: FactorKind.Log),
    ];
}
