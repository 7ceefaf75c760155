using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Tests.Cli;
using EqNet.Tests.Prediction;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class GrowthTests
{
    private const string Seed = """
        name: seed
        inputs:
          x1: {min: 500, max: 1000}
          x2: {min: 1, max: x1}
          x3: {min: 1000, max: 50000}
          x4: {min: 1e-6, max: 1e-3}
          x5: {min: 1, max: 10000}
        outputs: [y]
        equations:
          - y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1
        """;

    /// <summary>The seed plus a second unknown bound to y (examples/seed-plus-flow.yaml), with <paramref name="change"/> applied to the text.</summary>
    private static Problem Flow(Func<string, string>? change = null) => TestProblems.Inline((change ?? (s => s))("""
        name: seed-plus-flow
        inputs:
          x1: {min: 500, max: 1000}
          x2: {min: 1, max: x1}
          x3: {min: 1000, max: 50000}
          x4: {min: 1e-6, max: 1e-3}
          x5: {min: 1, max: 10000}
        outputs:
          y: {}
          w: {min: 0}
        equations:
          - y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1
          - w**2 + x3*x4*w = y**2 + 1
        """), "flow.yaml");

    private static EqNetModel Old() => TestModels.Random(TestProblems.Inline(Seed, "seed.yaml"));

    private static string Message(Func<string, string> change) =>
        Assert.Throws<TrainingSetupException>(() => Growth.Plan(Flow(change), Old(), "seed.eqnet", "sha256:0")).Message;

    [Fact]
    public void FrozenOutputsPredictTheOldModelsBitsAndOnlyTheNewOutputTrains()
    {
        var old = Old();
        var problem = Flow();
        var result = Surrogate.Train(problem, old, overrides: new TrainingOverrides(MaxSteps: 12, Seed: 3), source: "seed.eqnet");
        var grown = result.Model;
        var x = TestModels.Points(grown, 3000);
        var before = old.Predict(x, 3000);
        var after = grown.Predict(x, 3000);
        for (int r = 0; r < 3000; r++) Assert.Equal(BitConverter.DoubleToInt64Bits(before[r]), BitConverter.DoubleToInt64Bits(after[r * 2]));
        // The kept output's parameters are the old ones, to the bit; the new output's moved from the design's start.
        var (from, length) = old.Network.OutputParameterRange(0);
        var (to, width) = grown.Network.OutputParameterRange(0);
        Assert.Equal(old.Parameters.AsSpan(from, length).ToArray(), grown.Parameters.AsSpan(to, width).ToArray());
        var design = Trainer.Design(problem, Surrogate.Options(problem, new TrainingOverrides(Seed: 3)) with { GrowFrom = Growth.Plan(problem, old, "seed.eqnet", "sha256:0") });
        var (w, wLength) = grown.Network.OutputParameterRange(1);
        Assert.NotEqual(design.Parameters.AsSpan(w, wLength).ToArray(), grown.Parameters.AsSpan(w, wLength).ToArray());
        Assert.Equal(["y"], grown.GrownFrom!.Kept);
        Assert.False(grown.GrownFrom.FineTuned);
        // w sees y's prediction, as a chained output of a fresh run does.
        Assert.Contains(grown.Network.Upstream[1], u => u.Output == 0);
        var changes = Forgetting.Measure(old, grown, 2000, 5);
        Assert.Equal("y", Assert.Single(changes).Output);
        Assert.Equal(changes[0].P99Before, changes[0].P99After);
        Assert.Equal(changes[0].MaxBefore, changes[0].MaxAfter);
    }

    [Fact]
    public void FineTuningMovesTheKeptOutputFromItsTrainedWeights()
    {
        var old = Old();
        var grown = Surrogate.Train(Flow(), old, fineTune: true, overrides: new TrainingOverrides(MaxSteps: 12, Seed: 3)).Model;
        var (from, length) = old.Network.OutputParameterRange(0);
        var (to, width) = grown.Network.OutputParameterRange(0);
        Assert.Equal(length, width);
        Assert.NotEqual(old.Parameters.AsSpan(from, length).ToArray(), grown.Parameters.AsSpan(to, width).ToArray());
        Assert.True(grown.GrownFrom!.FineTuned);
    }

    [Fact]
    public void AGrownRunRecordsItsOriginInTheModelFileAndItsForgettingInMetrics()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-grow").FullName;
        try
        {
            string oldPath = Path.Combine(dir, "seed.eqnet");
            Surrogate.Save(Old(), oldPath);
            var run = Surrogate.TrainToFolder(Flow(), Path.Combine(dir, "flow"), new TrainingOverrides(MaxSteps: 8, From: oldPath), samples: 2000);
            var metrics = JsonNode.Parse(File.ReadAllText(run.MetricsPath))!["from"]!;
            Assert.Equal(oldPath, (string)metrics["model"]!);
            Assert.Equal(Growth.ChecksumOf(oldPath), (string)metrics["checksum"]!);
            var y = metrics["kept"]!["y"]!;
            Assert.Equal((double)y["p99_before"]!, (double)y["p99_after"]!);
            Assert.Equal((double)y["max_before"]!, (double)y["max_after"]!);
            Assert.True((double)y["p99_before"]! > 0);
            var loaded = Surrogate.Load(run.ModelPath);
            Assert.Equal(new ModelOrigin("seed", oldPath, Growth.ChecksumOf(oldPath), ["y"], false) with { Kept = loaded.GrownFrom!.Kept }, loaded.GrownFrom);
            Assert.Equal(["y"], loaded.GrownFrom.Kept);
            Assert.Contains(File.ReadAllText(run.ReportPath!).Split('\n'), l => l.Contains("grown from", StringComparison.Ordinal));

            var inspect = EqNetProcess.Run(dir, "inspect", run.ModelPath);
            Assert.True(inspect.ExitCode == 0, inspect.Error + inspect.Out);
            Assert.Contains($"grown from {oldPath} ('seed', {Growth.ChecksumOf(oldPath)}): kept y, frozen", inspect.Out, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ARemovedInputIsRefusedByName() =>
        Assert.Contains("input 'x5' of the old model ('seed') is not in flow.yaml",
            Message(s => s.Replace("  x5: {min: 1, max: 10000}\n", "", StringComparison.Ordinal).Replace("x5/x2", "1/x2", StringComparison.Ordinal)));

    [Fact]
    public void AWidenedConstantBoundIsRefusedWithBothBounds() =>
        Assert.Contains("the domain of 'x3' is wider in flow.yaml: its max is 60000, above the old model's 50000",
            Message(s => s.Replace("x3: {min: 1000, max: 50000}", "x3: {min: 1000, max: 60000}", StringComparison.Ordinal)));

    [Fact]
    public void AWidenedDependentBoundIsFoundAtAPointOfTheNewDomain()
    {
        string message = Message(s => s.Replace("x2: {min: 1, max: x1}", "x2: {min: 1, max: 2*x1}", StringComparison.Ordinal));
        Assert.Contains("the domain of 'x2' is wider in flow.yaml: the point x1=", message);
        Assert.Contains("Keep the old bounds (or narrower ones), or train without --from", message);
    }

    [Fact]
    public void ANarrowerDomainAndANewInputAreAccepted()
    {
        var growth = Growth.Plan(Flow(s => s.Replace("x3: {min: 1000, max: 50000}", "x3: {min: 2000, max: 40000}\n  x6: {min: 1, max: 2}", StringComparison.Ordinal)
            .Replace("y**2 + 1", "y**2 + x6", StringComparison.Ordinal)), Old(), "seed.eqnet", "sha256:0");
        Assert.Equal(["y"], growth.Kept);
    }

    [Fact]
    public void AChangedEquationOfAKeptOutputIsRefusedWithTheNewOne()
    {
        string message = Message(s => s.Replace("- y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", "- y = x5/x2 - (x1-x2)/(3*x3*x4)*x2/x1", StringComparison.Ordinal));
        Assert.Contains("the equation 'y = x5/x2 - (x1 - x2)/(2*x3*x4)*x2/x1' of y changed or is gone", message);
        Assert.Contains("has 'y = x5/x2 - (x1 - x2)/(3*x3*x4)*x2/x1' (line", message);
        Assert.Contains("give the changed output a new name", message);
    }

    [Fact]
    public void ANewEquationOnOldOutputsAloneIsRefused() =>
        Assert.Contains("constrains only outputs the old model already has (y)",
            Message(s => s.Replace("  - w**2 + x3*x4*w = y**2 + 1", "  - w**2 + x3*x4*w = y**2 + 1\n  - y = x1", StringComparison.Ordinal)));

    [Fact]
    public void ChangedBoundsOfAKeptOutputAreRefused() =>
        Assert.Contains("output 'y' had bounds none and has [0, inf]",
            Message(s => s.Replace("  y: {}", "  y: {min: 0}", StringComparison.Ordinal)));

    [Fact]
    public void AProblemWithNothingNewNeedsFineTuning()
    {
        var e = Assert.Throws<TrainingSetupException>(() => Growth.Plan(TestProblems.Inline(Seed, "seed.yaml"), Old(), "seed.eqnet", "sha256:0"));
        Assert.Contains("no output the old model lacks", e.Message);
        Assert.Equal(["y"], Growth.Plan(TestProblems.Inline(Seed, "seed.yaml"), Old(), "seed.eqnet", "sha256:0", fineTune: true).Kept);
    }

    [Fact]
    public void TheCommandLineRefusesWhatCannotGrowWithExitCode2()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-grow-cli").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "flow.yaml"), File.ReadAllText(TestProblems.Example("seed-plus-flow.yaml")).Replace("max: 50000", "max: 60000", StringComparison.Ordinal));
            Surrogate.Save(Old(), Path.Combine(dir, "seed.eqnet"));
            File.WriteAllText(Path.Combine(dir, "broken.eqnet"), "{\"format\": \"eqnet-model\"");
            var widened = EqNetProcess.Run(dir, "train", "flow.yaml", "--from", "seed.eqnet", "--steps", "1");
            Assert.Equal(2, widened.ExitCode);
            Assert.Contains("--from seed.eqnet: the domain of 'x3' is wider in flow.yaml", widened.Error);
            var broken = EqNetProcess.Run(dir, "train", "flow.yaml", "--from", "broken.eqnet", "--steps", "1");
            Assert.Equal(2, broken.ExitCode);
            Assert.Contains("broken.eqnet", broken.Error);
            var alone = EqNetProcess.Run(dir, "train", "flow.yaml", "--fine-tune", "--steps", "1");
            Assert.Equal(2, alone.ExitCode);
            Assert.Contains("--fine-tune goes with --from MODEL", alone.Error);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
