using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class RoundTripTests
{
    public static TheoryData<string> Corpus() =>
    [
        "y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1",
        "k = A*exp(-Ea/(8.314462618*T))",
        "(P + a/V**2)*(V - b) = 8.314462618*T",
        "w**2 + x3*x4*w = y**2 + 1",
        "z = a - (b - c) + (d + e1) - -f",
        "z = a/(b/c) * (d*e1) / (f*g)",
        "z = -x**2 + (-x)**2 + -(x**2) + 2**-1 + 2**-x + (2**x)**3 + 2**3**x",
        "z = -(2) + -2 + -(-2) + (-2)**2 + -2*x + x*-2 + x - -2",
        "z = -(-x) + -(a + b) + -(a*b) + -a*b",
        "z = 1e-6 + 2.5E+3 + .5 + 0.1 + 1/3 + 6.02214076e23 + 123456789012345678",
        "z = exp(log(x)) + log10(x) + log2(x) + sqrt(x) + abs(-x) + sign(x)",
        "z = sin(x)*cos(x)/tan(x) + asin(x) + acos(x) + atan(x)",
        "z = sinh(x) + cosh(x) + tanh(x) + asinh(x) + acosh(x) + atanh(x)",
        "z = min(a, b) + max(a, b, c) + pow(a, b) + min(-a, -b)",
        "z = pi*e**2 + E - pi**-1",
        "z = ((a))",
        "z = 0*x + -0",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void PrintedEquationsParseBackToEqualTrees(string text) => AssertRoundTrips(Equation.Parse(text));

    [Fact]
    public void ExampleProblemEquationsAndBoundsRoundTrip()
    {
        var equations = ExampleProblems.Equations().ToList();
        Assert.Contains("y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", equations);
        foreach (string text in equations)
        {
            AssertRoundTrips(Equation.Parse(text));
        }

        foreach (string bound in ExampleProblems.Bounds())
        {
            var expr = Expr.Parse(bound);
            Assert.Equal(expr, Expr.Parse(expr.ToString()));
        }
    }

    [Theory]
    [InlineData("y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", "y = x5/x2 - (x1 - x2)/(2*x3*x4)*x2/x1")]
    [InlineData("a+b*c", "a + b*c")]
    [InlineData("(a+b)*c", "(a + b)*c")]
    [InlineData("a-(b-c)", "a - (b - c)")]
    [InlineData("a-(b+c)", "a - (b + c)")]
    [InlineData("(a-b)-c", "a - b - c")]
    [InlineData("a/(b*c)", "a/(b*c)")]
    [InlineData("(a/b)*c", "a/b*c")]
    [InlineData("a^b^c", "a**b**c")]
    [InlineData("(a^b)^c", "(a**b)**c")]
    [InlineData("-x^2", "-x**2")]
    [InlineData("(-x)^2", "(-x)**2")]
    [InlineData("2^-1", "2**-1")]
    [InlineData("x*-1", "x*(-1)")]
    [InlineData("x - -y", "x - (-y)")]
    [InlineData("--x", "-(-x)")]
    [InlineData("-(2)", "-(2)")]
    [InlineData("1e-6*x", "1E-06*x")]
    [InlineData("np.maximum(a,b)", "max(a, b)")]
    [InlineData("ln(x)", "log(x)")]
    [InlineData("E**x", "e**x")]
    [InlineData("0.1", "0.1")]
    public void PrintsMinimalParentheses(string text, string printed)
    {
        string actual = text.Contains('=') ? Equation.Parse(text).ToString() : Expr.Parse(text).ToString();
        Assert.Equal(printed, actual);
    }

    [Fact]
    public void RandomTreesRoundTrip()
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var expr = RandomTrees.Build(random, depth: 4);
            Assert.Equal(expr, Expr.Parse(expr.ToString()));
        }
    }

    private static void AssertRoundTrips(Equation equation)
    {
        var again = Equation.Parse(equation.ToString());
        Assert.Equal(equation.Lhs, again.Lhs);
        Assert.Equal(equation.Rhs, again.Rhs);
        Assert.Equal(equation.ToString(), again.ToString());
    }
}
