using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class EquationTests
{
    private const string Seed = "y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1";

    [Fact]
    public void SeedSplitsIntoSidesResidualAndTerms()
    {
        var equation = Equation.Parse(Seed);
        Assert.Equal(Seed, equation.Text);
        Assert.Equal(new VariableExpr("y"), equation.Lhs);
        Assert.Equal(Expr.Parse("x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1"), equation.Rhs);
        Assert.Equal(Expr.Parse("y - (x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1)"), equation.Residual);
        Assert.Equal([Expr.Parse("y"), Expr.Parse("x5/x2"), Expr.Parse("(x1-x2)/(2*x3*x4)*x2/x1")], equation.Terms);
        Assert.Equal(["x1", "x2", "x3", "x4", "x5", "y"], equation.Variables);
    }

    [Fact]
    public void ResidualIsZeroWhereTheEquationHolds()
    {
        var equation = Equation.Parse("(P + a/V**2)*(V - b) = 8.314462618*T");
        var point = new Dictionary<string, double> { ["a"] = 0.3, ["b"] = 4e-5, ["T"] = 1000, ["V"] = 0.01 };
        point["P"] = 8.314462618 * 1000 / (0.01 - 4e-5) - 0.3 / 1e-4;
        Assert.Equal(0, equation.Residual.Evaluate(point), 1e-9);
    }

    [Fact]
    public void DoubleEqualsIsAcceptedAsEquals() =>
        Assert.Equal(Equation.Parse("u*v = p").Residual, Equation.Parse("u*v == p").Residual);

    [Fact]
    public void ColumnsCountInTheWholeEquationText()
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => Equation.Parse("w**2 + x3*x4*w = y**2 + foo(1)"));
        Assert.Equal(25, error.Column);
    }

    [Fact]
    public void ToStringParsesBack()
    {
        var equation = Equation.Parse("k == A*np.exp(-Ea/(8.314462618*T))");
        Assert.Equal("k = A*exp(-Ea/(8.314462618*T))", equation.ToString());
        Assert.Equal(equation.Residual, Equation.Parse(equation.ToString()).Residual);
    }
}
