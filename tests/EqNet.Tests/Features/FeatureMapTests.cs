using EqNet.Features;
using EqNet.Sampling;

namespace EqNet.Tests.Features;

public class FeatureMapTests
{
    [Fact]
    public void SeedGetsLogInputsAndTheLogDistanceToTheDependentBound()
    {
        var problem = TestProblems.Load("seed.yaml");
        var sample = new DomainSampler(problem).Sample(5000, 3);
        var map = FeatureMap.Design(problem, sample, 5000);
        var described = map.Features.Select(f => f.Describe(map.InputNames)).ToArray();
        Assert.Equal(["x1", "log(x1)", "log(x2)", "log(x1 - x2)", "log(x3)", "log(x4)", "log(x5)"], described);
    }

    [Fact]
    public void FeaturesAreStandardisedOnTheDesignSample()
    {
        var problem = TestProblems.Load("seed.yaml");
        var sample = new DomainSampler(problem).Sample(4000, 5);
        var map = FeatureMap.Design(problem, sample, 4000);
        var u = map.Compute(sample, 4000);
        for (int f = 0; f < map.Count; f++)
        {
            double mean = 0, square = 0;
            for (int i = 0; i < 4000; i++) { mean += u[i * map.Count + f]; square += u[i * map.Count + f] * u[i * map.Count + f]; }
            Assert.Equal(0, mean / 4000, 9);
            Assert.Equal(1, square / 4000, 9);
        }
    }

    [Fact]
    public void APointOnTheBoundStaysFinite()
    {
        var problem = TestProblems.Load("seed.yaml");
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(1000, 1), 1000);
        var u = map.Compute([700, 700, 2000, 1e-4, 5], 1);
        Assert.All(u, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void TransformOverridesAreHonoured()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 1e6, transform: linear}
              b: {min: 2, max: 3, transform: log}
            outputs: [y]
            equations: [y = a*b]
            """);
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(500, 2), 500);
        Assert.Equal(["a", "log(a)", "log(b)"], map.Features.Select(f => f.Describe(map.InputNames)).ToArray());
    }

    [Fact]
    public void AnInputThatMayBeZeroGetsNoLogEvenIfTheSampleMissesZero()
    {
        var problem = TestProblems.Load("kepler.yaml");
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(1000, 1), 1000);
        // ecc multiplies a term of an implicit equation only: no log magnitude either.
        Assert.Equal(["log(M)", "ecc"], map.Features.Select(f => f.Describe(map.InputNames)).ToArray());
        Assert.All(map.Compute([1.0, 0.0], 1), v => Assert.True(double.IsFinite(v)));

        var product = TestProblems.Inline("""
            inputs:
              n: {min: 0, max: 1}
              a: {min: 0, max: 1}
            outputs: [y]
            equations: [y = 1 + n/(1 + n) + sin(a)]
            """);
        var explicitMap = FeatureMap.Design(product, new DomainSampler(product).Sample(1000, 1), 1000);
        // n multiplies a term of y's definition and starts at 0: log sqrt(n^2 + s^2) resolves its decades; a does not multiply
        // (sin(a) adds its periodic features, sin and cos of its argument).
        Assert.Equal([FeatureKind.Linear, FeatureKind.LogMagnitude, FeatureKind.Linear, FeatureKind.Sine, FeatureKind.Cosine],
            explicitMap.Features.Select(f => f.Kind).ToArray());
        Assert.All(explicitMap.Compute([0.0, 0.0], 1), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void AnInputOfBothSignsGetsASignedLogAndALogMagnitude()
    {
        var problem = TestProblems.Inline("""
            inputs:
              p: {min: 0.1, max: 10, sampling: log}
              q: {min: -100, max: 100}
            outputs: [y]
            equations: [y**3 + p*y = q]
            """);
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(2000, 4), 2000);
        var kinds = map.Features.Where(f => f.Input == 1).Select(f => f.Kind).ToArray();
        Assert.Equal([FeatureKind.Linear, FeatureKind.SignedLog, FeatureKind.LogMagnitude], kinds);
        Assert.DoesNotContain(map.Features, f => f.Input == 0 && f.Kind is FeatureKind.SignedLog or FeatureKind.LogMagnitude);
        var signed = map.Features.Single(f => f.Kind == FeatureKind.SignedLog);
        Assert.InRange(signed.Floor, 0.99e-5 * 99, 1.01e-5 * 100);
        int at = map.Features.ToList().IndexOf(signed), magnitude = at + 1;
        double Raw(double q, int f) => map.Compute([1.0, q], 1)[f] * map.Features[f].Width + map.Features[f].Center;
        // Odd and log-like away from zero; even, and log|q| away from zero.
        Assert.Equal(-Raw(37, at), Raw(-37, at), 9);
        Assert.Equal(Math.Log(2 * 37 / signed.Floor), Raw(37, at), 6);
        Assert.Equal(Raw(37, magnitude), Raw(-37, magnitude), 12);
        Assert.Equal(Math.Log(37), Raw(37, magnitude), 9);
        Assert.All(map.Compute([1.0, 0.0], 1), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_factor_feature_keeps_its_zeros_and_its_sign_and_a_log_expression_is_the_log_of_the_expression()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 3}
              b: {min: 1, max: 3}
            outputs: [y]
            equations: [y = -2*(a - b)]
            """);
        var sample = new DomainSampler(problem).Sample(2000, 4);
        var map = FeatureMap.Design(problem, sample, 2000, [EqNet.Expressions.Expr.Parse("a + b")], [(EqNet.Expressions.Expr.Parse("a - b"), -1)]);
        var factor = map.Features.Single(f => f.Kind == FeatureKind.Factor);
        Assert.Equal((0.0, "a - b"), (factor.Center, factor.Bound));
        Assert.True(factor.Width < 0, "the output has the opposite sign of a - b, so the width is negative");
        var u = map.Compute([2.5, 1.5, 2.0, 2.0], 2);
        int k = map.Features.ToList().IndexOf(factor), l = map.Features.ToList().FindIndex(f => f.Kind == FeatureKind.LogExpression);
        Assert.Equal(1 / factor.Width, u[k], 12);
        Assert.Equal(0, u[map.Count + k]);
        Assert.Equal((Math.Log(4) - map.Features[l].Center) / map.Features[l].Width, u[l], 12);
    }
}
