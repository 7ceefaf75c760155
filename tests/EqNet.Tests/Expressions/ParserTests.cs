using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class ParserTests
{
    [Theory]
    [InlineData("a + b * c", "(+ a (* b c))")]
    [InlineData("a * b + c", "(+ (* a b) c)")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a / b / c", "(/ (/ a b) c)")]
    [InlineData("a / b * c", "(* (/ a b) c)")]
    [InlineData("a - b + c", "(+ (- a b) c)")]
    [InlineData("a ^ b ^ c", "(^ a (^ b c))")]
    [InlineData("a ** b ** c", "(^ a (^ b c))")]
    [InlineData("-x**2", "(neg (^ x 2))")]
    [InlineData("-x^2", "(neg (^ x 2))")]
    [InlineData("2**-1", "(^ 2 -1)")]
    [InlineData("2^-x", "(^ 2 (neg x))")]
    [InlineData("a^-b^c", "(^ a (neg (^ b c)))")]
    [InlineData("-a*b", "(* (neg a) b)")]
    [InlineData("-(a*b)", "(neg (* a b))")]
    [InlineData("a*-b", "(* a (neg b))")]
    [InlineData("a - -b", "(- a (neg b))")]
    [InlineData("--x", "(neg (neg x))")]
    [InlineData("+x", "x")]
    [InlineData("+-+x", "(neg x)")]
    [InlineData("-2", "-2")]
    [InlineData("-(2)", "(neg 2)")]
    [InlineData("-2^2", "(neg (^ 2 2))")]
    [InlineData("(-2)^2", "(^ -2 2)")]
    [InlineData("(a + b) * c", "(* (+ a b) c)")]
    [InlineData("2*x^3", "(* 2 (^ x 3))")]
    [InlineData("x^2*y", "(* (^ x 2) y)")]
    [InlineData("exp(-x)^2", "(^ (exp (neg x)) 2)")]
    [InlineData("max(a, b, c)", "(max a b c)")]
    [InlineData("pow(a, b + 1)", "(^ a (+ b 1))")]
    [InlineData("pi*e", "(* Pi E)")]
    [InlineData("ln(x) + log(y)", "(+ (log x) (log y))")]
    public void PrecedenceAndAssociativity(string text, string shape) => Assert.Equal(shape, TreeShape.Of(text));

    [Theory]
    [InlineData("1e-6", 1e-6)]
    [InlineData("2.5E+3", 2500.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1.5e3", 1500.0)]
    [InlineData("8.314462618", 8.314462618)]
    [InlineData("0", 0.0)]
    [InlineData("1e-400", 0.0)]
    public void NumberLiterals(string text, double value) => Assert.Equal(value, Assert.IsType<NumberExpr>(Expr.Parse(text)).Value);

    [Theory]
    [InlineData("x5/x2", new[] { "x2", "x5" })]
    [InlineData("_a + B_2*_a", new[] { "B_2", "_a" })]
    [InlineData("2*pi*e", new string[0])]
    [InlineData("max(T, Ea, A)", new[] { "A", "Ea", "T" })]
    public void VariablesAreCollectedInOrdinalOrder(string text, string[] variables) =>
        Assert.Equal(variables, Expr.Parse(text).Variables);

    [Fact]
    public void WhitespaceOfAnyKindIsIgnored() =>
        Assert.Equal(Expr.Parse("a+b*c"), Expr.Parse(" \ta +\n b\r\n* c "));

    [Fact]
    public void StructuralEqualityComparesWholeTrees()
    {
        Assert.Equal(Expr.Parse("x5/x2 - (x1-x2)/(2*x3*x4)"), Expr.Parse("x5 / x2 - (x1 - x2) / (2 * x3 * x4)"));
        Assert.NotEqual(Expr.Parse("a + (b + c)"), Expr.Parse("a + b + c"));
        Assert.NotEqual(Expr.Parse("min(a, b)"), Expr.Parse("max(a, b)"));
        Assert.NotEqual(Expr.Parse("-2"), Expr.Parse("-(2)"));
        Assert.Equal(Expr.Parse("exp(x)").GetHashCode(), Expr.Parse("np.exp(x)").GetHashCode());
        Assert.Equal(new NumberExpr(0), new NumberExpr(-0.0));
        Assert.Equal(new NumberExpr(0).GetHashCode(), new NumberExpr(-0.0).GetHashCode());
    }
}
