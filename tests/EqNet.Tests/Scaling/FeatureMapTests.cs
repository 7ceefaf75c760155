using EqNet.Sampling;
using EqNet.Scaling;

namespace EqNet.Tests.Scaling;

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
        Assert.Equal(["log(M)", "ecc"], map.Features.Select(f => f.Describe(map.InputNames)).ToArray());
        Assert.All(map.Compute([1.0, 0.0], 1), v => Assert.True(double.IsFinite(v)));
    }
}
