using EqNet.Diagnostics;
using EqNet.Solving;

namespace EqNet.Tests.Diagnostics;

public class SystemDiagnosticsTests
{
    [Fact]
    public void ExamplesAreSolvableAndRegular()
    {
        foreach (var name in new[] { "seed.yaml", "van-der-waals.yaml", "product-quotient.yaml", "seed-plus-flow.yaml", "kepler.yaml", "colebrook.yaml", "dissociation.yaml", "cubic.yaml" })
        {
            var d = SystemDiagnostics.Run(TestProblems.Load(name), 300);
            Assert.True(d.UnsolvedFraction == 0 && d.SingularFraction == 0, $"{name}: unsolved {d.UnsolvedFraction}, singular {d.SingularFraction}");
            Assert.Empty(d.Warnings());
        }
    }

    [Fact]
    public void BoundsThatExcludeSolutionsAreReportedWithAPoint()
    {
        var problem = TestProblems.Inline("""
            inputs: {x: {min: 1, max: 100}}
            outputs: {y: {min: 5}}
            equations: [y^2 = x]
            """);
        var d = SystemDiagnostics.Run(problem, 400);
        Assert.InRange(d.UnsolvedFraction, 0.15, 0.35);
        Assert.Contains("x=", d.UnsolvedExample);
        Assert.Contains("no solution within the declared output bounds", d.Warnings().First());
    }

    [Theory]
    [InlineData(0.00005, "0.005 %")]
    [InlineData(0.237, "24 %")]
    [InlineData(0.0012, "0.12 %")]
    public void ASmallShareIsNotPrintedAsZero(double fraction, string expected) => Assert.Equal(expected, SystemDiagnosis.Percent(fraction));

    [Fact]
    public void ASingularSystemIsReported()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 2}}
            outputs: [u, v]
            equations: [u + v = a, 2*u + 2*v = 2*a]
            """);
        var d = SystemDiagnostics.Run(problem, 50);
        Assert.True(d.SingularFraction > 0.9, $"singular {d.SingularFraction}");
    }
}
