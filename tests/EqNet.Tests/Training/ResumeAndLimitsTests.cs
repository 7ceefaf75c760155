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
}
