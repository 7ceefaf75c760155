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
