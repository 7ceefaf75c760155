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
    public void AnImplicitSystemsNetworkNarrowsUntilItTakesExactSteps()
    {
        var options = new TrainingOptions { TrainingPoints = 4000, TimeBudgetSeconds = 60 };
        // Three sub-networks over 23 features, as the planar arm's: 3 (w^2 + 26 w + 1) parameters.
        static int Count(IReadOnlyList<int> h) => 3 * (23 * h[0] + h[0] + h[0] * h[1] + h[1] + h[1] + 1);
        Assert.Equal([12, 12], NetworkSizing.WithinExactSteps([16, 16], Count, options));
        // Widest layer first, never below the floor even when nothing fits.
        Assert.Equal([31, 16], NetworkSizing.WithinExactSteps([32, 16], h => h[0] > 31 ? 10_000 : 100, options));
        Assert.Equal([NetworkSizing.MinImplicitWidth, NetworkSizing.MinImplicitWidth], NetworkSizing.WithinExactSteps([16, 16], _ => 10_000, options));
        // A budget that affords the exact step keeps the default.
        Assert.Equal([16, 16], NetworkSizing.WithinExactSteps([16, 16], Count, options with { TimeBudgetSeconds = 10_000 }));
    }

    [Fact]
    public void TheArmsDesignNarrowsAt60SecondsAndAnExplicitLawsDoesNot()
    {
        var arm = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "reported", "12-planar-arm-ik.yaml"));
        // Without its closed forms (ClosedFormRoots), [12, 12] takes exact steps; with them, each output has a magnitude
        // network and there are three more features, and the floor [8, 8] (1,539 parameters) is as narrow as it goes.
        var options60 = TrainingPlan.Resolve(arm, null) with { TimeBudgetSeconds = 60, ClosedForms = false };
        var at60 = Trainer.Design(arm, options60);
        Assert.Equal([12, 12], at60.Network.Hidden);
        Assert.True(NetworkSizing.Exact(at60.Network.ParameterCount, options60));
        Assert.Equal([8, 8], Trainer.Design(arm, TrainingPlan.Resolve(arm, null) with { TimeBudgetSeconds = 60 }).Network.Hidden);
        Assert.Equal([16, 16], Trainer.Design(arm, options60 with { TimeBudgetSeconds = 10_000 }).Network.Hidden);
        // An explicit law of 20 inputs keeps its default network, conjugate-gradient steps and all.
        var names = Enumerable.Range(1, 20).Select(i => $"x{i}").ToArray();
        var law = TestProblems.Inline($"inputs: {{{string.Join(", ", names.Select(n => $"{n}: {{min: 1, max: 2}}"))}}}\noutputs: [y]\nequations: [y = {string.Join("*", names)}]");
        var options = TrainingPlan.Resolve(law, null) with { TimeBudgetSeconds = 60 };
        var design = Trainer.Design(law, options);
        Assert.Equal([20, 16], design.Network.Hidden);
        Assert.False(NetworkSizing.Exact(design.Network.ParameterCount, options));
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
