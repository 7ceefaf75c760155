using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class ParserTests
{
    private static double Eval(string text, params (string, double)[] values) =>
        Expr.Parse(text).Evaluate(values.ToDictionary(v => v.Item1, v => v.Item2));

    [Theory]
    [InlineData("1 + 2*3", 7)]
    [InlineData("(1 + 2)*3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("2**3**2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("-2**2", -4)]
    [InlineData("2**-1", 0.5)]
    [InlineData("2^-1^2", 0.5)]
    [InlineData("8/4/2", 1)]
    [InlineData("8 - 4 - 2", 2)]
    [InlineData("--3", 3)]
    [InlineData("+3 - -3", 6)]
    [InlineData("1e-6*1e6", 1)]
    [InlineData("2.5E+3 + .5", 2500.5)]
    [InlineData("pi - 4*atan(1)", 0)]
    [InlineData("log(e)", 1)]
    [InlineData("ln(E) + log10(1000) + log2(8)", 7)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("min(3, 1, 2) + max(3, 1, 2)", 4)]
    [InlineData("np.exp(0) + math.sqrt(4) + numpy.log(1) + sp.Abs(-3)", 6)]
    [InlineData("arcsin(1) - asin(1) + arccos(1) + arctan(0)", 0)]
    [InlineData("sinh(0) + cosh(0) + tanh(0) + abs(-2)", 3)]
    public void PrecedenceAssociativityAndFunctions(string text, double expected) =>
        Assert.Equal(expected, Eval(text), 12);

    [Fact]
    public void SeedFormulaEvaluatesAsWritten()
    {
        double x1 = 800, x2 = 20, x3 = 3000, x4 = 2e-4, x5 = 70;
        double value = Eval("x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", ("x1", x1), ("x2", x2), ("x3", x3), ("x4", x4), ("x5", x5));
        Assert.Equal(x5 / x2 - (x1 - x2) / (2 * x3 * x4) * x2 / x1, value, 12);
    }

    [Theory]
    [InlineData("y = x5/ * x2", 9, "expected a number, a name or '('")]
    [InlineData("x + ", 5, "expected a number, a name or '('")]
    [InlineData("(x + 1", 1, "unclosed '('")]
    [InlineData("x + 1)", 6, "unmatched ')'")]
    [InlineData("foo(x)", 1, "unknown function 'foo'")]
    [InlineData("exp + 1", 5, "expected '(' after function 'exp'")]
    [InlineData("x $ y", 3, "unexpected '$'")]
    [InlineData("", 1, "empty expression")]
    [InlineData("sin(x, y)", 1, "sin takes 1 argument, got 2")]
    [InlineData("pow(x)", 1, "pow takes 2 arguments")]
    [InlineData("2x", 2, "write '*' for a product")]
    public void ErrorsGiveColumnAndWhatWasExpected(string text, int column, string reason)
    {
        var e = Assert.Throws<ExpressionSyntaxException>(() => text.Contains('=') ? Equation.Parse(text).Lhs : Expr.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith($"col {column}: ", e.Message);
        Assert.Equal(column - 1, e.Caret.IndexOf('^'));
    }

    [Theory]
    [InlineData("x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1")]
    [InlineData("A*exp(-Ea/(8.314462618*T))")]
    [InlineData("(P + a/V**2)*(V - b)")]
    [InlineData("w**2 + x3*x4*w")]
    [InlineData("-x^2 + (-x)^2 - -x - (a - b) - (a + b)")]
    [InlineData("a/(b*c) + a/b*c + (a^b)^c + a^b^c + 2^-x")]
    [InlineData("min(a, b, c) + abs(-a) + log10(x) + 1e-300 + 1.5e+300")]
    public void PrintedTextParsesBackToTheSameTree(string text)
    {
        var e = Expr.Parse(text);
        Assert.Equal(e, Expr.Parse(e.ToString()));
    }

    [Fact]
    public void VariablesAndReservedNames()
    {
        Assert.Equal(["x1", "x2", "y_"], Expr.Parse("x1*sin(x2) + y_ + pi + e").Variables.ToArray());
        Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse("log"));
    }

    [Fact]
    public void UnknownVariableIsNamedOnEvaluation()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Expr.Parse("a + b").Evaluate(new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Contains("'b'", e.Message);
    }
}
