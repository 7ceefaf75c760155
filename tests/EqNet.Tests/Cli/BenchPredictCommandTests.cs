using EqNet.Models;
using EqNet.Tests.Prediction;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Cli;

public class BenchPredictCommandTests
{
    [Fact]
    public void PrintsThroughputSplitByStageAndOnnxRuntimeBesideEqNet()
    {
        using var folder = new TempFolder();
        string model = Path.Combine(folder.Path, "model.eqnet");
        ModelFile.Save(TestModels.Example("seed"), model);
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "bench", "predict", "--model", model, "--rows", "5000");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("5,000 rows of seed's domain", run.Out);
        Assert.Matches(@"predict --in --out +[0-9.]+ s wall +[0-9.]+ M rows/s: (meets|MISSES)", run.Out);
        foreach (var stage in new[] { "parse", "network", "format", "write" })
            Assert.Matches(stage + @" \([a-z0-9 ]+\) +[0-9.]+ s +[0-9]+ %", run.Out);
        Assert.Matches(@"in memory, EqNet +[0-9.]+ s wall +[0-9.]+ M rows/s", run.Out);
        Assert.Matches(@"in memory, ONNX RT +[0-9.]+ s wall +[0-9.]+ M rows/s", run.Out);
        var difference = System.Text.RegularExpressions.Regex.Match(run.Out, @"\(([0-9.E+-]+) relative to at least 1e-3");
        Assert.True(difference.Success, run.Out);
        Assert.True(double.Parse(difference.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 1e-12, run.Out);
    }

    [Fact]
    public void SampleWritesPointsOfTheDomainThatPredictReads()
    {
        using var folder = new TempFolder();
        string csv = Path.Combine(folder.Path, "in.csv"), output = Path.Combine(folder.Path, "out.csv");
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "sample", "examples/seed.yaml", "--rows", "300", "--out", csv, "--seed", "4");
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(301, lines.Length);
        Assert.Equal("x1,x2,x3,x4,x5", lines[0]);
        // Every point inside the declared bounds, dependent ones included (x2 <= x1).
        foreach (var line in lines.Skip(1))
        {
            var x = line.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(x[0], 500, 1000);
            Assert.InRange(x[1], 1, x[0]);
            Assert.InRange(x[3], 1e-6, 1e-3);
        }
        Assert.Equal(lines, File.ReadAllLines(csv).ToArray());
        var again = EqNetProcess.Run(TestProblems.RepositoryRoot, "sample", "examples/seed.yaml", "--rows", "300", "--seed", "4");
        Assert.Equal(string.Join('\n', lines) + "\n", again.Out);
        string modelPath = Path.Combine(folder.Path, "model.eqnet");
        ModelFile.Save(TestModels.Example("seed"), modelPath);
        var predict = EqNetProcess.Run(TestProblems.RepositoryRoot, "predict", modelPath, "--in", csv, "--out", output);
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal(301, File.ReadAllLines(output).Length);
        Assert.All(File.ReadAllLines(output).Skip(1), l => Assert.EndsWith(",true", l));
    }
}
