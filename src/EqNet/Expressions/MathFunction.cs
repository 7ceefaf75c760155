namespace EqNet.Expressions;

/// <summary>A built-in function of the expression language (see docs/expressions.md for the accepted spellings).</summary>
public enum MathFunction
{
    /// <summary><c>exp(x)</c>.</summary>
    Exp,

    /// <summary><c>log(x)</c> = <c>ln(x)</c>: the natural logarithm, as in numpy and sympy.</summary>
    Log,

    /// <summary><c>log10(x)</c>.</summary>
    Log10,

    /// <summary><c>log2(x)</c>.</summary>
    Log2,

    /// <summary><c>sqrt(x)</c>.</summary>
    Sqrt,

    /// <summary><c>sin(x)</c>.</summary>
    Sin,

    /// <summary><c>cos(x)</c>.</summary>
    Cos,

    /// <summary><c>tan(x)</c>.</summary>
    Tan,

    /// <summary><c>asin(x)</c> = <c>arcsin(x)</c>.</summary>
    Asin,

    /// <summary><c>acos(x)</c> = <c>arccos(x)</c>.</summary>
    Acos,

    /// <summary><c>atan(x)</c> = <c>arctan(x)</c>.</summary>
    Atan,

    /// <summary><c>sinh(x)</c>.</summary>
    Sinh,

    /// <summary><c>cosh(x)</c>.</summary>
    Cosh,

    /// <summary><c>tanh(x)</c>.</summary>
    Tanh,

    /// <summary><c>asinh(x)</c> = <c>arcsinh(x)</c>.</summary>
    Asinh,

    /// <summary><c>acosh(x)</c> = <c>arccosh(x)</c>.</summary>
    Acosh,

    /// <summary><c>atanh(x)</c> = <c>arctanh(x)</c>.</summary>
    Atanh,

    /// <summary><c>abs(x)</c> (also <c>Abs</c>, <c>fabs</c>, <c>absolute</c>).</summary>
    Abs,

    /// <summary><c>sign(x)</c>: -1, 0 or 1 (NaN stays NaN); the derivative of <c>abs</c>.</summary>
    Sign,

    /// <summary><c>min(a, b, ...)</c>: two or more arguments.</summary>
    Min,

    /// <summary><c>max(a, b, ...)</c>: two or more arguments.</summary>
    Max,
}
