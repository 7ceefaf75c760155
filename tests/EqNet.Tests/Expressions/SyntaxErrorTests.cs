using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class SyntaxErrorTests
{
    [Fact]
    public void SeedTypoPointsAtTheOperator()
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Equation.Parse("y = x5/ * x2"));
        Assert.Equal(9, error.Column);
        Assert.Equal("col 9: expected a number, a name or '('", error.Message);
        Assert.Equal("expected a number, a name or '('", error.Reason);
        Assert.Equal("y = x5/ * x2", error.Text);
        Assert.Equal("        ^", error.Caret);
    }

    [Theory]
    [InlineData("(x + 1", 1, "unclosed '('")]
    [InlineData("2*(a + (b*c)", 3, "unclosed '('")]
    [InlineData("exp(x", 4, "unclosed '('")]
    [InlineData("x + 1)", 6, "unmatched ')'")]
    [InlineData("()", 2, "expected a number, a name or '('")]
    [InlineData("foo(x)", 1, "unknown function 'foo'; known: exp, log, log10")]
    [InlineData("np.foo(x)", 1, "unknown function 'np.foo'")]
    [InlineData("pow(x)", 1, "'pow' takes 2 arguments, got 1")]
    [InlineData("sin(x, y)", 1, "'sin' takes 1 argument, got 2")]
    [InlineData("min(x)", 1, "'min' takes 2 or more arguments, got 1")]
    [InlineData("exp()", 1, "'exp' takes 1 argument, got 0")]
    [InlineData("exp + 1", 5, "expected '(' after function 'exp'")]
    [InlineData("2*sqrt", 7, "expected '(' after function 'sqrt'")]
    [InlineData("pi(2)", 1, "'pi' is a constant, not a function")]
    [InlineData("x $ y", 3, "unexpected character '$'")]
    [InlineData("x * y # comment", 7, "unexpected character '#'")]
    [InlineData("a \u2212 b", 3, "unexpected character '\u2212'; write '-'")]
    [InlineData("a\u00D7b", 2, "unexpected character '\u00D7'; write '*'")]
    [InlineData("log(x, 10)", 1, "'log' takes 1 argument, got 2 (log is the natural logarithm; for base b write log(x)/log(b)")]
    [InlineData("", 1, "empty expression")]
    [InlineData("   ", 1, "empty expression")]
    [InlineData("x y", 3, "missing operator before 'y'")]
    [InlineData("2x", 2, "missing operator before 'x'")]
    [InlineData("x + 1,", 6, "expected an operator or the end of the text, found ','")]
    [InlineData("x +", 4, "expected a number, a name or '('")]
    [InlineData("max(a b)", 7, "expected ',' or ')' in the call of 'max', found 'b'")]
    [InlineData("y = 2*x", 3, "unexpected '=': this is an expression, not an equation")]
    [InlineData("1e", 1, "malformed number '1e'")]
    [InlineData("2.5e+x", 1, "malformed number '2.5e+x'")]
    [InlineData("1e999", 1, "number '1e999' is too large for float64")]
    [InlineData("a.b", 2, "unexpected '.'")]
    [InlineData("np.x", 1, "unknown name 'np.x'")]
    [InlineData("x ++* y", 5, "expected a number, a name or '('")]
    public void ExpressionErrorsGiveColumnAndReason(string text, int column, string reasonStart)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.StartsWith(reasonStart, error.Reason);
        Assert.Equal($"col {column}: {error.Reason}", error.Message);
    }

    [Theory]
    [InlineData("y", 2, "an equation needs exactly one '=' (as in 'y = 2*x'), found none")]
    [InlineData("y = x = z", 7, "an equation needs exactly one '=', found 2")]
    [InlineData("y == x == z", 8, "an equation needs exactly one '=', found 2")]
    [InlineData("", 1, "empty equation")]
    [InlineData("= x", 1, "expected a number, a name or '('")]
    [InlineData("y =", 4, "expected a number, a name or '('")]
    [InlineData("y x = 1", 3, "missing operator before 'x'")]
    [InlineData("(y = 1)", 4, "expected ')', found '='")]
    [InlineData("y = (x1 - x2", 5, "unclosed '('")]
    public void EquationErrorsGiveColumnAndReason(string text, int column, string reasonStart)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Equation.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.StartsWith(reasonStart, error.Reason);
    }

    [Fact]
    public void UnknownFunctionListsTheKnownOnes()
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse("y + foo(x)"));
        Assert.Equal(5, error.Column);
        Assert.StartsWith(
            "col 5: unknown function 'foo'; known: exp, log, log10, log2, sqrt, sin, cos, tan, asin, acos, atan, "
            + "sinh, cosh, tanh, asinh, acosh, atanh, abs, sign, min, max, ",
            error.Message);
        foreach (string name in new[] { "erf", "lgamma", "besselj", "lambertw", "atan2", "where", "pow" })
            Assert.Contains($" {name},", error.Message + ",");
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        Assert.Equal(Expr.Parse("x"), Expr.Parse(new string('(', 400) + "x" + new string(')', 400)));
        var error = Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse(new string('(', 100_000) + "x" + new string(')', 100_000)));
        Assert.Equal(501, error.Column);
        Assert.StartsWith("expression nested too deeply", error.Reason);
    }

    [Fact]
    public void CaretMarksTheEndWhenTheTextEndsTooSoon()
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse("a\t+"));
        Assert.Equal("   ^", error.Caret);
    }

    [Theory]
    [InlineData("2x")]
    [InlineData("x-y")]
    [InlineData("")]
    public void InvalidVariableNamesAreRejected(string name)
    {
        Assert.False(Identifiers.IsValidVariableName(name));
        Assert.Throws<ArgumentException>(() => new VariableExpr(name));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("pi")]
    [InlineData("E")]
    [InlineData("Abs")]
    [InlineData("pow")]
    public void ReservedNamesAreVariablesOnlyWhereDeclared(string name)
    {
        Assert.False(Identifiers.IsValidVariableName(name));
        Assert.Equal(name, new VariableExpr(name).Name);
    }

    [Theory]
    [InlineData("x1")]
    [InlineData("_")]
    [InlineData("Ea")]
    [InlineData("np")]
    [InlineData("exponent")]
    public void ValidVariableNamesAreAccepted(string name)
    {
        Assert.True(Identifiers.IsValidVariableName(name));
        Assert.Equal(name, new VariableExpr(name).Name);
    }
}
