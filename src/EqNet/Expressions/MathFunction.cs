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

    /// <summary><c>erf(x)</c>, the error function.</summary>
    Erf,

    /// <summary><c>erfc(x)</c> = 1 - erf(x), accurate where erf(x) is near 1.</summary>
    Erfc,

    /// <summary><c>erfinv(x)</c>, the inverse error function on [-1, 1].</summary>
    ErfInv,

    /// <summary><c>gamma(x)</c>, Euler's gamma function; poles at 0, -1, -2, ...</summary>
    Gamma,

    /// <summary><c>lgamma(x)</c> = <c>gammaln(x)</c> = <c>loggamma(x)</c>: log |gamma(x)|, as scipy's gammaln.</summary>
    LogGamma,

    /// <summary><c>polygamma(n, x)</c>: the n-th derivative of digamma (<c>digamma(x)</c> = <c>psi(x)</c> = <c>polygamma(0, x)</c>), n a whole number.</summary>
    Polygamma,

    /// <summary><c>beta(a, b)</c> = gamma(a) gamma(b) / gamma(a + b).</summary>
    Beta,

    /// <summary><c>besselj(n, x)</c> = <c>jv(n, x)</c>: the Bessel function of the first kind of real order n.</summary>
    BesselJ,

    /// <summary><c>bessely(n, x)</c> = <c>yv(n, x)</c>: the Bessel function of the second kind of real order n, x &gt; 0.</summary>
    BesselY,

    /// <summary><c>besseli(n, x)</c> = <c>iv(n, x)</c>: the modified Bessel function of the first kind of real order n.</summary>
    BesselI,

    /// <summary><c>besselk(n, x)</c> = <c>kv(n, x)</c>: the modified Bessel function of the second kind of real order n, x &gt; 0.</summary>
    BesselK,

    /// <summary><c>lambertw(x)</c> = <c>lambertw(x, 0)</c>: the principal branch of Lambert W (w e^w = x, w &gt;= -1), x &gt;= -1/e.</summary>
    LambertW,

    /// <summary><c>lambertw(x, -1)</c>: the lower branch of Lambert W (w &lt;= -1), -1/e &lt;= x &lt; 0.</summary>
    LambertWm1,

    /// <summary><c>expm1(x)</c> = e^x - 1, accurate near 0.</summary>
    Expm1,

    /// <summary><c>log1p(x)</c> = log(1 + x), accurate near 0.</summary>
    Log1p,

    /// <summary><c>hypot(a, b)</c> = sqrt(a^2 + b^2) without overflow.</summary>
    Hypot,

    /// <summary><c>atan2(y, x)</c> = <c>arctan2(y, x)</c>: the angle of the point (x, y), in (-pi, pi].</summary>
    Atan2,

    /// <summary><c>cbrt(x)</c>: the real cube root, negative for negative x.</summary>
    Cbrt,

    /// <summary><c>sinc(x)</c> = sin(pi x)/(pi x), numpy's normalised sinc (sympy's sinc is sin(x)/x: write that out).</summary>
    Sinc,

    /// <summary><c>where(condition, a, b)</c>: a where the condition holds (is non-zero), else b, as numpy's where.</summary>
    Where,

    /// <summary><c>a &lt; b</c> (also <c>less(a, b)</c>): 1 where it holds, else 0; a condition of <c>where</c>.</summary>
    Less,

    /// <summary><c>a &lt;= b</c> (also <c>less_equal(a, b)</c>): 1 or 0.</summary>
    LessEqual,

    /// <summary><c>a &gt; b</c> (also <c>greater(a, b)</c>): 1 or 0.</summary>
    Greater,

    /// <summary><c>a &gt;= b</c> (also <c>greater_equal(a, b)</c>): 1 or 0.</summary>
    GreaterEqual,
}
