using EqNet.Training;

namespace EqNet.Tests.Training;

public class NetworkSizingTests
{
    [Fact]
    public void WidthFollowsTheInputsBetween16And64()
    {
        var options = new TrainingOptions();
        Assert.Equal([16, 16], NetworkSizing.Hidden(TestProblems.Load("seed.yaml"), options));
        Assert.Equal([32, 16], NetworkSizing.Hidden(TestProblems.Load("kinetic-energy-32.yaml"), options));
        Assert.Equal([64, 16], NetworkSizing.Hidden(TestProblems.Load("sum-of-squares-64.yaml"), options));
        Assert.Equal([8], NetworkSizing.Hidden(TestProblems.Load("sum-of-squares-64.yaml"), options with { Hidden = [8] }));
    }

    [Fact]
    public void ExactStepsUpToWhatTheBudgetAffordsWithinTheFloorAndTheCap()
    {
        var options = new TrainingOptions { TrainingPoints = 4000 };
        Assert.Equal(NetworkSizing.AlwaysExact, NetworkSizing.ExactLimit(options with { TimeBudgetSeconds = 1 }));
        Assert.Equal(options.MaxParameters, NetworkSizing.ExactLimit(options with { TimeBudgetSeconds = 1e6 }));
        int at60 = NetworkSizing.ExactLimit(options with { TimeBudgetSeconds = 60 }), at600 = NetworkSizing.ExactLimit(options with { TimeBudgetSeconds = 600 });
        Assert.True(at600 > at60, $"{at600} vs {at60}");
        Assert.True(NetworkSizing.Exact(NetworkSizing.AlwaysExact, options));
        Assert.False(NetworkSizing.Exact(options.MaxParameters + 1, options with { TimeBudgetSeconds = 1e6 }));
        Assert.Contains("conjugate-gradient", NetworkSizing.Describe(options.MaxParameters + 1, options));
    }

    [Fact]
    public void A64InputLawIsTrainedNotRefused()
    {
        var problem = TestProblems.Load("sum-of-squares-64.yaml");
        var options = new TrainingOptions { MaxSteps = 3, TrainingPoints = 300, ValidationPoints = 500 };
        var result = Trainer.Train(problem, options);
        Assert.True(result.Model.Network.ParameterCount > options.MaxParameters);
        // A sum of 64 squares: a log-sum-exp unit a term and a narrow MLP (see AdditiveUnits).
        Assert.Equal([NetworkSizing.AdditiveWidth], result.Model.Network.Hidden);
        Assert.Equal(64, result.Model.Network.LogSumExpUnitCount);
        Assert.True(double.IsFinite(result.BestValidation.P99));
    }
}
