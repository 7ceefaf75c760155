using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class DampedGaussNewtonStepTests
{
    [Theory]
    [InlineData(9, 5)]  // more residuals than parameters: normal equations
    [InlineData(5, 9)]  // fewer: the m x m form
    [InlineData(70, 130)]
    public void StepSolvesTheDampedNormalEquationsInBothForms(int m, int n)
    {
        var random = new Random(m * 31 + n);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double lambda = 0.3;
        var solver = new DampedGaussNewtonStep(m, n, threads: 1);
        solver.Prepare(j, r);
        var step = new double[n];
        Assert.True(solver.Solve(j, r, lambda, step));
        // Residual of (J^T J + lambda I) h + J^T r, computed directly.
        var jh = new double[m];
        for (int i = 0; i < m; i++) for (int p = 0; p < n; p++) jh[i] += j[i * n + p] * step[p];
        double maxColumn = 0;
        for (int p = 0; p < n; p++)
        {
            double row = lambda * step[p], column = 0;
            for (int i = 0; i < m; i++)
            {
                row += j[i * n + p] * (jh[i] + r[i]);
                column += j[i * n + p] * j[i * n + p];
            }
            Assert.True(Math.Abs(row) < 1e-12, $"equation {p} off by {row}");
            maxColumn = Math.Max(maxColumn, column);
            double gradient = 0;
            for (int i = 0; i < m; i++) gradient += j[i * n + p] * r[i];
            Assert.Equal(gradient, solver.Gradient[p], 12);
        }
        Assert.Equal(maxColumn, solver.MaxCurvature, 12);
    }
}
