using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void AccuracyVerdictsFollowTheFiguresTheyJudge()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "bench", "accuracy", "--problems", "kepler", "--time-budget", "1", "--samples", "300", "--json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var entry = JsonNode.Parse(run.Out)!["kepler"]!;
        double p99 = (double)entry["scale_relative_error"]!["p99"]!;
        Assert.Equal(p99 <= 1e-4, (bool)entry["meets_target"]!);
        var rootRelative = entry["outputs"]!.AsObject().Select(o => (double)o.Value!["root_relative_error"]!["p99"]!).ToArray();
        Assert.NotEmpty(rootRelative);
        Assert.Equal(rootRelative.All(r => r <= 1e-4), (bool)entry["meets_root_relative_target"]!);
        Assert.Equal((double)entry["newton"]!["converged_fraction"]! >= 0.999, (bool)entry["meets_newton_target"]!);
    }
}
