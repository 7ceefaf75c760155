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
        MathFunction.Erf => SpecialFunctions.Erf(x),
        MathFunction.Erfc => SpecialFunctions.Erfc(x),
        MathFunction.ErfInv => SpecialFunctions.ErfInv(x),
        MathFunction.Gamma => SpecialFunctions.Gamma(x),
        MathFunction.LogGamma => SpecialFunctions.LogGamma(x),
        MathFunction.LambertW => SpecialFunctions.LambertW(x),
        MathFunction.LambertWm1 => SpecialFunctions.LambertWm1(x),
        MathFunction.Expm1 => SpecialFunctions.Expm1(x),
        MathFunction.Log1p => SpecialFunctions.Log1p(x),
        MathFunction.Cbrt => Math.Cbrt(x),
        MathFunction.Sinc => SpecialFunctions.Sinc(x),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a one-argument function"),
    };

    public static double Apply(MathFunction function, double a, double b) => function switch
    {
        MathFunction.Min => Math.Min(a, b),
        MathFunction.Max => Math.Max(a, b),
        MathFunction.Beta => SpecialFunctions.Beta(a, b),
        MathFunction.Polygamma => SpecialFunctions.Polygamma(a, b),
        MathFunction.BesselJ => SpecialFunctions.BesselJ(a, b),
        MathFunction.BesselY => SpecialFunctions.BesselY(a, b),
        MathFunction.BesselI => SpecialFunctions.BesselI(a, b),
        MathFunction.BesselK => SpecialFunctions.BesselK(a, b),
        MathFunction.Hypot => SpecialFunctions.Hypot(a, b),
        MathFunction.Atan2 => Math.Atan2(a, b),
        MathFunction.Less => Less(a, b),
        MathFunction.LessEqual => LessEqual(a, b),
        MathFunction.Greater => Greater(a, b),
        MathFunction.GreaterEqual => GreaterEqual(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a two-argument function"),
    };

    /// <summary>Any number of arguments: one, two, a fold of min/max, or where's three.</summary>
    public static double Apply(MathFunction function, ReadOnlySpan<double> arguments)
    {
        if (function == MathFunction.Where)
        {
            return Where(arguments[0], arguments[1], arguments[2]);
        }

        double result = arguments[0];
        if (arguments.Length == 1)
        {
            return Apply(function, result);
        }

        // min/max of several arguments fold left, in the same order as the compiled code.
        for (int i = 1; i < arguments.Length; i++)
        {
            result = Apply(function, result, arguments[i]);
        }

        return result;
    }

    /// <summary>numpy's where: a non-zero condition (a comparison gives 1) takes <paramref name="a"/>; 0 and NaN take <paramref name="b"/>.</summary>
    public static double Where(double condition, double a, double b) => condition != 0 && !double.IsNaN(condition) ? a : b;

    /// <summary>1 where a &lt; b, else 0 (also for NaN, as numpy's comparisons).</summary>
    public static double Less(double a, double b) => a < b ? 1.0 : 0.0;

    /// <summary>1 where a &lt;= b, else 0.</summary>
    public static double LessEqual(double a, double b) => a <= b ? 1.0 : 0.0;

    /// <summary>1 where a &gt; b, else 0.</summary>
    public static double Greater(double a, double b) => a > b ? 1.0 : 0.0;

    /// <summary>1 where a &gt;= b, else 0.</summary>
    public static double GreaterEqual(double a, double b) => a >= b ? 1.0 : 0.0;

    /// <summary>Math.Sign throws on NaN and returns an int; the language wants NaN to propagate.</summary>
    public static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;

    public static double Value(MathConstant constant) => constant switch
    {
        MathConstant.Pi => Math.PI,
        MathConstant.E => Math.E,
        _ => throw new ArgumentOutOfRangeException(nameof(constant), constant, null),
    };
}
