using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

/// <summary>The special functions and where(): spellings, printing, evaluation, derivatives and errors.</summary>
public class SpecialFunctionTests
{
    [Theory]
    [InlineData("erf(x) + erfc(x) + erfinv(x/3)", "erf(x) + erfc(x) + erfinv(x/3)")]
    [InlineData("scipy.special.gammaln(x)", null)]
    [InlineData("gammaln(x) + loggamma(x) + np.gamma(x)", "lgamma(x) + lgamma(x) + gamma(x)")]
    [InlineData("jv(0, x) + yv(1.5, x) + iv(2, x) + kv(0.5, x)", "besselj(0, x) + bessely(1.5, x) + besseli(2, x) + besselk(0.5, x)")]
    [InlineData("j0(x) - j1(x) + k1(x)", "besselj(0, x) - besselj(1, x) + besselk(1, x)")]
    [InlineData("digamma(x) + psi(x)", "polygamma(0, x) + polygamma(0, x)")]
    [InlineData("LambertW(x) + lambertw(x, 0) + lambertw(-x, -1)", "lambertw(x) + lambertw(x) + lambertw(-x, -1)")]
    [InlineData("np.arctan2(y, x) + hypot(x, y) + cbrt(x) + np.sinc(x)", "atan2(y, x) + hypot(x, y) + cbrt(x) + sinc(x)")]
    [InlineData("expm1(x) - log1p(x) + beta(x, y)", "expm1(x) - log1p(x) + beta(x, y)")]
    [InlineData("np.where(x<2300, 64/x, 0.316*x**-0.25)", "where(x < 2300, 64/x, 0.316*x**-0.25)")]
    [InlineData("where(x >= y + 1, x, where(x <= 0, -x, y))", "where(x >= y + 1, x, where(x <= 0, -x, y))")]
    [InlineData("where(x > 0, 1, 0)*less(x, y)", "where(x > 0, 1, 0)*less(x, y)")]
    [InlineData("where(x - 1, x, y)", "where(x - 1, x, y)")]
    public void SpellingsReadAndPrintBackToTheSameTree(string text, string? printed)
    {
        if (printed is null)
        {
            Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse(text));
            return;
        }

