using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class DerivativeTests
{
    private static readonly (double X, double Y)[] Points = [(0.31, 0.22), (0.47, 0.13), (0.58, 0.41), (0.12, 0.35)];

    public static TheoryData<string> Functions() =>
    [
        "x", "3*x - y", "x*y", "x/y", "y/x", "-x", "x**3", "x**-1.5", "2**x", "x**y", "y**x", "(x*y)**0.5", "(x + y)**2",
        "exp(x*y)", "log(x + y**2)", "ln(3*x)", "log10(x/y)", "log2(x + 1)", "sqrt(x*x + y)",
        "sin(2*x + y)", "cos(x*y)", "tan(x + y)", "asin(x - y)", "acos(x*y)", "atan(x/y)",
        "sinh(x - y)", "cosh(2*x)", "tanh(x/y)", "asinh(x - 1)", "acosh(x + 2)", "atanh(x - y)",
        "abs(y - x)", "abs(x)", "pow(x, y + 1)", "min(x, y)", "max(x, y)", "min(x, 2*y, 0.3)", "max(x*x, y, 0.05)",
        "pi*x**2 + e*y", "sign(x - y)*x",
        "x5/x2 - (x1 - x2)/(2*x3*x4)*x2/x1",
    ];

    [Theory]
    [MemberData(nameof(Functions))]
    public void MatchesCentralFiniteDifferences(string text)
    {
        var expr = Expr.Parse(text);
        foreach (var (x, y) in Points)
        {
            var point = new Dictionary<string, double>
            {
                ["x"] = x,
                ["y"] = y,
                ["x1"] = 500 + 1000 * x,
                ["x2"] = 3 + 100 * y,
                ["x3"] = 20000 * x,
                ["x4"] = 1e-5 * y,
                ["x5"] = 10 + y,
            };
            foreach (string variable in expr.Variables)
            {
                double symbolic = expr.Derivative(variable).Evaluate(point);
                double numeric = CentralDifference(expr, point, variable);
                double error = Math.Abs(symbolic - numeric) / Math.Max(Math.Abs(numeric), 1e-12);
                Assert.True(error < 1e-6, $"d/d{variable} {text} at x={x}, y={y}: symbolic {symbolic:R}, numeric {numeric:R} ({expr.Derivative(variable)})");
            }
        }
    }

    [Theory]
    [InlineData("x**2", "x", "2*x")]
    [InlineData("3*x**3", "x", "9*x**2")]
    [InlineData("x*y + y", "x", "y")]
    [InlineData("x*y + y", "y", "x + 1")]
    [InlineData("exp(2*x)", "x", "2*exp(2*x)")]
    [InlineData("log(x)", "x", "1/x")]
    [InlineData("sin(x)", "x", "cos(x)")]
    [InlineData("cos(x)", "x", "-sin(x)")]
    [InlineData("abs(x)", "x", "sign(x)")]
    [InlineData("x/y", "y", "-(x/y**2)")]
    [InlineData("2**x", "x", "0.6931471805599453*2**x")]
    [InlineData("x**y", "x", "y*x**(y - 1)")]
    [InlineData("log10(x)", "x", "1/(2.302585092994046*x)")]
    [InlineData("a*x + b", "x", "a")]
    [InlineData("a*x + b", "z", "0")]
    [InlineData("pi", "x", "0")]
    [InlineData("min(x, y)", "x", "(1 + sign(y - x))/2")]
    [InlineData("max(x, 1)", "x", "(1 + sign(x - 1))/2")]
    public void IsSymbolicAndSimplified(string text, string variable, string derivative) =>
        Assert.Equal(derivative, Expr.Parse(text).Derivative(variable).ToString());

    [Fact]
    public void MinMaxTieGivesTheAverageSubgradient()
    {
        var at = new Dictionary<string, double> { ["x"] = 2, ["y"] = 2 };
        Assert.Equal(0.5, Expr.Parse("min(x, y)").Derivative("x").Evaluate(at));
        Assert.Equal(0.5, Expr.Parse("max(x, y)").Derivative("y").Evaluate(at));
        Assert.Equal(0, Expr.Parse("abs(x - y)").Derivative("x").Evaluate(at));
    }

    /// <summary>Fourth-order central difference, so truncation error stays far below the 1e-6 tolerance.</summary>
    private static double CentralDifference(Expr expr, Dictionary<string, double> point, string variable)
    {
        double x0 = point[variable];
        double h = 1e-3 * Math.Max(Math.Abs(x0), 1e-300);
        double At(double offset)
        {
            var shifted = new Dictionary<string, double>(point) { [variable] = x0 + offset };
            return expr.Evaluate(shifted);
        }

        return (8 * (At(h) - At(-h)) - (At(2 * h) - At(-2 * h))) / (12 * h);
    }
}
