using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class LbfgsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void RosenbrockConvergesToOnesWithinOneInHundredMillion(int n)
    {
        var objective = new Rosenbrock();
        var x = Rosenbrock.Start(n);
        var result = Lbfgs.Minimize(objective, x, new LbfgsOptions { GradientTolerance = 1e-11 });
        Assert.Equal(ExitCondition.GradientTolerance, result.Exit);
        Assert.True(Rosenbrock.DistanceToMinimum(x) < 1e-8, $"max |x - 1| = {Rosenbrock.DistanceToMinimum(x)}");
        Assert.True(result.Value < 1e-16, $"f = {result.Value}");
        Assert.Same(x, result.Minimizer);
        Assert.Equal(objective.Evaluations, result.Evaluations);
        Assert.InRange(result.Iterations, 10, 200);
    }

    [Fact]
    public void MoreMemoryMeansFewerIterationsOnAnIllConditionedQuadratic()
    {
        int Iterations(int memory)
        {
            var x = new double[] { 1, 1, 1, 1, 1 };
            var result = Lbfgs.Minimize(new Quadratic([1, 3, 10, 30, 100]), x, new LbfgsOptions { GradientTolerance = 1e-10, Memory = memory });
            Assert.Equal(ExitCondition.GradientTolerance, result.Exit);
            foreach (var v in x) Assert.True(Math.Abs(v) < 1e-10);
            return result.Iterations;
        }
        int one = Iterations(1), ten = Iterations(10);
        Assert.True(ten < one / 2, $"memory 10 took {ten} iterations, memory 1 took {one}");
        Assert.InRange(ten, 5, 30);
    }

    [Fact]
    public void IterationLimitIsReported()
    {
        var x = Rosenbrock.Start(2);
        var result = Lbfgs.Minimize(new Rosenbrock(), x, new LbfgsOptions { MaxIterations = 3 });
        Assert.Equal(ExitCondition.MaxIterations, result.Exit);
        Assert.Equal(3, result.Iterations);
        Assert.False(result.Converged);
        Assert.True(result.Value < 24.2, "three descent steps lower f below its start value 24.2");
    }

    [Fact]
    public void CancelledTokenStopsBeforeTheFirstIteration()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var result = Lbfgs.Minimize(new Rosenbrock(), Rosenbrock.Start(2), new LbfgsOptions { CancellationToken = source.Token });
        Assert.Equal(ExitCondition.Cancelled, result.Exit);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void ZeroTimeLimitReportsDeadline()
    {
        var result = Lbfgs.Minimize(new Rosenbrock(), Rosenbrock.Start(2), new LbfgsOptions { TimeLimit = TimeSpan.Zero });
        Assert.Equal(ExitCondition.Deadline, result.Exit);
    }

    [Fact]
    public void FunctionToleranceStopsWhenProgressIsNegligible()
    {
        // A minimum value of 5 makes the relative decrease small once x is near 0, while the gradient test is off.
        var x = new double[] { 1, 1 };
        var result = Lbfgs.Minimize(new Quadratic([1, 10], offset: 5), x, new LbfgsOptions { GradientTolerance = 0, FunctionTolerance = 1e-12 });
        Assert.Equal(ExitCondition.FunctionTolerance, result.Exit);
        Assert.True(result.Converged);
        Assert.True(Math.Abs(x[0]) < 1e-4 && Math.Abs(x[1]) < 1e-4, $"x = ({x[0]}, {x[1]})");
    }

    [Fact]
    public void UnboundedBelowObjectiveEndsWithoutHanging()
    {
        // f = -x has no minimum; every line search keeps extending, so the run must end on its iteration limit.
        var result = Lbfgs.Minimize(new Linear(), [0.0], new LbfgsOptions { MaxIterations = 5 });
        Assert.Equal(ExitCondition.MaxIterations, result.Exit);
        Assert.True(result.Value < -1);
    }

    [Fact]
    public void NonFiniteStartIsReported()
    {
        var result = Lbfgs.Minimize(new Quadratic([1]), [double.NaN]);
        Assert.Equal(ExitCondition.NonFiniteValue, result.Exit);
    }

    [Fact]
    public void EmptyStartingPointIsRejectedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => Lbfgs.Minimize(new Rosenbrock(), []));
        Assert.Contains("0 parameters", error.Message);
    }

    private sealed class Quadratic(double[] curvatures, double offset = 0) : IObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            double f = offset;
            for (int i = 0; i < x.Length; i++)
            {
                f += 0.5 * curvatures[i] * x[i] * x[i];
                gradient[i] = curvatures[i] * x[i];
            }
            return f;
        }
    }

    private sealed class Linear : IObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = -1;
            return -x[0];
        }
    }
}