        var e = Expr.Parse(text);
        Assert.Equal(printed, e.ToString());
        Assert.Equal(e, Expr.Parse(e.ToString()));
    }

    [Theory]
    [InlineData("x < 1", "a comparison ('<') may only be the condition of where(condition, a, b)")]
    [InlineData("exp(x >= 1)", "a comparison ('>=') may only be the condition of where")]
    [InlineData("where(x, 1, 2 < 3)", "a comparison ('<') may only be the condition of where")]
    [InlineData("lambertw(x, 1)", "takes the branch k as the number 0 or -1")]
    [InlineData("j0(1, x)", "'j0' takes 1 argument, got 2 (it is besselj(0, x))")]
    [InlineData("besselj(x)", "'besselj' takes 2 arguments, got 1")]
    [InlineData("where(x < 1, 2)", "'where' takes 3 arguments, got 2")]
    public void MistakesAreNamed(string text, string message)
    {
        var e = Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(2300.0, 2.0)]
    [InlineData(double.NaN, 2.0)]
    public void WhereTakesTheFirstBranchWhereTheConditionHolds(double x, double expected)
    {
        var e = Expr.Parse("where(x < 2300, 1, 2)");
        Assert.Equal(expected, e.Evaluate(new Dictionary<string, double> { ["x"] = x }));
        Assert.Equal(expected, e.Compile(["x"]).Evaluate([x]));
    }

    [Fact]
    public void WhereEvaluatesOnlyTheBranchItTakes()
    {
        // log(x) is NaN for x < 0, but that branch is not taken there; numpy's where gives the same value.
        var e = Expr.Parse("where(x > 0, log(x), 0) + where(x, 1, 2)");
        Assert.Equal(1.0, e.Compile(["x"]).Evaluate([-1.0]));
        Assert.Equal(Math.Log(2) + 1, e.Compile(["x"]).Evaluate([2.0]));
        Assert.Equal(2.0, e.Compile(["x"]).Evaluate([0.0]));
    }

    [Fact]
    public void SimplificationPicksAConstantConditionsBranchAndFoldsNumbers()
    {
        Assert.Equal("x", Expr.Parse("where(2 > 1, x, y)").Simplify().ToString());
        Assert.Equal("y", Expr.Parse("where(0, x, y)").Simplify().ToString());
        Assert.Equal("x", Expr.Parse("where(y < 1, x, x)").Simplify().ToString());
        Assert.Equal(SpecialFunctions.Gamma(4.5), ((NumberExpr)Expr.Parse("gamma(4.5)").Simplify()).Value);
        Assert.Equal(Math.Sqrt(2), ((NumberExpr)Expr.Parse("hypot(1, 1)").Simplify()).Value, 15);
    }

    /// <summary>Each function's derivative against a central difference of the function itself (step 1e-6 relative).</summary>
    [Theory]
    [InlineData("erf(x)", 0.7)]
    [InlineData("erfc(x)", -1.3)]
    [InlineData("erfinv(x)", 0.6)]
    [InlineData("gamma(x)", 3.3)]
    [InlineData("gamma(x)", -1.7)]
    [InlineData("lgamma(x)", 0.4)]
    [InlineData("polygamma(1, x)", 2.2)]
    [InlineData("beta(x, 2.5)", 1.7)]
    [InlineData("beta(1.5, x)", 0.9)]
    [InlineData("besselj(0, x)", 2.1)]
    [InlineData("besselj(2.5, x)", 7.3)]
    [InlineData("bessely(1, x)", 1.4)]
    [InlineData("besseli(0.5, x)", 3.0)]
    [InlineData("besselk(1.3, x)", 0.8)]
    [InlineData("besselj(x, 4)", 1.5)]
    [InlineData("lambertw(x)", 0.0)]
    [InlineData("lambertw(x)", 5.0)]
    [InlineData("lambertw(x, -1)", -0.2)]
    [InlineData("expm1(x)", 1e-3)]
    [InlineData("log1p(x)", -0.4)]
    [InlineData("hypot(x, 3)", -4.0)]
    [InlineData("hypot(2, x)", 0.5)]
    [InlineData("atan2(x, -2)", 1.0)]
    [InlineData("atan2(1.5, x)", -2.0)]
    [InlineData("cbrt(x)", -8.0)]
    [InlineData("sinc(x)", 0.37)]
    [InlineData("sinc(x)", 2e-4)]
    [InlineData("sinc(x)", 0.0)]
    [InlineData("where(x < 1, x**2, 3*x)", 0.5)]
    [InlineData("where(x < 1, x**2, 3*x)", 2.0)]
    public void DerivativesMatchFiniteDifferences(string text, double x)
    {
        var e = Expr.Parse(text);
        var f = e.Compile(["x"]);
        var d = e.Derivative("x").Compile(["x"]);
        double h = 1e-6 * Math.Max(1, Math.Abs(x));
        double numeric = (f.Evaluate([x + h]) - f.Evaluate([x - h])) / (2 * h);
        double exact = d.Evaluate([x]);
        Assert.True(Math.Abs(exact - numeric) <= 1e-7 * Math.Max(1, Math.Abs(numeric)), $"{text} at {x}: d = {exact:R}, difference quotient {numeric:R}");
    }

    [Fact]
    public void CompiledAndInterpretedAgreeToTheBit()
    {
        var e = Expr.Parse("erf(x) + erfc(y) + gamma(x) + lgamma(y) + beta(x, y) + besselj(1, x) + bessely(0, y) + besseli(0.5, x) + besselk(2, y)" +
                           " + lambertw(x) + expm1(y) + log1p(x) + hypot(x, y) + atan2(y, x) + cbrt(x - y) + sinc(y) + where(x < y, x, y) + polygamma(1, y)");
        var compiled = e.Compile(["x", "y"]);
        var random = new Random(29);
        for (int i = 0; i < 200; i++)
        {
            double x = 0.05 + 5 * random.NextDouble(), y = 0.05 + 5 * random.NextDouble();
            Assert.Equal(e.Evaluate(new Dictionary<string, double> { ["x"] = x, ["y"] = y }), compiled.Evaluate([x, y]));
        }
    }

    [Theory]
    [InlineData("lambertw(x)", -0.5, double.NaN)]
    [InlineData("lambertw(x)", -0.36787944117144233, -1.0)]
    [InlineData("lambertw(x, -1)", 0.5, double.NaN)]
    [InlineData("lambertw(x, -1)", 0.0, double.NegativeInfinity)]
    [InlineData("lgamma(x)", -2.0, double.PositiveInfinity)]
    [InlineData("gamma(x)", -3.0, double.NaN)]
    [InlineData("gamma(x)", 5.0, 24.0)]
    [InlineData("erfinv(x)", 1.0, double.PositiveInfinity)]
    [InlineData("erfinv(x)", 1.5, double.NaN)]
    [InlineData("bessely(0, x)", -1.0, double.NaN)]
    [InlineData("besselj(0.5, x)", -1.0, double.NaN)]
    [InlineData("besselk(0, x)", 0.0, double.PositiveInfinity)]
    [InlineData("log1p(x)", -2.0, double.NaN)]
    [InlineData("sinc(x)", 3.0, 0.0)]
    public void AtTheEdgesOfTheDomainValuesAreWhatScipyGives(string text, double x, double expected)
    {
        Assert.Equal(expected, Expr.Parse(text).Compile(["x"]).Evaluate([x]));
    }

    [Fact]
    public void BesselOfWholeOrderAtNegativeArgumentHasItsParity()
    {
        Assert.Equal(SpecialFunctions.BesselJ(0, 2.5), SpecialFunctions.BesselJ(0, -2.5));
        Assert.Equal(-SpecialFunctions.BesselJ(1, 2.5), SpecialFunctions.BesselJ(1, -2.5));
        Assert.Equal(-SpecialFunctions.BesselI(3, 1.5), SpecialFunctions.BesselI(3, -1.5));
    }

    [Fact]
    public void DomainNotesNameEachFunctionsDomain()
    {
        Assert.Equal("; lambertw(x) needs x >= -1/e", FunctionCatalog.DomainNote(Expr.Parse("2*lambertw(x - 1)")));
        Assert.Equal("; erfinv(x) needs -1 < x < 1; log(x) needs x > 0", FunctionCatalog.DomainNote(Expr.Parse("erfinv(log(x))")));
        Assert.Equal("", FunctionCatalog.DomainNote(Expr.Parse("erf(x) + hypot(x, 1)")));
        Assert.Equal("", FunctionCatalog.DomainNote("gamma*2"));
    }
}
