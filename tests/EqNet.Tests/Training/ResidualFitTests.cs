using EqNet.Features;
using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class ResidualFitTests
{
    [Fact]
    public void TheResidualFitCountsAPointWithoutAFiniteResidualAsWrongAsItGetsWithoutSlope()
    {
        // A computed unknown outside its equation's domain makes a point's residual NaN; the fit goes on, the point costs
        // the largest scale-relative residual (1, times its weight), and its Jacobian row is zero.
        var problem = TestProblems.Inline("""
            name: root-law
            inputs:
              c: {min: -1e6, max: 1e6}
              x: {min: 1, max: 2}
            outputs: [y]
            equations:
              - sqrt(c - y) = x
            """);
        var system = new CompiledSystem(problem);
        double[] inputs = [1e6, 1.5, -1e6, 1.5, 1e6, 1.2];
        int n = 3;
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(200, 1), 200);
        var set = new TrainingSet(inputs, n, map);
        var network = new MagnitudeShapeNetwork(map.Count, [3], 1, 1, [OutputHead.For("y", null, null)]);
        var parameters = network.Initialize(5);
        var fit = new ResidualFit(system, network, set, 1, SystemBlock.Of(problem).Single(), parameters);
        var x = fit.Gather();
        var residuals = new double[n];
        var jacobian = new double[n * fit.ParameterCount];
        fit.Evaluate(x, residuals, jacobian);
        Assert.Equal(1.0, residuals[1]);
        Assert.All(jacobian.AsSpan(fit.ParameterCount, fit.ParameterCount).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(residuals, r => Assert.True(double.IsFinite(r)));
        Assert.All(jacobian, v => Assert.True(double.IsFinite(v)));
        Assert.Contains(jacobian.AsSpan(0, fit.ParameterCount).ToArray(), v => v != 0);
    }
}
