using EqNet.Problems.Compiled;

namespace EqNet.Tests.Problems.Compiled;

public class CompiledSystemTests
{
    [Fact]
    public void SeedResidualAndTermScaleMatchHandComputation()
    {
        var system = new CompiledSystem(TestProblems.Load("seed.yaml"));
        double x1 = 800, x2 = 20, x3 = 3000, x4 = 2e-4, x5 = 70, y = 1.5;
        double t1 = x5 / x2, t2 = (x1 - x2) / (2 * x3 * x4) * x2 / x1;
        var residual = new double[1];
        var scale = new double[1];
        var derivative = new double[1];
        var loss = new double[1];
        system.Evaluate([x1, x2, x3, x4, x5, y], 1, residual, scale, loss, derivative);
        Assert.Equal(y - (t1 - t2), residual[0], 12);
        Assert.Equal(Math.Abs(y) + t1 + t2, scale[0], 12);
        Assert.Equal(scale[0], loss[0]);
        Assert.Equal(1, derivative[0]);
    }

    [Fact]
    public void ScaleRelativeErrorIsZeroAtTheExactSolutionAndWorstEquationOverall()
    {
        var problem = TestProblems.Load("seed-plus-flow.yaml");
        var system = new CompiledSystem(problem);
        double x1 = 900, x2 = 300, x3 = 2000, x4 = 1e-5, x5 = 40;
        double y = x5 / x2 - (x1 - x2) / (2 * x3 * x4) * x2 / x1;
        double c = x3 * x4, w = (-c + Math.Sqrt(c * c + 4 * (y * y + 1))) / 2;
        var (perEquation, overall) = system.ScaleRelativeErrors([x1, x2, x3, x4, x5, y, w], 1);
        Assert.True(perEquation[0] < 1e-15 && perEquation[1] < 1e-12, $"{perEquation[0]} {perEquation[1]}");
        var (off, worst) = system.ScaleRelativeErrors([x1, x2, x3, x4, x5, y, w * 1.01], 1);
        Assert.Equal(Math.Max(off[0], off[1]), worst[0]);
        Assert.True(off[1] > 1e-3);
    }

    [Fact]
    public void UserScaleOnlyChangesTheLossScale()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 2}}
            outputs: [y]
            equations:
              - {equation: "y = 3*a", scale: "10*a"}
            """);
        var system = new CompiledSystem(problem);
        var r = new double[1];
        var s = new double[1];
        var loss = new double[1];
        system.Evaluate([2, 7], 1, r, s, loss);
        Assert.Equal(1, r[0]);
        Assert.Equal(13, s[0]);
        Assert.Equal(20, loss[0]);
    }
}
