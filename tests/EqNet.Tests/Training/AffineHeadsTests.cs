using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class AffineHeadsTests
{
    private static (double Min, double Max)?[] Of(EqNet.Problems.Problem problem)
    {
        const int n = 400;
        var design = new DomainSampler(problem).Sample(n, 5);
        var heads = problem.Outputs.Select(o => OutputHead.For(o.Name, o.Min, o.Max)).ToArray();
        return AffineHeads.Of(new CompiledSystem(problem), heads, new ExplicitDefinitions(problem).IsExplicit, design, n);
    }

    [Fact]
    public void AnImplicitOutputCrossingZeroAgainstLargeTermsGetsItsSpread()
    {
        // y = a - b - 0.1 sin(y) crosses 0 where a = b, while S >= |a| + |b| >= 2: an absolute precision.
        var spreads = Of(TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 2}
              b: {min: 1, max: 2}
            outputs: [y]
            equations:
              - a = b + y + 0.1*sin(y)
            """));
        var (min, max) = Assert.NotNull(spreads[0]);
        // The solutions span about (-1, 1) / 1.1 + 0.1 sin: within, and most of, [-0.92, 0.92].
        Assert.InRange(min, -0.92, -0.7);
        Assert.InRange(max, 0.7, 0.92);
    }

    [Fact]
    public void TheArmsLastJointGetsAnAffineHeadAndItsBoundedJointsKeepTheirs()
    {
        var spreads = Of(EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "reported", "12-planar-arm-ik.yaml")));
        Assert.Null(spreads[0]);
        Assert.Null(spreads[1]);
        var (min, max) = Assert.NotNull(spreads[2]);
        Assert.True(min < -3 && max > 2.5, $"t3 spread [{min}, {max}]");
    }

    [Fact]
    public void TheCubicsRootKeepsTheMagnitudeHead()
    {
        // y^3 + p y = q near y = 0 is measured against S ~ 2 |q| ~ |y|: a relative precision, which exp(m) * t gives.
        Assert.Null(Of(TestProblems.Load("cubic.yaml"))[0]);
    }

    [Fact]
    public void AnExplicitlyDefinedOutputIsNoCandidate()
    {
        var spreads = Of(TestProblems.Inline("""
            inputs:
              a: {min: -1, max: 1}
              b: {min: 1, max: 2}
            outputs: [y]
            equations:
              - y = a
            """));
        Assert.Null(spreads[0]);
    }
}
