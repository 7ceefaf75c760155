using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class AdditiveTermsTests
{
    [Theory]
    [InlineData("x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", new[] { "x5/x2", "(x1 - x2)/(2*x3*x4)*x2/x1" })]
    [InlineData("a - (b + c)", new[] { "a", "b", "c" })]
    [InlineData("(a + b) - (c - d)", new[] { "a", "b", "c", "d" })]
    [InlineData("a*b", new[] { "a*b" })]
    [InlineData("(a + b)*c", new[] { "(a + b)*c" })]
    [InlineData("-a + b", new[] { "-a", "b" })]
    [InlineData("-(a + b) + c", new[] { "-(a + b)", "c" })]
    [InlineData("w**2 + x3*x4*w", new[] { "w**2", "x3*x4*w" })]
    [InlineData("y**2 + 1", new[] { "y**2", "1" })]
    [InlineData("exp(a + b)", new[] { "exp(a + b)" })]
    [InlineData("y", new[] { "y" })]
    public void FlattensTopLevelSumsOnly(string text, string[] terms) =>
        Assert.Equal(terms, AdditiveTerms.Of(Expr.Parse(text)).Select(t => t.ToString()));
}
