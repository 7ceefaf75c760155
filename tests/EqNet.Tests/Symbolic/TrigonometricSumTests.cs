using EqNet.Expressions;
using EqNet.Symbolic;

namespace EqNet.Tests.Symbolic;

public class TrigonometricSumTests
{
    private static readonly HashSet<string> Unknowns = ["a", "b"];

    [Fact]
    public void ProductsOfSinesAndCosinesAreReadAsSumsOfAngles()
    {
        // cos(a) cos(b) - sin(a) sin(b) = cos(a + b); 2 sin(a) cos(a) = sin(2a); the rest keeps what has no unknown.
        var sum = TrigonometricSum.Of(Expr.Parse("x - l*(cos(a)*cos(b) - sin(a)*sin(b)) + 2*sin(a)*cos(a)"), Unknowns)!;
        Assert.Equal("x", sum.Rest.ToString());
        Assert.Equal(2, sum.Waves.Count);
        var ab = Assert.Single(sum.Waves, w => w.Phase.Multipliers.Count == 2);
        Assert.Equal([("a", 1.0), ("b", 1.0)], ab.Phase.Multipliers);
        Assert.Equal(-1.0, ab.Cos.Evaluate(new Dictionary<string, double> { ["l"] = 1 }), 1e-15);
        Assert.Equal(0.0, ab.Sin.Evaluate(new Dictionary<string, double> { ["l"] = 1 }), 1e-15);
        var twoA = Assert.Single(sum.Waves, w => w.Phase.Multipliers.Count == 1);
        Assert.Equal([("a", 2.0)], twoA.Phase.Multipliers);
        Assert.Equal(1.0, twoA.Sin.Evaluate(new Dictionary<string, double>()), 1e-15);
    }

    [Fact]
    public void APhaseIsWrittenWithItsFirstMultiplierPositive()
    {
        // sin(phi - a) = -sin(a - phi); cos(phi - a) = cos(a - phi).
        var sum = TrigonometricSum.Of(Expr.Parse("sin(phi - a) + 3*cos(phi - a)"), Unknowns)!;
        var wave = Assert.Single(sum.Waves);
        Assert.Equal([("a", 1.0)], wave.Phase.Multipliers);
        Assert.Equal(-1.0, wave.Phase.Offset.Evaluate(new Dictionary<string, double> { ["phi"] = 1 }), 1e-15);
        Assert.Equal(-1.0, wave.Sin.Evaluate(new Dictionary<string, double>()), 1e-15);
        Assert.Equal(3.0, wave.Cos.Evaluate(new Dictionary<string, double>()), 1e-15);
    }

    [Theory]
    [InlineData("sin(a**2)")]
    [InlineData("exp(cos(a))")]
    [InlineData("sqrt(sin(a))")]
    [InlineData("x/cos(a)")]
    public void AnUnknownOutsideALinearPhaseLeavesNoSuchForm(string text) =>
        Assert.Null(TrigonometricSum.Of(Expr.Parse(text), Unknowns));
}
