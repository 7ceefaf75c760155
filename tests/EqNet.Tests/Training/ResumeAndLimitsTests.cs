using EqNet.Evaluation;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class ResumeAndLimitsTests
{
    [Fact]
    public void AResumedRunStartsFromTheGivenWeightsSkipsThePreFitAndKeepsImproving()
    {
        var problem = TestProblems.Load("seed.yaml");
        var options = new TrainingOptions { MaxSteps = 20, TrainingPoints = 300, ValidationPoints = 1000, Hidden = [4], Threads = 1 };
        var first = Trainer.Train(problem, options);
        var resumed = Trainer.Train(problem, options with { InitialModel = first.Model });

        Assert.Same(first.Model.Network, resumed.Model.Network);
        Assert.Equal("resumed", resumed.History[0].Phase);
        Assert.DoesNotContain(resumed.History, h => h.Phase == "magnitude");
        // The first validation of the resumed run is the stopped run's best, to the last bit of the same sample...
        Assert.Equal(first.BestValidation.P99, resumed.History[0].ValidationP99!.Value, 12);
        // ...and it only keeps a better checkpoint than that.
        Assert.True(resumed.BestValidation.P99 <= first.BestValidation.P99, $"{resumed.BestValidation.P99} > {first.BestValidation.P99}");
    }

    [Fact]
    public void ANetworkThatWouldNotFitInMemoryIsRefusedUpFrontWithTheEstimate()
    {
        var problem = TestProblems.Load("seed.yaml");
        var options = new TrainingOptions { MaxSteps = 1, TrainingPoints = 1_000_000, ValidationPoints = 500, Hidden = [4], MemoryLimitBytes = 1_000_000_000 };
        var e = Assert.Throws<TrainingSetupException>(() => Trainer.Train(problem, options));
        Assert.Contains("1,000,000 points x 1 equations", e.Message);
        Assert.Contains("GB", e.Message);
        Assert.Contains("training.batch", e.Message);
    }

    [Fact]
    public void NonFiniteWeightsAreReplacedByTheBestOnesWithMoreDampingAndTrainingGoesOn()
    {
        var problem = TestProblems.Load("seed.yaml");
        var options = new TrainingOptions
        {
            MaxSteps = 40,
            TrainingPoints = 300,
            ValidationPoints = 1000,
            Hidden = [4],
            Threads = 1,
            AfterIteration = (iteration, parameters) => { if (iteration == 5) Array.Fill(parameters, double.NaN); },
        };
        var result = Trainer.Train(problem, options);

        var history = result.History.ToList();
        var recovered = Assert.Single(history, h => h.Phase == "recovered");
        int at = history.IndexOf(recovered);
        // The poisoned weights were caught at the next iteration's linearisation: nothing moved, the damping went up 100x.
        Assert.Equal("lm", history[at - 1].Phase);
        Assert.Equal(100 * history[at - 1].Damping, recovered.Damping);
        // Training went on from the restored weights to the step limit, with finite losses.
        var after = history.Skip(at + 1).Where(h => h.Phase == "lm").ToList();
        Assert.True(after.Count >= 5, $"{after.Count} iterations after the recovery");
        Assert.All(after, h => Assert.True(double.IsFinite(h.Loss) && (h.ValidationP99 is null || double.IsFinite(h.ValidationP99.Value))));
        Assert.Equal(StopReason.StepLimit, result.StopReason);
        Assert.All(result.Model.Parameters, v => Assert.True(double.IsFinite(v)));
        double bestBefore = history.Take(at).Where(h => h.ValidationP99 is not null).Min(h => h.ValidationP99!.Value);
        Assert.True(result.BestValidation.P99 <= bestBefore, $"{result.BestValidation.P99} > {bestBefore}");
    }

    [Fact]
    public void WeightsThatKeepTurningNonFiniteEndTheRunAsDivergedKeepingTheBestModel()
    {
        var problem = TestProblems.Load("seed.yaml");
        var options = new TrainingOptions
        {
            MaxSteps = 200,
            TrainingPoints = 300,
            ValidationPoints = 1000,
            Hidden = [4],
            Threads = 1,
            MaxRecoveries = 3,
            AfterIteration = (iteration, parameters) => { if (iteration >= 4) Array.Fill(parameters, double.NaN); },
        };
        var result = Trainer.Train(problem, options);

        Assert.Equal(StopReason.Diverged, result.StopReason);
        var recoveries = result.History.Where(h => h.Phase == "recovered").ToList();
        Assert.Equal(options.MaxRecoveries, recoveries.Count);
        // Each failure damps a hundred times harder than the last (no step was taken in between).
        for (int k = 1; k < recoveries.Count; k++) Assert.Equal(100 * recoveries[k - 1].Damping, recoveries[k].Damping);
        Assert.True(result.Steps < options.MaxSteps, $"{result.Steps} steps: the run should have stopped early");
        // The model kept is the best one seen before the weights went bad, and it still predicts.
        Assert.All(result.Model.Parameters, v => Assert.True(double.IsFinite(v)));
        double best = result.History.Where(h => h.ValidationP99 is double v && double.IsFinite(v)).Min(h => h.ValidationP99!.Value);
        Assert.Equal(best, result.BestValidation.P99);
        var evaluation = Evaluator.Evaluate(result.Model, 2000, 5);
        Assert.True(double.IsFinite(evaluation.Overall.P99) && evaluation.Overall.P99 < 1, $"p99 {evaluation.Overall.P99}");
    }
}
