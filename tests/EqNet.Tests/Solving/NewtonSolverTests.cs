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
    public void DissociationFindsEveryRootWhereKIsNear1e18()
    {
        // K = exp(10 - 20000/T) is 1e-18 near T = 390: its Jacobian column is 1e18 times the fraction's, and a pivot
        // judged against the largest column once cut the fraction's steps 200-fold (4 % of points unsolved).
        var problem = TestProblems.Load("dissociation.yaml");
        int n = 2000;
        var x = new DomainSampler(problem).Sample(n, 13);
        var result = new NewtonSolver(problem).Solve(x, n);
        Assert.Equal(1.0, result.ConvergedFraction);
        for (int i = 0; i < n; i++)
        {
            double t = x[i * 2], p = x[i * 2 + 1], k = Math.Exp(10 - 20000 / t), fraction = Math.Sqrt(k / (p + k));
            Assert.Equal(k, result.Solutions[i * 2], k * 1e-12);
            Assert.Equal(fraction, result.Solutions[i * 2 + 1], fraction * 1e-9);
        }
    }

    [Fact]
    public void AnUnknownNearZeroInsideAWideBoundIsSolvedToTheTolerance()
    {
        // lam in [-120, 1000] is iterated as a logit: at -3e-4 it is a difference of the bound's size and keeps about 11
        // digits, a residual near 5e-11. Plain steps in lam itself finish it (residual 1e-12: lam to 2e-12), from a
        // start or from the problem's guess.
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: -4e-4, max: -2e-4}
            outputs:
              lam: {min: -120, max: 1000}
            equations:
              - lam*(1 + a) = a
            """);
        int n = 200;
        var x = new DomainSampler(problem).Sample(n, 3);
        var exact = Enumerable.Range(0, n).Select(i => x[i] / (1 + x[i])).ToArray();
        foreach (var result in new[] { new NewtonSolver(problem).Solve(x, n), new NewtonSolver(problem).Solve(x, n, exact) })
        {
            Assert.Equal(1.0, result.ConvergedFraction);
            for (int i = 0; i < n; i++) Assert.Equal(exact[i], result.Solutions[i], Math.Abs(exact[i]) * 3e-12);
        }
    }

    [Fact]
    public void TheGaussNewtonStepDoesNotDependOnHowTheColumnsAreScaled()
    {
        // J = [[a, 0], [b, c]] with column 1 scaled by 1e18: the step in the second unknown is unchanged.
        double[] r = [1e-3, 1];
        var work = new double[Dogleg.WorkSize(2, 2)];
        var plain = new double[2];
        var scaled = new double[2];
        Assert.True(Dogleg.GaussNewton([2, 0, -0.3, 1.5], r, 2, 2, plain, work));
        Assert.True(Dogleg.GaussNewton([2e18, 0, -0.3e18, 1.5], r, 2, 2, scaled, work));
        Assert.Equal(plain[1], scaled[1], 1e-14);
        Assert.Equal(plain[0], scaled[0] * 1e18, 1e-14);
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

public class NewtonSolverGlobalisationTests
{
    /// <summary>atan(y - 40) = a: plain Newton diverges from any start more than about 1.39 from the root, and every fixed start is.</summary>
    private const string ShiftedArcTangent = """
        name: shifted-atan
        inputs:
          a: {min: -1, max: 1}
        outputs:
          y: {}
        equations:
          - atan(y - 40) = a
        """;

    [Fact]
    public void TheTrustRegionConvergesWherePlainNewtonFromTheSameStartDiverges()
    {
        var problem = TestProblems.Inline(ShiftedArcTangent);
        var system = new EqNet.Problems.Compiled.CompiledSystem(problem);
        double[] x = [-0.9, -0.3, 0.2, 0.8];
        double[] guess = [1, 1, 1, 1];
        var plain = (double[])guess.Clone();
        // Newton's polish (plain steps with a halving line search) leaves some of these starts short of the root.
        var polished = NewtonPolish.Run(system, x, 4, plain, 20);
        Assert.True(polished.NotConverged > 0);

        var solved = new NewtonSolver(system) { Continuation = false }.Solve(x, 4, guess);
        Assert.Equal(1, solved.ConvergedFraction);
        for (int i = 0; i < 4; i++) Assert.Equal(40 + Math.Tan(x[i]), solved.Solutions[i], 1e-10);
    }

    /// <summary>
    /// A coupled pair whose fixed starts lie outside plain Newton's basin: y1 - 30 enters an arc tangent, y2 follows
    /// linearly. The dogleg reaches the root from the first start.
    /// </summary>
    [Fact]
    public void ACoupledPairConvergesFromAStartOutsidePlainNewtonsBasin()
    {
        var problem = TestProblems.Inline("""
            name: coupled-atan
            inputs:
              a: {min: -1, max: 1}
              b: {min: 1, max: 2}
            outputs:
              y1: {}
              y2: {}
            equations:
              - atan(y1 - 30) + 0.1*atan(y2 - y1) = a
              - y2 = y1 + b
            """);
        var system = new EqNet.Problems.Compiled.CompiledSystem(problem);
        double[] x = [0.5, 1.5, -0.7, 1.2];
        double[] guess = [1, 1, 1, 1];
        var plain = (double[])guess.Clone();
        Assert.True(NewtonPolish.Run(system, x, 2, plain, 20).NotConverged > 0);
        var solved = new NewtonSolver(system) { Continuation = false }.Solve(x, 2, guess);
        Assert.Equal(1, solved.ConvergedFraction);
        for (int i = 0; i < 2; i++)
        {
            double y1 = 30 + Math.Tan(x[i * 2] - 0.1 * Math.Atan(x[i * 2 + 1]));
            Assert.Equal(y1, solved.Solutions[i * 2], 1e-9);
            Assert.Equal(y1 + x[i * 2 + 1], solved.Solutions[i * 2 + 1], 1e-9);
        }
    }

    /// <summary>
    /// Continuation in the inputs: with few iterations per start, the starts reach the root of y^3 + y = a only where a is
    /// small; the other points are carried from their solved neighbours' roots and all converge to the true root.
    /// </summary>
    [Fact]
    public void ContinuationFromSolvedNeighboursSolvesThePointsTheStartsMiss()
    {
        var problem = TestProblems.Inline("""
            name: cubic-continuation
            inputs:
              a: {min: 1, max: 1e12, sampling: log}
            outputs:
              y: {min: 0}
            equations:
              - y**3 + y = a
            """);
        const int n = 400;
        var x = new DomainSampler(problem).Sample(n, 4);
        var without = new NewtonSolver(problem) { MaxIterations = 3, Continuation = false }.Solve(x, n);
        Assert.InRange(without.ConvergedFraction, 0.002, 0.5);
        var with = new NewtonSolver(problem) { MaxIterations = 3 }.Solve(x, n);
        Assert.Equal(1, with.ConvergedFraction);
        for (int i = 0; i < n; i++)
        {
            double y = with.Solutions[i];
            Assert.True(Math.Abs(y * y * y + y - x[i]) <= 1e-11 * x[i], $"a={x[i]}: y={y}");
        }
    }

    /// <summary>The public systems where the former Newton reported no solution at 32 % and 1.6 % of the points.</summary>
    [Theory]
    [InlineData("pipe-network-hazen-williams", 150)]
    [InlineData("cstr-cooling-jacket", 400)]
    [InlineData("catenary-inclined-span", 300)]
    public void EveryPointOfThePublicSystemsIsSolved(string name, int n)
    {
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "systems", name + ".yaml"));
        var x = new DomainSampler(problem).Sample(n, 13);
        var solved = new NewtonSolver(problem).Solve(x, n);
        Assert.Equal(1, solved.ConvergedFraction);
        Assert.True(solved.Residuals.Max() <= 1e-12);
    }
}
