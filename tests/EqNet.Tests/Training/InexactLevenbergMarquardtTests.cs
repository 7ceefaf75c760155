using EqNet.Optimization;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class InexactLevenbergMarquardtTests
{
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
        var stepper = new InexactLevenbergMarquardt(threads: 1);
        var x = new double[] { 1, 0, 900 };
        for (int it = 0; it < 60; it++) stepper.Step(new ExponentialFit(), x);
        Assert.True(stepper.Cost < 1e-16, $"cost {stepper.Cost:E2}");
        Assert.Equal(2, x[0], 6);
        Assert.Equal(-0.7, x[1], 6);
        Assert.Equal(1000, x[2], 6);
    }

    [Fact]
    public void EachAcceptedStepLowersTheCostAndAFailedOneRaisesTheDamping()
    {
        var stepper = new InexactLevenbergMarquardt(threads: 2);
        var problem = new ExponentialFit();
        var x = new double[] { 1, 0, 900 };
        double last = double.PositiveInfinity;
        for (int it = 0; it < 10; it++)
        {
            bool moved = stepper.Step(problem, x);
            var r = new double[problem.ResidualCount];
            problem.Evaluate(x, r, default);
            double cost = r.Sum(v => v * v);
            Assert.Equal(stepper.Cost, cost, 1e-9 * Math.Max(1, cost));
            if (moved) Assert.True(cost < last);
            last = cost;
        }
        Assert.InRange(stepper.LastInnerIterations, 1, InexactLevenbergMarquardt.MaxInnerIterations);
    }
}
