using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class EvaluationTests
{
    private static readonly Dictionary<string, double> Point = new()
    {
        ["x1"] = 750,
        ["x2"] = 12.5,
        ["x3"] = 2000,
        ["x4"] = 3e-5,
        ["x5"] = 42,
        ["x"] = 0.3,
        ["y"] = -1.7,
    };

    public static TheoryData<string, double> Cases()
    {
        double x1 = 750, x2 = 12.5, x3 = 2000, x4 = 3e-5, x5 = 42, x = 0.3, y = -1.7;
        return new TheoryData<string, double>
        {
            { "x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", x5 / x2 - (x1 - x2) / (2 * x3 * x4) * x2 / x1 },
            { "-x**2", -(x * x) },
            { "2**-1", 0.5 },
            { "2^3^2", 512 },
            { "y^2", Math.Pow(y, 2) },
            { "exp(x) + log(x) + ln(x1) + log10(x1) + log2(x2)", Math.Exp(x) + Math.Log(x) + Math.Log(x1) + Math.Log10(x1) + Math.Log2(x2) },
            { "sqrt(x5)*abs(y)*sign(y)", Math.Sqrt(x5) * Math.Abs(y) * -1.0 },
            { "sin(x) + cos(x) + tan(x)", Math.Sin(x) + Math.Cos(x) + Math.Tan(x) },
            { "asin(x) - acos(x) + atan(y)", Math.Asin(x) - Math.Acos(x) + Math.Atan(y) },
            { "sinh(y) + cosh(y) + tanh(y)", Math.Sinh(y) + Math.Cosh(y) + Math.Tanh(y) },
            { "asinh(y) + acosh(x2) + atanh(x)", Math.Asinh(y) + Math.Acosh(x2) + Math.Atanh(x) },
            { "pow(x2, y) + min(x, y) + max(x1, x2, x5, y)", Math.Pow(x2, y) + Math.Min(x, y) + 750.0 },
            { "min(x5, x2, x1, x)", 0.3 },
            { "pi*e - E", Math.PI * Math.E - Math.E },
            { "1e-6*x3 + .5 - 2.5E+3", 1e-6 * x3 + 0.5 - 2500 },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesHandWrittenCSharp(string text, double expected) => Assert.Equal(expected, Expr.Parse(text).Evaluate(Point));

    [Theory]
    [InlineData("log(-1)", double.NaN)]
    [InlineData("sqrt(-x)", double.NaN)]
    [InlineData("1/0", double.PositiveInfinity)]
    [InlineData("-1/0", double.NegativeInfinity)]
    [InlineData("log(0)", double.NegativeInfinity)]
    [InlineData("exp(1000)", double.PositiveInfinity)]
    [InlineData("sign(log(-1))", double.NaN)]
    [InlineData("min(1, log(-1))", double.NaN)]
    [InlineData("acosh(0.5)", double.NaN)]
    public void DomainErrorsGiveNaNOrInfinityNotExceptions(string text, double expected) =>
        Assert.Equal(expected, Expr.Parse(text).Evaluate(new Dictionary<string, double> { ["x"] = 2 }));

    [Fact]
    public void MissingVariableIsNamed()
    {
        var error = Assert.Throws<UnknownVariableException>(() =>
            Expr.Parse("x1 + x3").Evaluate(new Dictionary<string, double> { ["x2"] = 1, ["x1"] = 2 }));
        Assert.Equal("x3", error.Variable);
        Assert.Contains("unknown variable 'x3'", error.Message);
        Assert.Contains("(given: x1, x2)", error.Message);
    }
}
