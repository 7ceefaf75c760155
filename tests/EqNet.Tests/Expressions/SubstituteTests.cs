using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class SubstituteTests
{
    [Fact]
    public void ReplacesEveryOccurrenceWithoutSimplifying()
    {
        var expr = Expr.Parse("x*y + exp(x) - max(x, z)");
        var result = expr.Substitute(new Dictionary<string, Expr> { ["x"] = Expr.Parse("a + 1"), ["z"] = new NumberExpr(0) });
        Assert.Equal("(a + 1)*y + exp(a + 1) - max(a + 1, 0)", result.ToString());
        Assert.Equal(["a", "y"], result.Variables);
    }

    [Fact]
    public void ResultEvaluatesLikeTheComposition()
    {
        var equation = Equation.Parse("y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1");
        var solved = equation.Residual.Substitute(new Dictionary<string, Expr> { ["y"] = equation.Rhs });
        var point = new Dictionary<string, double> { ["x1"] = 800, ["x2"] = 3, ["x3"] = 4000, ["x4"] = 2e-4, ["x5"] = 70 };
        Assert.Equal(0, solved.Evaluate(point));
    }

    [Fact]
    public void UntouchedTreesAreReturnedAsIs()
    {
        var expr = Expr.Parse("a*b + sin(c)");
        Assert.Same(expr, expr.Substitute(new Dictionary<string, Expr> { ["z"] = new NumberExpr(1) }));
    }
}
