using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class DerivativeTests
{
    [Theory]
    [InlineData("exp(2*x)", 0.3)]
    [InlineData("log(x^2 + 1)", 0.7)]
    [InlineData("ln(x)", 2.0)]
    [InlineData("log10(x) + log2(x)", 3.0)]
    [InlineData("sqrt(x)", 2.5)]
    [InlineData("sin(x)*cos(x)", 0.4)]
    [InlineData("tan(x)", 0.3)]
    [InlineData("asin(x) + acos(x)/2 + atan(x)", 0.3)]
    [InlineData("sinh(x) + cosh(x) + tanh(x)", 0.8)]
    [InlineData("asinh(x) + atanh(x/2)", 0.6)]
    [InlineData("acosh(x)", 1.7)]
    [InlineData("abs(x - 1)", 0.2)]
    [InlineData("x^3 - 2/x + x^x", 1.3)]
    [InlineData("pow(2, x)", 0.9)]
    [InlineData("min(x, 1) + max(x^2, 0.5)", 0.6)]
    [InlineData("(P + a/x^2)*(x - b)", 0.02)]
    public void MatchesCentralDifferences(string text, double x)
    {
        var values = new Dictionary<string, double> { ["x"] = x, ["P"] = 1e5, ["a"] = 0.3, ["b"] = 4e-5 };
        var e = Expr.Parse(text);
        var d = e.Derivative("x");
        double h = 1e-6 * Math.Max(1, Math.Abs(x));
        double Eval(double at) { values["x"] = at; return e.Evaluate(values); }
        double numeric = (Eval(x + h) - Eval(x - h)) / (2 * h);
        values["x"] = x;
        double analytic = d.Evaluate(values);
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{text}: d/dx = {d}; analytic {analytic}, numeric {numeric}");
    }

    [Fact]
    public void DerivativeOfAnotherVariableIsZero() => Assert.Equal(new Number(0), Expr.Parse("y^2 + sin(y)").Derivative("x"));

    [Theory]
    [InlineData("x + 0", "x")]
    [InlineData("1*x*1", "x")]
    [InlineData("x*0 + y", "y")]
    [InlineData("x^1 + y^0", "x + 1")]
    [InlineData("--x", "x")]
    [InlineData("2*3 + x", "6 + x")]
    [InlineData("exp(0) + x/1", "1 + x")]
    public void SimplifyFoldsConstantsAndTrivialOperations(string text, string expected) =>
        Assert.Equal(Expr.Parse(expected), Expr.Parse(text).Simplify());
}
