using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class FirstOrderOptimizerTests
{
    [Fact]
    public void AdamMatchesTheTextbookUpdateOverSeveralSteps()
    {
        // Reference: the algorithm as printed by Kingma and Ba, one scalar at a time.
        double[] p = [0.5, -2, 3], expected = [0.5, -2, 3];
        double[] m = new double[3], v = new double[3];
        var adam = new Adam(3, beta1: 0.8, beta2: 0.99, epsilon: 1e-3);
        for (int t = 1; t <= 5; t++)
        {
            var g = expected.Select((x, i) => x * x * (i + 1) - 1).ToArray();
            for (int i = 0; i < 3; i++)
            {
                m[i] = 0.8 * m[i] + 0.2 * g[i];
                v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(0.8, t)), vHat = v[i] / (1 - Math.Pow(0.99, t));
                expected[i] -= 0.05 * mHat / (Math.Sqrt(vHat) + 1e-3);
            }
            adam.Step(p, g, 0.05);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], p[i], 12);
        Assert.Equal(5, adam.StepCount);
    }

    [Fact]
    public void AdamsFirstStepMovesEachParameterByTheLearningRate()
    {
        // With bias correction the first step is lr g / |g| whatever the gradient's scale.
        float[] p = [1, 1, 1];
        new Adam(3).Step(p, [1e-3f, -50f, 7f], 0.01);
        Assert.Equal(0.99f, p[0], 5);
        Assert.Equal(1.01f, p[1], 5);
        Assert.Equal(0.99f, p[2], 5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void AdamWithCosineDecayReachesTheRosenbrockMinimum(int n)
    {
        var objective = new Rosenbrock();
        var x = Rosenbrock.Start(n);
        var gradient = new double[n];
        var adam = new Adam(n);
        var schedule = new CosineSchedule(0.02, 20_000, floorRate: 1e-5);
        for (int step = 0; step < 20_000; step++)
        {
            objective.Evaluate(x, gradient);
            adam.Step(x, gradient, schedule.RateAt(step));
        }
        Assert.True(Rosenbrock.DistanceToMinimum(x) < 1e-6, $"max |x - 1| = {Rosenbrock.DistanceToMinimum(x)}");
    }

    [Fact]
    public void AdamWDecaysParametersIndependentlyOfTheGradientScale()
    {
        // Zero gradient: Adam leaves p alone, AdamW shrinks it by lr x decay per step.
        double[] plain = [2, -4], decayed = [2, -4];
        var adam = new Adam(2);
        var adamW = new AdamW(2, weightDecay: 0.1);
        for (int t = 0; t < 10; t++)
        {
            adam.Step(plain, [0.0, 0.0], 0.5);
            adamW.Step(decayed, [0.0, 0.0], 0.5);
        }
        Assert.Equal([2.0, -4.0], plain);
        Assert.Equal(2 * Math.Pow(0.95, 10), decayed[0], 12);
        Assert.Equal(-4 * Math.Pow(0.95, 10), decayed[1], 12);
    }

    [Fact]
    public void SgdMomentumClassicAndNesterovFollowTheirRecurrences()
    {
        double[] classic = [1], nesterov = [1];
        var sgd = new SgdMomentum(1, momentum: 0.5);
        var nag = new SgdMomentum(1, momentum: 0.5, nesterov: true);
        // Constant gradient 2: velocity 2, 3, 3.5.
        for (int t = 0; t < 3; t++)
        {
            sgd.Step(classic, [2.0], 0.1);
            nag.Step(nesterov, [2.0], 0.1);
        }
        Assert.Equal(1 - 0.1 * (2 + 3 + 3.5), classic[0], 12);
        // Nesterov steps along g + momentum v: 2 + 1, 2 + 1.5, 2 + 1.75.
        Assert.Equal(1 - 0.1 * (3 + 3.5 + 3.75), nesterov[0], 12);
    }

    [Fact]
    public void SgdMomentumMinimisesAQuadraticInFloat()
    {
        float[] p = [3, -2];
        var sgd = new SgdMomentum(2, momentum: 0.9, nesterov: true);
        var g = new float[2];
        for (int t = 0; t < 300; t++)
        {
            g[0] = p[0];
            g[1] = 10 * p[1];
            sgd.Step(p, g, 0.05);
        }
        Assert.True(Math.Abs(p[0]) < 1e-4 && Math.Abs(p[1]) < 1e-4, $"p = ({p[0]}, {p[1]})");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void ZeroParametersAreRejectedWithAMessageSayingSo(string kind)
    {
        var error = Assert.Throws<ArgumentException>(() => kind switch
        {
            "adam" => (FirstOrderOptimizer)new Adam(0),
            "adamw" => new AdamW(0),
            _ => new SgdMomentum(0),
        });
        Assert.Contains("0 parameters", error.Message);
        Assert.Contains("at least one parameter", error.Message);
    }

    [Fact]
    public void MismatchedLengthsNameBothLengths()
    {
        var adam = new Adam(3);
        var error = Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[2], 0.1));
        Assert.Contains("gradient length 2", error.Message);
        Assert.Contains("created for 3 parameters", error.Message);
    }

    [Fact]
    public void OneInstanceRefusesToMixPrecisionsUntilReset()
    {
        var adam = new Adam(1);
        adam.Step(new double[1], [1.0], 0.1);
        var error = Assert.Throws<InvalidOperationException>(() => adam.Step(new float[1], [1f], 0.1));
        Assert.Contains("Double", error.Message);
        adam.Reset();
        adam.Step(new float[1], [1f], 0.1);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void StepsAllocateNothingOnceWarm()
    {
        var adam = new AdamW(4096);
        var p = new double[4096];
        var g = Enumerable.Range(0, 4096).Select(i => Math.Sin(i)).ToArray();
        adam.Step(p, g, 1e-3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 10; t++) adam.Step(p, g, 1e-3);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
