using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public void TrainWritesModelAndMetricsThenEvalAndPredictReadThem()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-cli").FullName;
        string problem = Path.Combine(dir, "law.yaml");
        File.WriteAllText(problem, """
            inputs:
              a: {min: 0.1, max: 10, sampling: log}
              b: {min: 1, max: 2}
            outputs: [y]
            equations: [y = a*b + 1]
            model: {hidden: [6]}
            training: {batch: 400}
            """);
        var run = EqNetProcess.Run(dir, "train", "law.yaml", "--out", "run", "--steps", "20", "--samples", "2000", "--seed", "4");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "metrics.json")))!;
        Assert.Equal("law", (string)metrics["problem"]!);
        Assert.Equal(2000, (int)metrics["samples"]!);
        Assert.True((int)metrics["steps"]! <= 20);
        foreach (var key in new[] { "median", "p90", "p99", "max" })
            Assert.True((double)metrics["scale_relative_error"]![key]! < 1e-2, key);
        Assert.Equal("y = a*b + 1", (string)metrics["equations"]![0]!["equation"]!);
        Assert.True((double)metrics["outputs"]!["y"]!["r2"]! > 0.999);
        var worst = metrics["worst_region"]!;
        Assert.Equal(21, (int)worst["points"]!); // at or above the nearest-rank p99 of 2,000 points
        Assert.Equal((double)metrics["scale_relative_error"]!["p99"]!, (double)worst["threshold"]!);
        Assert.InRange((int)worst["inputs"]!["b"]!["decile"]!, 1, 10);
        Assert.Contains("worst 1 %", run.Out);

        var eval = EqNetProcess.Run(dir, "eval", "run/model.eqnet", "--samples", "1000", "--json", "--relative-to", "a*b");
        Assert.Equal(0, eval.ExitCode);
        var again = JsonNode.Parse(eval.Out)!;
        double relative = (double)again["relative_to"]!["mean"]!;
        Assert.InRange(relative, 0, 0.05);
        Assert.Equal(2, EqNetProcess.Run(dir, "eval", "run/model.eqnet", "--relative-to", "q*2").ExitCode);
        Assert.Contains("worst 1 % (11 points", EqNetProcess.Run(dir, "eval", "run/model.eqnet", "--samples", "1000").Out);
        Assert.Equal(1000, (int)again["samples"]!);
        Assert.True((double)again["scale_relative_error"]!["p99"]! < 1e-2);

        var predict = EqNetProcess.Run(dir, "predict", "run/model.eqnet", "--at", "a=2, b=1.5");
        Assert.Equal(0, predict.ExitCode);
        double y = double.Parse(predict.Out.Trim().Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(4.0, y, 1);
    }

    [Theory]
    [InlineData("missing.yaml", "missing.yaml")]
    [InlineData("bad.yaml", "bad.yaml:5")]
    public void UserMistakesExitWithTwoAndNoStackTrace(string file, string expected)
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-cli").FullName;
        File.WriteAllText(Path.Combine(dir, "bad.yaml"), "inputs:\n  a: {min: 1, max: 2}\noutputs: [y]\nequations:\n  - y = a/ * 2\n");
        var run = EqNetProcess.Run(dir, "train", file, "--steps", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void UnknownOptionIsAUserError()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "train", "examples/seed.yaml", "--no-such-flag");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--no-such-flag", run.Error);
    }
}
