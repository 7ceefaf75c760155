using EqNet.Models;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Tests.Prediction;

/// <summary>
/// Models as training designs them (features, heads, chained outputs, learned scales) with seeded random weights
/// instead of trained ones: every path of the prediction is exercised in milliseconds, not minutes of training.
/// </summary>
internal static class TestModels
{
    /// <summary>The design of <paramref name="problem"/> with every parameter moved by a seeded normal step (power-term coefficients start at zero otherwise).</summary>
    public static EqNetModel Random(Problem problem, int seed = 1)
    {
        var design = Trainer.Design(problem, new TrainingOptions { Seed = seed, ValidationPoints = 2000 });
        var random = new Random(seed);
        var p = (double[])design.Parameters.Clone();
        for (int k = 0; k < p.Length; k++) p[k] += 0.05 * Normal(random);
        return new EqNetModel(problem, design.Features, design.Network, p);
    }

    /// <summary>The example <paramref name="name"/> (without .yaml), random weights.</summary>
    public static EqNetModel Example(string name, int seed = 1) => Random(TestProblems.Load(name + ".yaml"), seed);

    /// <summary>Points of the problem's domain, row-major.</summary>
    public static double[] Points(EqNetModel model, int count, int seed = 7) =>
        new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(count, seed);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
