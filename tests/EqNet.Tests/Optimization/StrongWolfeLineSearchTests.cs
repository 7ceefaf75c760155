using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class StrongWolfeLineSearchTests
{
    [Theory]
    [InlineData(0.01)]  // far too short: the search must extend
    [InlineData(1.0)]
    [InlineData(50.0)]  // far too long: the search must zoom back
    public void AcceptedStepSatisfiesBothStrongWolfeConditions(double initial)
    {
        // phi(a) = f(a) with f(x) = x^4 - 3x + cos(5x), from x = 0 along d = 1; c2 = 0.1 asks for a nearly exact search.
        const double c1 = 1e-4, c2 = 0.1;
        var objective = new Wiggly();
        var search = new StrongWolfeLineSearch(objective, 1, c1, c2, maxEvaluations: 30);
        double[] x = [0], d = [1], g0 = new double[1];
        double f0 = objective.Evaluate(x, g0);
        double alpha = search.Search(x, d, f0, g0[0], initial);
        Assert.True(alpha > 0);
        double slope = Wiggly.Derivative(alpha);
        Assert.True(Wiggly.Value(alpha) <= f0 + c1 * alpha * g0[0], $"sufficient decrease fails at {alpha}");
        Assert.True(Math.Abs(slope) <= c2 * Math.Abs(g0[0]), $"curvature fails at {alpha}: slope {slope}");
        Assert.Equal(alpha, search.Point[0], 15);
        Assert.Equal(Wiggly.Value(alpha), search.Value, 15);
        Assert.Equal(slope, search.Gradient[0], 12);
        Assert.InRange(search.Evaluations, 1, 30);
    }

    [Fact]
    public void AscentOnlyDirectionReturnsZero()
    {
        // f(x) = x increases along d = 1; told the slope is -1, the search finds no lower point and must say so.
        var search = new StrongWolfeLineSearch(new Ramp(), 1, 1e-4, 0.9, maxEvaluations: 10);
        double alpha = search.Search([0.0], [1.0], 0, -1, 1);
        Assert.Equal(0, alpha);
        Assert.Equal(10, search.Evaluations);
    }

    private sealed class Ramp : IObjective
    {
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = 1;
            return x[0];
        }
    }

    private sealed class Wiggly : IObjective
    {
        public static double Value(double x) => Math.Pow(x, 4) - 3 * x + Math.Cos(5 * x);

        public static double Derivative(double x) => 4 * x * x * x - 3 - 5 * Math.Sin(5 * x);

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            gradient[0] = Derivative(x[0]);
            return Value(x[0]);
        }
    }
}
