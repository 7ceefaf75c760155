using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class DampedGaussNewtonStepTests
{
    [Theory]
    [InlineData(9, 5)]  // more residuals than parameters: normal equations
    [InlineData(5, 9)]  // fewer: the m x m form
    [InlineData(70, 130)]
    [InlineData(3, 2)]  // the plain-loop path of tiny systems (Newton's polish)
    public void StepSolvesTheDampedNormalEquationsInBothForms(int m, int n) => CheckStep(m, n, diagonal: false);

    [Theory]
    [InlineData(9, 5)]
    [InlineData(5, 9)]  // Marquardt's scaling always solves the normal form
    [InlineData(2, 1)]
    public void MarquardtScalingDampsEachParameterByItsOwnCurvature(int m, int n) => CheckStep(m, n, diagonal: true);

    private static void CheckStep(int m, int n, bool diagonal)
    {
        var random = new Random(m * 31 + n);
        var j = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5).ToArray();
        const double lambda = 0.3;
        var solver = new DampedGaussNewtonStep(threads: 1, diagonal);
        solver.Prepare(j, r, m, n);
        var step = new double[n];
        Assert.True(solver.Solve(lambda, step, out double predicted));
        // Residual of (J^T J + lambda I) h + J^T r, computed directly.
        var jh = new double[m];
        for (int i = 0; i < m; i++) for (int p = 0; p < n; p++) jh[i] += j[i * n + p] * step[p];
        double maxColumn = 0;
        for (int p = 0; p < n; p++)
        {
            double column = 0;
            for (int i = 0; i < m; i++) column += j[i * n + p] * j[i * n + p];
            double row = lambda * (diagonal ? column : 1) * step[p];
            for (int i = 0; i < m; i++) row += j[i * n + p] * (jh[i] + r[i]);
            Assert.True(Math.Abs(row) < 1e-12, $"equation {p} off by {row}");
            maxColumn = Math.Max(maxColumn, column);
            double gradient = 0;
            for (int i = 0; i < m; i++) gradient += j[i * n + p] * r[i];
            Assert.Equal(gradient, solver.Gradient[p], 12);
        }
        Assert.Equal(maxColumn, solver.MaxCurvature, 12);
        // The predicted reduction is |r|^2 - |r + J h|^2, the decrease of the linear model.
        double before = r.Sum(v => v * v), after = r.Select((v, i) => (v + jh[i]) * (v + jh[i])).Sum();
        Assert.Equal(before - after, predicted, 12);
    }
}
