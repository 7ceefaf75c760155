using EqNet.Features;
using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class ConditioningCapTests
{
    /// <summary>The exact roots (r1, g) of x^2 + b x + c at each point.</summary>
    private static double[] Roots(double[] inputs, int n)
    {
        var roots = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double b = inputs[2 * i], c = inputs[2 * i + 1], g = Math.Sqrt(b * b - 4 * c);
            roots[2 * i] = (-b - g) / 2;
            roots[2 * i + 1] = g;
        }
        return roots;
    }

    [Fact]
    public void OnlyTheEquationWhoseTermsCancelGetsACapAtItsConditionNumbersQuantile()
    {
        var problem = TestProblems.Inline(TestProblems.QuadraticRoots);
        var system = new CompiledSystem(problem);
        int n = 4000;
        var inputs = new DomainSampler(problem).Sample(n, 3);
        var roots = Roots(inputs, n);
        var caps = ConditioningCap.Of(system, inputs, roots, n);

        // 2 r1 + g = -b: kappa = (2|r1| + |g|) / (2|r1| + |g| + |b|) <= 1, so no cap.
        Assert.Equal(0, caps[0]);
        // r1 (r1 + g) = c: kappa = (|r1| |2 r1 + g| + |r1 g|) / (|r1 (r1 + g)| + |c|), large where c -> 0.
        var kappas = Enumerable.Range(0, n).Select(i =>
        {
            double r1 = roots[2 * i], g = roots[2 * i + 1], c = inputs[2 * i + 1];
            return (Math.Abs(r1 * (2 * r1 + g)) + Math.Abs(r1 * g)) / (Math.Abs(r1 * (r1 + g)) + Math.Abs(c));
        }).Order().ToArray();
        double quantile = kappas[(int)Math.Ceiling(ConditioningCap.Quantile * n) - 1];
        Assert.InRange(quantile, 10, 1e4);
        Assert.Equal(1 / quantile, caps[1], 12);
    }

    [Fact]
    public void AllExplicitEquationsGetNoCap()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: -1, max: 1}, b: {min: -1, max: 1}}
            outputs: [y]
            equations: [y = a - b]
            """);
        int n = 500;
        var inputs = new DomainSampler(problem).Sample(n, 1);
        var values = Enumerable.Range(0, n).Select(i => inputs[2 * i] - inputs[2 * i + 1]).ToArray();
        Assert.Equal([0.0], ConditioningCap.Of(new CompiledSystem(problem), inputs, values, n));
    }

    [Fact]
    public void TheResidualFitFloorsTheLossScaleWhereTheTermsCancelAndItsJacobianMatchesThoseResiduals()
    {
        var problem = TestProblems.Inline(TestProblems.QuadraticRoots);
        var system = new CompiledSystem(problem);
        // Two points with c near 0, one far from it.
        double[] inputs = [3, -1e-6, -4, 1e-6, 2, -5];
        int n = 3;
        var map = FeatureMap.Design(problem, new DomainSampler(problem).Sample(200, 1), 200);
        var set = new TrainingSet(inputs, n, map);
        var network = new MagnitudeShapeNetwork(map.Count, [3], 1, 1, [OutputHead.For("r1", null, null), OutputHead.For("g", 0, null)]);
        var parameters = network.Initialize(5);
        var block = SystemBlock.Of(problem).Single();
        // A cap of 1 floors S at the outputs' sensitivity, which is at least 2 |r1 (r1 + g)| (triangle inequality): where c is
        // negligible the floor at least halves the residual, at any outputs, so the test needs no trained network.
        double[] caps = [0, 1];
        var capped = new ResidualFit(system, network, set, 1, block, parameters, null, caps);
        var plain = new ResidualFit(system, network, set, 1, block, parameters);
        var x = capped.Gather();
        var withCap = new double[2 * n];
        var without = new double[2 * n];
        var jacobian = new double[2 * n * capped.ParameterCount];
        capped.Evaluate(x, withCap, jacobian);
        plain.Evaluate(x, without, default);

        var outputs = new double[2 * n];
        network.Evaluate(parameters, set.Features, n, outputs, default, 1);
        for (int i = 0; i < n; i++)
        {
            double b = inputs[2 * i], c = inputs[2 * i + 1], r1 = outputs[2 * i], g = outputs[2 * i + 1];
            double f = r1 * (r1 + g) - c, s = Math.Abs(r1 * (r1 + g)) + Math.Abs(c);
            double sensitivity = Math.Abs(r1 * (2 * r1 + g)) + Math.Abs(g * r1);
            Assert.Equal(without[2 * i], withCap[2 * i]);
            Assert.Equal(f / Math.Max(s, caps[1] * sensitivity), withCap[2 * i + 1], 12);
            Assert.Equal(f / s, without[2 * i + 1], 12);
            Assert.Equal((2 * r1 + g + b) / (2 * Math.Abs(r1) + Math.Abs(g) + Math.Abs(b)), withCap[2 * i], 12);
        }
        Assert.True(Math.Abs(withCap[1]) <= 0.5000001 * Math.Abs(without[1]));
        Assert.True(Math.Abs(withCap[3]) <= 0.5000001 * Math.Abs(without[3]));

        // The scales are held at the Jacobian's point, so central differences of the residuals match the Jacobian.
        var plus = new double[2 * n];
        var minus = new double[2 * n];
        for (int k = 0; k < capped.ParameterCount; k += 7)
        {
            double saved = x[k], h = 1e-6;
            x[k] = saved + h;
            capped.Evaluate(x, plus, default);
            x[k] = saved - h;
            capped.Evaluate(x, minus, default);
            x[k] = saved;
            for (int r = 0; r < 2 * n; r++)
            {
                double numeric = (plus[r] - minus[r]) / (2 * h), analytic = jacobian[r * capped.ParameterCount + k];
                Assert.True(Math.Abs(numeric - analytic) <= 1e-5 * Math.Max(1, Math.Abs(analytic)), $"row {r}, parameter {k}: {numeric} vs {analytic}");
            }
        }
    }
}
