using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class OptimizerTests
{
    private sealed class Rosenbrock(int n) : IObjective
    {
        public int ParameterCount => n;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            g.Clear();
            for (int i = 0; i + 1 < n; i++)
            {
                double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
                f += 100 * a * a + b * b;
                g[i] += -400 * a * x[i] - 2 * b;
                g[i + 1] += 200 * a;
            }
            return f;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void LbfgsSolvesRosenbrock(int n)
    {
        var x = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var result = Lbfgs.Minimize(new Rosenbrock(n), x, new LbfgsOptions { MaxIterations = 500 });
        Assert.True(result.Value < 1e-16, $"f = {result.Value} after {result.Iterations} iterations, exit {result.Exit}");
        Assert.All(x, v => Assert.True(Math.Abs(v - 1) < 1e-7, $"x = {v}"));
        Assert.True(result.Exit is ExitCondition.GradientTolerance or ExitCondition.FunctionTolerance, result.Exit.ToString());
    }

    [Fact]
    public void AdamApproachesTheRosenbrockMinimum()
    {
        var f = new Rosenbrock(2);
        double[] x = [-1.2, 1];
        var g = new double[2];
        var adam = new Adam(2);
        var schedule = new CosineSchedule(0.02, 1e-4, 20000);
        for (int step = 0; step < 20000; step++)
        {
            f.Evaluate(x, g);
            adam.Step(x, g, schedule.LearningRate(step));
        }
        Assert.True(f.Evaluate(x, g) < 1e-6);
    }

    [Fact]
    public void SgdWithMomentumDescends()
    {
        var f = new Rosenbrock(2);
        double[] x = [-1.2, 1];
        var g = new double[2];
        double start = f.Evaluate(x, g);
        var sgd = new SgdMomentum(2, 0.9, nesterov: true);
        for (int step = 0; step < 5000; step++) { f.Evaluate(x, g); sgd.Step(x, g, 1e-4); }
        Assert.True(f.Evaluate(x, g) < 1e-2 * start);
    }

    private sealed class LinearProblem(double[] a, double[] b, int m, int n) : ILeastSquaresProblem
    {
        public int ParameterCount => n;

        public int ResidualCount => m;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> r, Span<double> j)
        {
            for (int i = 0; i < m; i++)
            {
                double s = -b[i];
                for (int k = 0; k < n; k++) s += a[i * n + k] * x[k];
                r[i] = s;
            }
            if (!j.IsEmpty) a.CopyTo(j);
        }
    }

    [Fact]
    public void LevenbergMarquardtSolvesALinearProblemInAFewIterations()
    {
        int m = 50, n = 6;
        var random = new Random(1);
        var a = Enumerable.Range(0, m * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var truth = Enumerable.Range(0, n).Select(i => i - 2.5).ToArray();
        var b = Enumerable.Range(0, m).Select(i => Enumerable.Range(0, n).Sum(k => a[i * n + k] * truth[k])).ToArray();
        var x = new double[n];
        var result = LevenbergMarquardt.Minimize(new LinearProblem(a, b, m, n), x);
        Assert.True(result.Iterations <= 6, $"{result.Iterations} iterations, exit {result.Exit}");
        for (int k = 0; k < n; k++) Assert.Equal(truth[k], x[k], 8);
    }

    private sealed class ExponentialFit(double[] t, double[] y) : ILeastSquaresProblem
    {
        public int ParameterCount => 2;

        public int ResidualCount => t.Length;

        public void Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            for (int i = 0; i < t.Length; i++)
            {
                double e = Math.Exp(-p[1] * t[i]);
                r[i] = p[0] * e - y[i];
                if (j.IsEmpty) continue;
                j[i * 2] = e;
                j[i * 2 + 1] = -p[0] * t[i] * e;
            }
        }
    }

    [Fact]
    public void LevenbergMarquardtFitsAnExponential()
    {
        var t = Enumerable.Range(0, 40).Select(i => i * 0.1).ToArray();
        var y = t.Select(v => 3 * Math.Exp(-1.3 * v)).ToArray();
        double[] p = [1, 0.1];
        LevenbergMarquardt.Minimize(new ExponentialFit(t, y), p);
        Assert.Equal(3, p[0], 9);
        Assert.Equal(1.3, p[1], 9);
    }

    /// <summary>A 1-32-32-1 tanh network fitted to sin on [0, 2 pi]: per-sample Jacobian rows from DenseNetwork.</summary>
    private sealed class SineFit : ILeastSquaresProblem
    {
        private readonly DenseNetwork _net = new(1, [32, 32]);
        private readonly double[] _x = Enumerable.Range(0, 200).Select(i => 2 * Math.PI * i / 199).ToArray();

        public int ParameterCount => _net.ParameterCount;

        public int ResidualCount => _x.Length;

        public double[] Initial(int seed)
        {
            var p = new double[ParameterCount];
            _net.Initialize(p, new Random(seed));
            return p;
        }

        public void Evaluate(ReadOnlySpan<double> p, Span<double> r, Span<double> j)
        {
            var scratch = new double[_net.ScratchLength];
            var d1 = new double[_net.DeltaLength];
            var d2 = new double[_net.DeltaLength];
            for (int i = 0; i < _x.Length; i++)
            {
                double u = _x[i] / Math.PI - 1;
                r[i] = _net.Forward(p, [u], scratch) - Math.Sin(_x[i]);
                if (!j.IsEmpty) _net.Backward(p, scratch, 1, j.Slice(i * ParameterCount, ParameterCount), d1, d2);
            }
        }
    }

    [Fact]
    public void LevenbergMarquardtFitsSineWithATanhNetworkToTenDigits()
    {
        var problem = new SineFit();
        var p = problem.Initial(3);
        var result = LevenbergMarquardt.Minimize(problem, p, new LevenbergMarquardtOptions { MaxIterations = 300 });
        double mse = result.Cost / problem.ResidualCount;
        Assert.True(mse < 1e-10, $"MSE {mse:E2} after {result.Iterations} iterations, exit {result.Exit}");
    }

    [Fact]
    public void SchedulesGiveTheDocumentedValues()
    {
        var cosine = new CosineSchedule(1, 0.1, 100);
        Assert.Equal(1, cosine.LearningRate(0), 12);
        Assert.Equal(0.55, cosine.LearningRate(50), 12);
        Assert.Equal(0.1, cosine.LearningRate(100), 12);
        var warm = new WarmupSchedule(10, new ConstantSchedule(2));
        Assert.Equal(0.2, warm.LearningRate(0), 12);
        Assert.Equal(2, warm.LearningRate(9), 12);
        Assert.Equal(2, warm.LearningRate(500), 12);
    }

    [Fact]
    public void ReduceOnPlateauWaitsForPatienceThenCoolsDown()
    {
        var plateau = new ReduceOnPlateau(1, factor: 0.5, patience: 2, cooldown: 1, minRate: 0.2);
        Assert.Equal(1, plateau.Report(10));
        Assert.Equal(1, plateau.Report(9));
        Assert.Equal(1, plateau.Report(9));
        Assert.Equal(1, plateau.Report(9));
        Assert.Equal(0.5, plateau.Report(9));
        Assert.Equal(0.5, plateau.Report(9));
        for (int i = 0; i < 20; i++) plateau.Report(9);
        Assert.Equal(0.2, plateau.Rate);
    }

    [Fact]
    public void OptimisersWithoutParametersSaySo()
    {
        Assert.Contains("at least one parameter", Assert.Throws<ArgumentException>(() => new Adam(0)).Message);
        Assert.Contains("at least one parameter", Assert.Throws<ArgumentException>(() => new SgdMomentum(0)).Message);
        Assert.Throws<ArgumentException>(() => Lbfgs.Minimize(new Rosenbrock(0), []));
    }
}
