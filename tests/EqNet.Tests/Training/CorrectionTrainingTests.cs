using EqNet.Models;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class CorrectionTrainingTests
{
    /// <summary>A law the network alone (readings off) leaves near 1e-7: its floor, where a stage pays.</summary>
    private const string Gaussian = """
        name: gaussian
        inputs:
          theta: {min: 1, max: 3}
        outputs: [f]
        equations:
          - "f = exp(-theta**2/2)/sqrt(2*pi)"
        """;

    private static readonly TrainingOptions NetworkAlone = new()
    {
        MaxSteps = 160,
        TimeBudgetSeconds = 600,
        TrainingPoints = 1000,
        ValidationPoints = 4000,
        Seed = 1,
        ZeroStructure = false,
        LogFactors = false,
        ClosedForms = false,
        DifferenceHeads = false,
        AffineHeads = false,
    };

    private static double P99(EqNetModel model, int count = 5000)
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, count).Select(_ => 1 + 2 * random.NextDouble()).ToArray();
        var y = model.Predict(x, count);
        var errors = x.Select((t, i) => Math.Abs(y[i] / (Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI)) - 1)).Order().ToArray();
        return errors[(int)(0.99 * count)];
    }

    [Fact]
    public void StagesFittedToWhatTheNetworkLeavesLowerTheHeldOutErrorSeveralFold()
    {
        var problem = TestProblems.Inline(Gaussian);
        var result = Trainer.Train(problem, NetworkAlone);
        var model = result.Model;
        Assert.NotNull(model.Corrections);
        Assert.InRange(model.Corrections.Count, 1, NetworkAlone.MaxCorrectionStages);
        Assert.StartsWith("network + ", model.Kind);
        Assert.Contains(result.History, h => h.Phase.StartsWith("stage ", StringComparison.Ordinal));
        var networkOnly = new EqNetModel(problem, model.Features, model.Network, model.Parameters);
        double before = P99(networkOnly), after = P99(model);
        Assert.True(after < before / 3, $"p99 {before:E2} with the network alone, {after:E2} with {model.Corrections.Count} stage(s)");
        // Deterministic with a seed and a step limit, stages included.
        Assert.Equal(model.Predict([1.5, 2.5], 2), Trainer.Train(problem, NetworkAlone).Model.Predict([1.5, 2.5], 2));
    }

    [Fact]
    public void NoStagesLeavesTheNetworkAlone()
    {
        var problem = TestProblems.Inline(Gaussian);
        var result = Trainer.Train(problem, NetworkAlone with { MaxSteps = 60, MaxCorrectionStages = 0 });
        Assert.Null(result.Model.Corrections);
        Assert.DoesNotContain(result.History, h => h.Phase.StartsWith("stage ", StringComparison.Ordinal));
    }
}
