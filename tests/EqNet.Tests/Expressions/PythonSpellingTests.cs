using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class PythonSpellingTests
{
    [Theory]
    [InlineData("x**2", "x^2")]
    [InlineData("np.exp(x)", "exp(x)")]
    [InlineData("numpy.log(x)", "log(x)")]
    [InlineData("math.exp(x)", "exp(x)")]
    [InlineData("sp.sqrt(x)", "sqrt(x)")]
    [InlineData("sympy.sin(x)", "sin(x)")]
    [InlineData("Abs(x)", "abs(x)")]
    [InlineData("np.abs(x)", "abs(x)")]
    [InlineData("math.fabs(x)", "abs(x)")]
    [InlineData("np.absolute(x)", "abs(x)")]
    [InlineData("E**x", "e^x")]
    [InlineData("sp.E", "e")]
    [InlineData("np.pi", "pi")]
    [InlineData("math.pi*math.e", "pi*e")]
    [InlineData("np.arcsin(x) + np.arccos(x) + np.arctan(x)", "asin(x) + acos(x) + atan(x)")]
    [InlineData("np.arcsinh(x) + np.arccosh(x) + np.arctanh(x)", "asinh(x) + acosh(x) + atanh(x)")]
    [InlineData("np.power(x, 3)", "x^3")]
    [InlineData("sp.Pow(x, 3)", "x^3")]
    [InlineData("np.minimum(a, b) + np.maximum(a, b)", "min(a, b) + max(a, b)")]
    [InlineData("sp.Min(a, b, c) + sp.Max(a, b)", "min(a, b, c) + max(a, b)")]
    [InlineData("np.log10(x) + np.log2(x) + np.sign(x)", "log10(x) + log2(x) + sign(x)")]
    [InlineData("ln(x)", "log(x)")]
    public void PythonAndSympySpellingsMeanTheCanonicalForm(string python, string canonical) =>
        Assert.Equal(Expr.Parse(canonical), Expr.Parse(python));

    [Fact]
    public void ModulePrefixesAreNotReservedAsVariables()
    {
        var expr = Expr.Parse("np*sp + math");
        Assert.Equal(["math", "np", "sp"], expr.Variables);
    }

    [Fact]
    public void LogIsTheNaturalLogarithmAsInNumpy() =>
        Assert.Equal(Math.Log(10.0), Expr.Parse("log(x)").Evaluate(new Dictionary<string, double> { ["x"] = 10 }));
}
