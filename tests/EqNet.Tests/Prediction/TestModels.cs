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

    /// <summary>
    /// <paramref name="model"/> with two seeded random correction stages (hidden [5] and [3, 2]; the second leaves the
    /// last output uncorrected, scale 0) and floors that differ by output, so every path of the stages is taken.
    /// </summary>
    public static EqNetModel WithStages(EqNetModel model, int seed = 3)
    {
        var random = new Random(seed);
        int o = model.OutputNames.Count, f = model.Features.Count;
        CorrectionStage Stage(int[] hidden, double scale, bool skipLast)
        {
            int per = new DenseNetwork(f, hidden).ParameterCount;
            var p = Enumerable.Range(0, o * per).Select(_ => 0.5 * Normal(random)).ToArray();
            return new CorrectionStage(f, hidden, Enumerable.Range(0, o).Select(j => skipLast && j == o - 1 ? 0 : scale * (j + 1)).ToArray(), p);
        }
        var floors = Enumerable.Range(0, o).Select(j => j % 2 == 0 ? 0.01 : 0).ToArray();
        return new EqNetModel(model.Problem, model.Features, model.Network, model.Parameters)
        {
            Corrections = new CorrectionStages(f, floors, [Stage([5], 1e-3, false), Stage([3, 2], 1e-6, o > 1)]),
        };
    }

    /// <summary>The example <paramref name="name"/> (without .yaml), random weights.</summary>
    public static EqNetModel Example(string name, int seed = 1) => Random(TestProblems.Load(name + ".yaml"), seed);

    /// <summary>Points of the problem's domain, row-major.</summary>
    public static double[] Points(EqNetModel model, int count, int seed = 7) =>
        new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(count, seed);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
