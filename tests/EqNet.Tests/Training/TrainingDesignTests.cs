using EqNet.Models;
using EqNet.Tests.Structure;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class TrainingDesignTests
{
    private static readonly TrainingOptions Small = new() { MaxSteps = 8, TrainingPoints = 200, ValidationPoints = 600, Hidden = [4], Threads = 1, Seed = 3 };

    private const string PowerLaw = """
        inputs:
          a: {min: 0.01, max: 100, sampling: log}
          b: {min: 1, max: 3}
        outputs: [y]
        equations: [y = a^2*b - 3*a]
        """;

    public static TheoryData<string> Problems => new() { "explicit", "implicit", "torn" };

    private static EqNet.Problems.Problem Problem(string which) => which switch
    {
        "explicit" => TestProblems.Inline(PowerLaw),
        "implicit" => TestProblems.Inline(TestProblems.QuadraticRoots),
        _ => TestProblems.Inline(StructureProblems.BubblePoint),
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Training_from_a_design_gives_the_model_training_from_the_problem_gives_to_the_bit(string which)
    {
        var problem = Problem(which);
        var alone = Trainer.Train(problem, Small);
        var design = TrainingDesign.Of(problem, Small);
        var designed = Trainer.Train(design);
        Assert.Equal(alone.Model.Parameters, designed.Model.Parameters);
        Assert.Equal(alone.Steps, designed.Steps);
        Assert.Equal(alone.History.Select(h => (h.Phase, h.Loss, h.ValidationP99)), designed.History.Select(h => (h.Phase, h.Loss, h.ValidationP99)));
        Assert.Equal(alone.Model.Structure.Select(s => s.Describe()), designed.Model.Structure.Select(s => s.Describe()));
        // The design is read, not changed: a second run from it is the same run again.
        Assert.Equal(designed.Model.Parameters, Trainer.Train(design).Model.Parameters);
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void The_design_shown_is_the_one_trained_features_network_and_structure(string which)
    {
        var problem = Problem(which);
        var design = TrainingDesign.Of(problem, Small);
        var trained = Trainer.Train(design).Model;
        Assert.Equal(Trainer.Design(problem, Small).Parameters, design.Model.Parameters);
        Assert.Equal(design.Model.Features.Features.Select(f => f.Describe(design.Model.InputNames)), trained.Features.Features.Select(f => f.Describe(trained.InputNames)));
        Assert.Equal(design.Model.Network.Hidden, trained.Network.Hidden);
        Assert.Equal(design.Model.Network.Heads, trained.Network.Heads);
        // Training adds the Newton steps it chose after the network; the structure designed is the rest.
        Assert.Equal(design.Model.Structure.Select(s => s.Describe()), trained.WithoutRefinement().Structure.Select(s => s.Describe()));
        // The tearing is part of the design: the torn bubble point computes y1..y4 from their equations after T.
        Assert.Equal(which == "torn", design.TearingDump is not null);
        Assert.Equal(which == "torn", trained.Computed is not null);
        if (which == "torn") Assert.Equal(["T"], trained.Network.Heads.Select(h => h.Name));
    }

    [Fact]
    public void A_resumed_run_from_a_design_continues_the_given_model_as_a_run_from_the_problem_does()
    {
        var problem = Problem("implicit");
        var first = Trainer.Train(problem, Small).Model;
        var resumed = Small with { InitialModel = first, MaxSteps = 4 };
        var alone = Trainer.Train(problem, resumed);
        var designed = Trainer.Train(TrainingDesign.Of(problem, resumed));
        Assert.Equal(alone.Model.Parameters, designed.Model.Parameters);
        Assert.Equal(alone.History.Select(h => h.Loss), designed.History.Select(h => h.Loss));
    }
}
