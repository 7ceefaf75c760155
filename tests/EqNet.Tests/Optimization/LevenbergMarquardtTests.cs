using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class LevenbergMarquardtTests
{
    [Fact]
    public void LinearLeastSquaresMatchesTheDirectSolutionInAFewIterations()
    {
        var random = new Random(11);
        int m = 60, n = 6;
        var a = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, m).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var problem = new LinearProblem(a, b, m, n);
        var x = new double[n];
        // At the minimum (cost ~51) rounding of the cost hides any step once |J^T r| is near 1e-9: ask for 1e-8.
        var result = LevenbergMarquardt.Minimize(problem, x, new LevenbergMarquardtOptions { GradientTolerance = 1e-8 });
        var direct = SolveNormalEquations(a, b, m, n);
        Assert.True(result.Converged, $"exit {result.Exit}");
        Assert.InRange(result.AcceptedSteps, 1, 6);
        for (int p = 0; p < n; p++) Assert.Equal(direct[p], x[p], 1e-8);
        // The residual at the least-squares solution is not zero (60 equations, 6 unknowns): LM must stop at the minimum, not chase zero.
        double directCost = 0;
        for (int i = 0; i < m; i++)
        {
            double r = -b[i];
            for (int p = 0; p < n; p++) r += a[i * n + p] * direct[p];
            directCost += r * r;
        }
        Assert.Equal(directCost, result.Cost, 9);
        Assert.True(directCost > 1, "the test problem is meant to be inconsistent");
        Assert.Equal(result.AcceptedSteps + 1, result.CostHistory.Count);
        for (int k = 1; k < result.CostHistory.Count; k++) Assert.True(result.CostHistory[k] < result.CostHistory[k - 1]);
    }

    [Fact]
    public void ExponentialDecayParametersAreRecoveredFromExactData()
    {
        // y = 2 exp(-1.3 t) + 0.5 on [0, 4], fitted from a poor start (1, -0.2, 0).
        var t = Enumerable.Range(0, 40).Select(i => i * 0.1).ToArray();
        var y = t.Select(v => 2 * Math.Exp(-1.3 * v) + 0.5).ToArray();
        var x = new double[] { 1, -0.2, 0 };
        var result = LevenbergMarquardt.Minimize(new ExponentialFit(t, y), x, new LevenbergMarquardtOptions { GradientTolerance = 1e-13 });
        Assert.True(result.Converged, $"exit {result.Exit}");
        Assert.Equal(2, x[0], 9);
        Assert.Equal(-1.3, x[1], 9);
        Assert.Equal(0.5, x[2], 9);
        Assert.True(result.Cost < 1e-20, $"cost {result.Cost}");
    }

    [Fact]
    public void RosenbrockValleyIsFollowedToTheMinimum()
    {
        // Rosenbrock as least squares, r = (10 (x2 - x1^2), 1 - x1), from the classic start (-1.2, 1).
        var x = new double[] { -1.2, 1 };
        var result = LevenbergMarquardt.Minimize(new RosenbrockResiduals(), x, new LevenbergMarquardtOptions { GradientTolerance = 1e-14 });
        Assert.True(result.Converged, $"exit {result.Exit}");
        Assert.Equal(1, x[0], 10);
        Assert.Equal(1, x[1], 10);
        Assert.InRange(result.AcceptedSteps, 5, 60);
    }

    [Fact]
    public void RankDeficientProblemStillReachesTheLeastSquaresMinimum()
    {
        // Columns 1 and 2 are equal, so J^T J is singular: only x1 + x2 is determined. The damping keeps every step
        // defined; the cost must reach the minimum of the full-rank problem with the two columns merged.
        var random = new Random(3);
        int m = 30;
        var a = new double[m * 3];
        var merged = new double[m * 2];
        var b = new double[m];
        for (int i = 0; i < m; i++)
        {
            double u = random.NextDouble() * 2 - 1, v = random.NextDouble() * 2 - 1;
            (a[i * 3], a[i * 3 + 1], a[i * 3 + 2]) = (u, u, v);
            (merged[i * 2], merged[i * 2 + 1]) = (u, v);
            b[i] = 3 * u - v + 0.1 * (random.NextDouble() - 0.5);
        }
        var x = new double[] { 5, -4, 0 };
        var result = LevenbergMarquardt.Minimize(new LinearProblem(a, b, m, 3), x, new LevenbergMarquardtOptions { GradientTolerance = 1e-10 });
        var direct = SolveNormalEquations(merged, b, m, 2);
        Assert.True(result.Converged, $"exit {result.Exit}");
        Assert.Equal(direct[0], x[0] + x[1], 8);
        Assert.Equal(direct[1], x[2], 8);
        // Damping never moves the undetermined direction x1 - x2 (J^T r is orthogonal to it): it stays where it started.
        Assert.Equal(9, x[0] - x[1], 8);
    }

    [Fact]
    public void NonFiniteTrialStepIsRejectedAndTheRunRecovers()
    {
        // r = log(x) + 3: the Gauss-Newton step from x = 1 is -3, to log(-2) = NaN. The step must be rejected, the
        // damping raised, and the run must still reach x = e^-3.
        var x = new double[] { 1 };
        var solver = new LevenbergMarquardt();
        var problem = new LogResidual();
        double damping = 0;
        bool firstAccepted = solver.Step(problem, x);
        Assert.True(firstAccepted);
        Assert.True(solver.Iterations > solver.AcceptedSteps, "the first trial (x = -2) should have been rejected");
        Assert.True(double.IsFinite(x[0]) && x[0] > 0);
        for (int k = 0; k < 50 && solver.Cost > 1e-28; k++)
        {
            damping = solver.Damping;
            solver.Step(problem, x);
        }
        Assert.Equal(Math.Exp(-3), x[0], 14);
        // Relative to the curvature J^2 = 1 / x^2 the damping is small again once steps succeed.
        Assert.True(damping * x[0] * x[0] < 1e-3, $"damping {damping} should fall again once steps succeed");
    }

    [Fact]
    public void StepByStepTakesTheSameStepsAsTheLoop()
    {
        var t = Enumerable.Range(0, 40).Select(i => i * 0.1).ToArray();
        var y = t.Select(v => 2 * Math.Exp(-1.3 * v) + 0.5).ToArray();
        var options = new LevenbergMarquardtOptions { GradientTolerance = 1e-13 };
        var looped = new double[] { 1, -0.2, 0 };
        var result = LevenbergMarquardt.Minimize(new ExponentialFit(t, y), looped, options);
        Assert.True(result.AcceptedSteps > 5);

        var stepped = new double[] { 1, -0.2, 0 };
        var solver = new LevenbergMarquardt(options);
        var costs = new List<double>();
        while (costs.Count < result.AcceptedSteps)
        {
            Assert.True(solver.Step(new ExponentialFit(t, y), stepped));
            costs.Add(solver.Cost);
        }
        Assert.Equal(result.CostHistory.Skip(1), costs);
        Assert.Equal(looped, stepped);
        Assert.Equal(result.Iterations, solver.Iterations);
        Assert.Equal(result.Damping, solver.Damping);
    }

    [Fact]
    public void ProposeAndJudgeDriveTheSameSolverFromOutside()
    {
        // What Newton's polish does: the caller evaluates residuals and judges the trial cost itself.
        var t = Enumerable.Range(0, 40).Select(i => i * 0.1).ToArray();
        var y = t.Select(v => 2 * Math.Exp(-1.3 * v) + 0.5).ToArray();
        var problem = new ExponentialFit(t, y);
        var x = new double[] { 1, -0.2, 0 };
        var solver = new LevenbergMarquardt();
        var r = new double[40];
        var j = new double[120];
        var step = new double[3];
        for (int k = 0; k < 100; k++)
        {
            problem.Evaluate(x, r, j);
            if (!solver.Propose(j, r, 40, 3, step)) continue;
            var trial = x.Zip(step, (a, b) => a + b).ToArray();
            problem.Evaluate(trial, r, default);
            if (solver.Judge(r.Sum(v => v * v))) x = trial;
        }
        Assert.Equal(2, x[0], 9);
        Assert.Equal(-1.3, x[1], 9);
        Assert.Equal(0.5, x[2], 9);
    }

    [Fact]
    public void TanhNetworkFitsSineToMeanSquaredErrorBelowOneInTenBillion()
    {
        var network = new DenseNetwork(1, [32, 32]);
        Assert.Equal(1153, network.ParameterCount);
        var points = Enumerable.Range(0, 200).Select(i => 2 * Math.PI * i / 199).ToArray();
        var problem = new SineNetworkFit(network, points);
        var x = new double[network.ParameterCount];
        network.Initialize(x, new Random(5));
        var result = LevenbergMarquardt.Minimize(problem, x, new LevenbergMarquardtOptions { MaxIterations = 1500, CostTolerance = 1e-11 * points.Length });
        double trainMse = result.Cost / points.Length;
        double heldOutMse = problem.MeanSquaredError(x, Enumerable.Range(0, 199).Select(i => 2 * Math.PI * (i + 0.5) / 199));
        Assert.True(trainMse < 1e-10, $"training MSE {trainMse:E2} after {result.Iterations} iterations ({result.Exit})");
        Assert.True(heldOutMse < 1e-9, $"held-out MSE {heldOutMse:E2}");
    }

    [Fact]
    public void IterationLimitAndCancellationAreReported()
    {
        var t = Enumerable.Range(0, 40).Select(i => i * 0.1).ToArray();
        var y = t.Select(v => 2 * Math.Exp(-1.3 * v) + 0.5).ToArray();
        var limited = LevenbergMarquardt.Minimize(new ExponentialFit(t, y), [1, -0.2, 0], new LevenbergMarquardtOptions { MaxIterations = 2 });
        Assert.Equal(ExitCondition.MaxIterations, limited.Exit);
        Assert.Equal(2, limited.Iterations);
        using var source = new CancellationTokenSource();
        source.Cancel();
        var cancelled = LevenbergMarquardt.Minimize(new ExponentialFit(t, y), [1, -0.2, 0], new LevenbergMarquardtOptions { CancellationToken = source.Token });
        Assert.Equal(ExitCondition.Cancelled, cancelled.Exit);
        var late = LevenbergMarquardt.Minimize(new ExponentialFit(t, y), [1, -0.2, 0], new LevenbergMarquardtOptions { TimeLimit = TimeSpan.Zero });
        Assert.Equal(ExitCondition.Deadline, late.Exit);
    }

    [Fact]
    public void DampingOverflowWhenNoStepLowersTheCost()
    {
        // The Jacobian lies (it points uphill), so every predicted decrease is met by an increase.
        var result = LevenbergMarquardt.Minimize(new WrongJacobian(), [1.0], new LevenbergMarquardtOptions { MaxIterations = 1000 });
        Assert.Equal(ExitCondition.DampingOverflow, result.Exit);
        Assert.Equal(0, result.AcceptedSteps);
    }

    [Fact]
    public void MismatchedStartingPointIsRejectedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Minimize(new WrongJacobian(), [1.0, 2.0]));
        Assert.Contains("2 components but the problem has 1 parameters", error.Message);
    }

    private static double[] SolveNormalEquations(double[] a, double[] b, int m, int n)
    {
        // Gaussian elimination with partial pivoting on A^T A x = A^T b, independent of the library's Cholesky.
        var g = new double[n, n + 1];
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++) for (int i = 0; i < m; i++) g[p, q] += a[i * n + p] * a[i * n + q];
            for (int i = 0; i < m; i++) g[p, n] += a[i * n + p] * b[i];
        }
        for (int c = 0; c < n; c++)
        {
            int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(g[r, c]));
            for (int k = 0; k <= n; k++) (g[c, k], g[pivot, k]) = (g[pivot, k], g[c, k]);
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = g[r, c] / g[c, c];
                for (int k = c; k <= n; k++) g[r, k] -= f * g[c, k];
            }
        }
        return Enumerable.Range(0, n).Select(p => g[p, n] / g[p, p]).ToArray();
    }

    private sealed class LinearProblem(double[] a, double[] b, int m, int n) : ILeastSquaresProblem
    {
        public int ParameterCount => n;

        public int ResidualCount => m;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            for (int i = 0; i < m; i++)
            {
                double r = -b[i];
                for (int p = 0; p < n; p++) r += a[i * n + p] * x[p];
                residuals[i] = r;
            }
            if (!jacobian.IsEmpty) a.AsSpan(0, m * n).CopyTo(jacobian);
        }
    }

    private sealed class ExponentialFit(double[] t, double[] y) : ILeastSquaresProblem
    {
        public int ParameterCount => 3;

        public int ResidualCount => t.Length;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            for (int i = 0; i < t.Length; i++)
            {
                double e = Math.Exp(x[1] * t[i]);
                residuals[i] = x[0] * e + x[2] - y[i];
                if (jacobian.IsEmpty) continue;
                jacobian[i * 3] = e;
                jacobian[i * 3 + 1] = x[0] * t[i] * e;
                jacobian[i * 3 + 2] = 1;
            }
        }
    }

    private sealed class RosenbrockResiduals : ILeastSquaresProblem
    {
        public int ParameterCount => 2;

        public int ResidualCount => 2;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            residuals[0] = 10 * (x[1] - x[0] * x[0]);
            residuals[1] = 1 - x[0];
            if (jacobian.IsEmpty) return;
            (jacobian[0], jacobian[1], jacobian[2], jacobian[3]) = (-20 * x[0], 10, -1, 0);
        }
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

    private sealed class WrongJacobian : ILeastSquaresProblem
    {
        public int ParameterCount => 1;

        public int ResidualCount => 1;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            residuals[0] = x[0];
            if (!jacobian.IsEmpty) jacobian[0] = -1;
        }
    }
}
