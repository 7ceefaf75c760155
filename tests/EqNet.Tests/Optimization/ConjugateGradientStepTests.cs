using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

/// <summary>Levenberg-Marquardt with conjugate-gradient steps: the solver of fits too large for the normal matrix.</summary>
public class ConjugateGradientStepTests
{
    private static readonly LevenbergMarquardtOptions Inexact = new() { StepSolver = DampedStepSolver.ConjugateGradient, Threads = 1 };

    /// <summary>r_i = a exp(b t_i) + c - y_i with badly scaled parameters (c is 1e3 times a).</summary>
    private sealed class ExponentialFit : ILeastSquaresProblem
    {
        private readonly double[] _t = Enumerable.Range(0, 40).Select(i => i / 20.0).ToArray();

        public int ParameterCount => 3;

        public int ResidualCount => _t.Length;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            for (int i = 0; i < _t.Length; i++)
            {
                double e = Math.Exp(x[1] * _t[i]);
                residuals[i] = x[0] * e + x[2] - (2 * Math.Exp(-0.7 * _t[i]) + 1000);
                if (jacobian.IsEmpty) continue;
                jacobian[i * 3] = e;
                jacobian[i * 3 + 1] = x[0] * _t[i] * e;
                jacobian[i * 3 + 2] = 1;
            }
        }
    }

    [Fact]
    public void ConvergesOnABadlyScaledNonlinearFit()
    {
        var x = new double[] { 1, 0, 900 };
        var result = LevenbergMarquardt.Minimize(new ExponentialFit(), x, Inexact with { MaxIterations = 100 });
        Assert.True(result.Cost < 1e-16, $"cost {result.Cost:E2} ({result.Exit})");
        Assert.Equal(2, x[0], 6);
        Assert.Equal(-0.7, x[1], 6);
        Assert.Equal(1000, x[2], 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EachAcceptedStepLowersTheCostItReports(int threads)
    {
        var solver = new LevenbergMarquardt(Inexact with { Threads = threads });
        var problem = new ExponentialFit();
        var x = new double[] { 1, 0, 900 };
        double last = double.PositiveInfinity;
        int accepted = 0;
        for (int it = 0; it < 10; it++)
        {
            bool moved = solver.Step(problem, x);
            var r = new double[problem.ResidualCount];
            problem.Evaluate(x, r, default);
            double cost = r.Sum(v => v * v);
            Assert.Equal(solver.Cost, cost, 1e-9 * Math.Max(1, cost));
            if (moved) { Assert.True(cost < last); accepted++; }
            last = cost;
        }
        Assert.True(accepted >= 8, $"{accepted} of 10 steps accepted");
    }

    [Theory]
    [InlineData(60, 5, 1)]
    [InlineData(300, 12, 2)]
    public void ConvergedCgStepIsTheDirectStepWithMarquardtScaling(int m, int n, int threads)
    {
        // With n <= 20 CG iterations and a tight enough stop, CGLS solves the same damped system as Cholesky does.
        var random = new Random(m + n);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double lambda = 0.05;
        var cg = new ConjugateGradientStep(threads);
        var direct = new DampedGaussNewtonStep(threads: 1, diagonalDamping: true);
        cg.Prepare(j, r, m, n);
        direct.Prepare(j, r, m, n);
        var (hc, hd) = (new double[n], new double[n]);
        Assert.True(cg.Solve(lambda, hc, out double predictedCg));
        Assert.True(direct.Solve(lambda, hd, out double predictedDirect));
        Assert.InRange(cg.LastIterations, 1, Math.Min(n, ConjugateGradientStep.MaxInnerIterations));
        for (int p = 0; p < n; p++)
        {
            Assert.Equal(direct.Gradient[p], cg.Gradient[p], 12);
            Assert.Equal(hd[p], hc[p], 2e-3 * hd.Max(Math.Abs));
        }
        Assert.Equal(1, cg.MaxCurvature);
        // The predicted reduction is that of the linear model, |r|^2 - |r + J h|^2, at CG's own (inexact) step.
        var jh = new double[m];
        for (int i = 0; i < m; i++) for (int p = 0; p < n; p++) jh[i] += j[i * n + p] * hc[p];
        double before = r.Sum(v => v * v), after = r.Select((v, i) => (v + jh[i]) * (v + jh[i])).Sum();
        Assert.Equal(before - after, predictedCg, 1e-12 * before);
        Assert.Equal(predictedDirect, predictedCg, 1e-5 * predictedDirect);
    }

    [Fact]
    public void RecoversFromANonFiniteTrialStepLikeTheDirectSolver()
    {
        // r = log(x) + 3 from x = 1: the undamped step lands at x = -2 (NaN), which must be rejected.
        var x = new double[] { 1 };
        var result = LevenbergMarquardt.Minimize(new LogResidual(), x, Inexact with { GradientTolerance = 1e-15 });
        Assert.True(result.Iterations > result.AcceptedSteps);
        Assert.Equal(Math.Exp(-3), x[0], 12);
    }

    private sealed class LogResidual : ILeastSquaresProblem
    {
        public int ParameterCount => 1;

        public int ResidualCount => 1;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            residuals[0] = Math.Log(x[0]) + 3;
            if (!jacobian.IsEmpty) jacobian[0] = 1 / x[0];
        }
    }
}
