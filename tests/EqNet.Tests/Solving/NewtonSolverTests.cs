using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Tests.Solving;

public class NewtonSolverTests
{
    [Fact]
    public void ProductQuotientWithoutAStartFindsThePositiveRoot()
    {
        var problem = TestProblems.Load("product-quotient.yaml");
        int n = 2000;
        var x = new DomainSampler(problem).Sample(n, 5);
        var result = new NewtonSolver(problem).Solve(x, n);
        Assert.Equal(1.0, result.ConvergedFraction);
        for (int i = 0; i < n; i++)
        {
            double p = x[i * 2], q = x[i * 2 + 1];
            Assert.Equal(Math.Sqrt(p * q), result.Solutions[i * 2], Math.Sqrt(p * q) * 1e-10);
            Assert.Equal(Math.Sqrt(p / q), result.Solutions[i * 2 + 1], Math.Sqrt(p / q) * 1e-10);
        }
    }

    [Fact]
    public void VanDerWaalsMatchesBisectionOnTheSupercriticalBranch()
    {
        var problem = TestProblems.Load("van-der-waals.yaml");
        int n = 1000;
        var x = new DomainSampler(problem).Sample(n, 9);
        var result = new NewtonSolver(problem).Solve(x, n);
        Assert.Equal(1.0, result.ConvergedFraction);
        for (int i = 0; i < n; i += 37)
        {
            double a = x[i * 4], b = x[i * 4 + 1], t = x[i * 4 + 2], p = x[i * 4 + 3];
            double f(double v) => (p + a / (v * v)) * (v - b) - 8.314462618 * t;
            double lo = b * (1 + 1e-12), hi = 1e3;
            for (int k = 0; k < 200; k++) { double mid = Math.Sqrt(lo * hi); if (f(mid) > 0) hi = mid; else lo = mid; }
            Assert.Equal(lo, result.Solutions[i], lo * 1e-9);
        }
    }

    [Fact]
    public void SeedPlusFlowPicksTheNonNegativeRootOfTheQuadratic()
    {
        var problem = TestProblems.Load("seed-plus-flow.yaml");
        int n = 2000;
        var x = new DomainSampler(problem).Sample(n, 2);
        var result = new NewtonSolver(problem).Solve(x, n);
        Assert.True(result.ConvergedFraction > 0.999, $"converged {result.ConvergedFraction}");
        for (int i = 0; i < n; i++)
        {
            if (!result.Converged[i]) continue;
            var r = x.AsSpan(i * 5, 5);
            double y = r[4] / r[1] - (r[0] - r[1]) / (2 * r[2] * r[3]) * r[1] / r[0];
            double c = r[2] * r[3], w = 2 * (y * y + 1) / (c + Math.Sqrt(c * c + 4 * (y * y + 1)));
            Assert.Equal(y, result.Solutions[i * 2], Math.Abs(y) * 1e-9 + 1e-9);
            Assert.Equal(w, result.Solutions[i * 2 + 1], w * 1e-9);
        }
    }

    [Fact]
    public void AGoodStartConvergesInAFewIterations()
    {
        var problem = TestProblems.Load("product-quotient.yaml");
        double[] x = [4, 1];
        var result = new NewtonSolver(problem).Solve(x, 1, [2.1, 1.9]);
        Assert.True(result.Converged[0]);
        Assert.True(result.Iterations[0] <= 8, $"{result.Iterations[0]} iterations");
        Assert.Equal(2, result.Solutions[0], 12);
    }

    [Fact]
    public void AnInconsistentSystemDoesNotConverge()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 2}}
            outputs: [y]
            equations: [y = a, y = a + 1]
            """);
        var result = new NewtonSolver(problem).Solve([1.5], 1);
        Assert.False(result.Converged[0]);
        Assert.True(result.Residuals[0] > 0.1);
    }

    [Fact]
    public void OutputsOfVeryDifferentMagnitudesConvergeFromNearbyStarts()
    {
        // Arrhenius: k from about 1e-39 to 1e12; Newton works on k itself, so its damping must be relative.
        var problem = TestProblems.Load("arrhenius.yaml");
        int n = 2000;
        var x = new EqNet.Sampling.DomainSampler(problem).Sample(n, 4);
        var exact = Enumerable.Range(0, n).Select(i => x[i * 3] * Math.Exp(-x[i * 3 + 1] / (8.314462618 * x[i * 3 + 2]))).ToArray();
        var start = exact.Select((k, i) => k * (1 + 0.01 * Math.Sin(i))).ToArray();
        var result = new NewtonSolver(problem).Solve(x, n, start);
        Assert.Equal(1.0, result.ConvergedFraction);
        for (int i = 0; i < n; i++) Assert.Equal(exact[i], result.Solutions[i], Math.Abs(exact[i]) * 1e-11);
    }
}
