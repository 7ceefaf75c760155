using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class EquationTests
{
    [Fact]
    public void SeedTermsAreTheTopLevelAdditiveTermsOfBothSides()
    {
        var eq = Equation.Parse("y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1");
        Assert.Equal(["y", "x5/x2", "(x1 - x2)/(2*x3*x4)*x2/x1"], eq.Terms.Select(t => t.ToString()).ToArray());
        Assert.Equal(Expr.Parse("y - (x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1)"), eq.Residual);
    }

    [Theory]
    [InlineData("a - (b + c)", new[] { "a", "b", "c" })]
    [InlineData("-a*b + c", new[] { "-a*b", "c" })]
    [InlineData("(P + a/V^2)*(V - b)", new[] { "(P + a/V^2)*(V - b)" })]
    public void AdditiveTermsFlattenOnlyPlusAndMinus(string text, string[] expected) =>
        Assert.Equal(expected, AdditiveTerms.Of(Expr.Parse(text)).Select(t => t.ToString()).ToArray());

    [Theory]
    [InlineData("a + b", 6, "expected '='")]
    [InlineData("a = b = c", 7, "a second '='")]
    [InlineData("y = x5/ * x2", 9, "expected a number")]
    public void EquationErrorsCarryTheColumnInTheWholeText(string text, int column, string reason)
    {
        var e = Assert.Throws<ExpressionSyntaxException>(() => Equation.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void DoubleEqualsIsAccepted() => Assert.Equal("x", Equation.Parse("y == x").Rhs.ToString());
}
