namespace EqNet.Expressions;

/// <summary>
/// The float64 implementation of every built-in function. The interpreter and the compiled delegates both
/// call these exact methods, which is what makes compiled and interpreted results agree bit for bit.
/// </summary>
internal static class ScalarMath
{
    public static double Apply(MathFunction function, double x) => function switch
    {
        MathFunction.Exp => Math.Exp(x),
        MathFunction.Log => Math.Log(x),
        MathFunction.Log10 => Math.Log10(x),
        MathFunction.Log2 => Math.Log2(x),
        MathFunction.Sqrt => Math.Sqrt(x),
        MathFunction.Sin => Math.Sin(x),
        MathFunction.Cos => Math.Cos(x),
        MathFunction.Tan => Math.Tan(x),
        MathFunction.Asin => Math.Asin(x),
        MathFunction.Acos => Math.Acos(x),
        MathFunction.Atan => Math.Atan(x),
        MathFunction.Sinh => Math.Sinh(x),
        MathFunction.Cosh => Math.Cosh(x),
        MathFunction.Tanh => Math.Tanh(x),
        MathFunction.Asinh => Math.Asinh(x),
        MathFunction.Acosh => Math.Acosh(x),
        MathFunction.Atanh => Math.Atanh(x),
        MathFunction.Abs => Math.Abs(x),
        MathFunction.Sign => Sign(x),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a one-argument function"),
    };

    public static double Apply(MathFunction function, double a, double b) => function switch
    {
        MathFunction.Min => Math.Min(a, b),
        MathFunction.Max => Math.Max(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a two-argument function"),
    };

    /// <summary>Math.Sign throws on NaN and returns an int; the language wants NaN to propagate.</summary>
    public static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;

    public static double Value(MathConstant constant) => constant switch
    {
        MathConstant.Pi => Math.PI,
        MathConstant.E => Math.E,
        _ => throw new ArgumentOutOfRangeException(nameof(constant), constant, null),
    };
}
