using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Tests.Solving;

public class NewtonPolishTests
{
    private const string Kepler = """
        name: kepler-polish
        inputs:
          M: {min: 0.1, max: 3}
          e: {min: 0, max: 0.9}
        outputs:
          E: {min: 0, max: 4}
        equations:
          - M = E - e*sin(E)
        """;

    [Fact]
    public void TwoStepsFromAPerturbedRootReachTheRootAndOneStepSquaresTheError()
    {
        var system = new CompiledSystem(TestProblems.Inline(Kepler));
        double[] inputs = [0.5, 0.3, 2.0, 0.8, 1.2, 0.6];
        var exact = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double m = inputs[i * 2], e = inputs[i * 2 + 1], y = m;
            for (int k = 0; k < 50; k++) y -= (y - e * Math.Sin(y) - m) / (1 - e * Math.Cos(y));
            exact[i] = y;
        }
        var once = exact.Select(y => y * (1 + 1e-5)).ToArray();
        var oneStep = NewtonPolish.Run(system, inputs, 3, once, 1);
        for (int i = 0; i < 3; i++) Assert.True(Math.Abs(once[i] - exact[i]) < 1e-8 * exact[i], $"one step: {once[i]} vs {exact[i]}");
        Assert.Equal(3, oneStep.Residuals.Length);

        var twice = exact.Select(y => y * (1 + 1e-5)).ToArray();
        var twoSteps = NewtonPolish.Run(system, inputs, 3, twice, 2);
        Assert.Equal(0, twoSteps.NotConverged);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(exact[i], twice[i], exact[i] * 1e-14);
            Assert.True(twoSteps.Residuals[i] <= 1e-12);
        }
    }

    [Fact]
    public void ZeroStepsMeasureOnlyAndAFarStartIsCountedAsNotConverged()
    {
        var system = new CompiledSystem(TestProblems.Inline(Kepler));
        double[] inputs = [0.5, 0.3];
        double[] start = [3.9];
        var measured = NewtonPolish.Run(system, inputs, 1, start, 0);
        Assert.Equal(3.9, start[0]);
        Assert.Equal(1, measured.NotConverged);
        Assert.True(measured.Residuals[0] > 0.1);
    }

    [Fact]
    public void AStepIsProjectedOntoTheBounds()
    {
        var problem = TestProblems.Inline("""
            name: bounded-polish
            inputs:
              a: {min: 1, max: 2}
            outputs:
              y: {min: 0, max: 10}
            equations:
              - y**2 = a
            """);
        var system = new CompiledSystem(problem);
        double[] start = [1e-3];
        NewtonPolish.Run(system, [1.5], 1, start, 1);
        Assert.Equal(10, start[0]);
    }

    [Fact]
    public void AHalvedStepReachesTheRootWhereTheFullNewtonStepOvershoots()
    {
        // atan(y) = 0.05 from y = 1.5: the full step goes to -1.53, where the residual is larger, and plain Newton
        // diverges from there.
        var system = new CompiledSystem(TestProblems.Inline("""
            name: atan-polish
            inputs:
              a: {min: -0.1, max: 0.1}
            outputs:
              y: {}
            equations:
              - atan(y) = a
            """));
        double[] start = [1.5];
        double full = 1.5 - (Math.Atan(1.5) - 0.05) * (1 + 1.5 * 1.5);
        Assert.True(Math.Abs(Math.Atan(full) - 0.05) > Math.Abs(Math.Atan(1.5) - 0.05));
        var result = NewtonPolish.Run(system, [0.05], 1, start, 10);
        Assert.Equal(0, result.NotConverged);
        Assert.Equal(Math.Tan(0.05), start[0], 1e-14);
    }

    [Fact]
    public void AStepThatNoHalvingImprovesIsUndone()
    {
        // y**2 = a with a < 0 has no real root: from y = 0.3 every step and its halvings miss, and y stays where it was
        // or moves only where the residual fell.
        var system = new CompiledSystem(TestProblems.Inline("""
            name: no-root-polish
            inputs:
              a: {min: -2, max: -1}
            outputs:
              y: {}
            equations:
              - y**2 + 1 = a + 2
            """));
        double[] start = [0.0];
        var before = NewtonPolish.Run(system, [-1.5], 1, [0.0], 0).Residuals[0];
        var after = NewtonPolish.Run(system, [-1.5], 1, start, 5);
        Assert.Equal(0.0, start[0]);
        Assert.Equal(before, after.Residuals[0]);
    }

    [Fact]
    public void KStepsAtOnceAreKRunsOfOneStep()
    {
        // The automatic choice of a model's step count relies on it: a point's steps depend only on where it stands.
        var system = new CompiledSystem(TestProblems.Inline(Kepler));
        var random = new Random(5);
        const int n = 400;
        var x = new double[2 * n];
        var start = new double[n];
        for (int i = 0; i < n; i++)
        {
            (x[2 * i], x[2 * i + 1]) = (0.1 + 2.9 * random.NextDouble(), 0.9 * random.NextDouble());
            start[i] = 4 * random.NextDouble();
        }
        for (int k = 0; k <= 6; k++)
        {
            var atOnce = (double[])start.Clone();
            var once = NewtonPolish.Run(system, x, n, atOnce, k);
            var stepwise = (double[])start.Clone();
            var last = NewtonPolish.Run(system, x, n, stepwise, 0);
            for (int step = 0; step < k; step++) last = NewtonPolish.Run(system, x, n, stepwise, 1);
            Assert.Equal(atOnce, stepwise);
            Assert.Equal(once.Residuals, last.Residuals);
        }
    }

    [Fact]
    public void NegativeStepsAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NewtonPolish.Run(new CompiledSystem(TestProblems.Inline(Kepler)), [0.5, 0.3], 1, new double[1], -1));
}
