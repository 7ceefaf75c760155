using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Training;

namespace EqNet.Tests.Cli;

/// <summary>A problem file's <c>training:</c> section is honoured alike by <c>eqnet train</c>, <c>eqnet bench accuracy</c> and the facade.</summary>
public class ProblemSettingsTests
{
    private const string Law = """
        inputs:
          a: {min: 0.1, max: 10, sampling: log}
          b: {min: 1, max: 2}
        outputs: [y]
        equations: [y = a*b + a**2]
        model: {hidden: [4]}
        training: {seed: 5, time_budget: 3, batch: 300}
        """;

    /// <summary>Slack for the end of the last iteration and validation after the budget is spent.</summary>
    private const double Slack = 1.5;

    [Fact]
    public void SeedAndTimeBudgetOfTheFileAreHonouredByTrainBenchAndTheFacade()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-settings").FullName;
        File.WriteAllText(Path.Combine(dir, "law.yaml"), Law);

        var train = EqNetProcess.Run(dir, "train", "law.yaml", "--out", "run", "--samples", "500");
        Assert.True(train.ExitCode == 0, train.Error + train.Out);
        Assert.Contains("budget 3 s, seed 5", train.Out);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "metrics.json")))!;
        Assert.Equal(5 + Evaluator.HeldOutSeedOffset, (int)metrics["seed"]!);
        Assert.True((double)metrics["train_seconds"]! <= 3 + Slack);

        var bench = EqNetProcess.Run(dir, "bench", "accuracy", "--examples", ".", "--samples", "500", "--json", "-");
        Assert.True(bench.ExitCode == 0, bench.Error + bench.Out);
        var entry = JsonNode.Parse(bench.Out)!["problems"]!["law"]!;
        Assert.Equal(5, (int)entry["training_seed"]!);
        Assert.Equal(3, (double)entry["time_budget"]!);
        Assert.Equal(5 + Evaluator.HeldOutSeedOffset, (int)entry["seed"]!);
        Assert.True((double)entry["train_seconds"]! <= 3 + Slack);

        var problem = Surrogate.LoadProblem(Path.Combine(dir, "law.yaml"));
        var options = Surrogate.Options(problem);
        Assert.Equal((5, 3.0), (options.Seed, options.TimeBudgetSeconds));
        var result = Surrogate.Train(problem);
        Assert.True(result.Seconds <= 3 + Slack, $"{result.Seconds} s");
        Assert.Contains(result.StopReason, new[] { StopReason.Converged, StopReason.TimeBudget });
        // Same seed, same start: the facade's run and the command's begin from one design.
        var design = Surrogate.Design(problem);
        Assert.Equal(design.Parameters, Surrogate.Design(problem, new TrainingOverrides(Seed: 5)).Parameters);
        Assert.NotEqual(design.Parameters, Surrogate.Design(problem, new TrainingOverrides(Seed: 1)).Parameters);
    }
}
