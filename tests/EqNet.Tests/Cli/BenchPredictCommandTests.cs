using EqNet.Models;
using EqNet.Tests.Prediction;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Cli;

public class BenchPredictCommandTests
{
    [Fact]
    public void PrintsThroughputSplitIntoModelAndIo()
    {
        using var folder = new TempFolder();
        string model = Path.Combine(folder.Path, "model.eqnet");
        ModelFile.Save(TestModels.Example("seed"), model);
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "bench", "predict", "--model", model, "--rows", "5000");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("5,000 rows of seed's domain", run.Out);
        Assert.Matches(@"end to end +[0-9.]+ s +[0-9.]+ M rows/s: (meets|MISSES)", run.Out);
        Assert.Matches(@"model +[0-9.]+ s +[0-9]+ %", run.Out);
        Assert.Matches(@"I/O +[0-9.]+ s +[0-9]+ %", run.Out);
    }
}
