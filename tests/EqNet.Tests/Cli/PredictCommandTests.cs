using System.Globalization;
using EqNet.Models;
using EqNet.Tests.Prediction;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly EqNetModel _model = TestModels.Example("seed");
    private readonly string _modelPath;

    public PredictCommandTests()
    {
        _modelPath = Path.Combine(_folder.Path, "model.eqnet");
        ModelFile.Save(_model, _modelPath);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void APointOutsideTheTrainedDomainIsPredictedWithAWarning()
    {
        var run = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--at", "x1=700, x2=800, x3=2000, x4=1e-4, x5=5");
        Assert.True(run.ExitCode == 0, run.Error);
        double y = double.Parse(run.Out.Split('=')[1].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(_model.Predict([700, 800, 2000, 1e-4, 5], 1)[0], y);
        Assert.Contains("outside the trained domain (x2 = 800 is above its max x1 = 700)", run.Error);

        var inside = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--at", "x1=700, x2=80, x3=2000, x4=1e-4, x5=5");
        Assert.Equal(0, inside.ExitCode);
        Assert.DoesNotContain("warning", inside.Error);
    }

    [Fact]
    public void AFileIsPredictedIntoAnotherAndBadRowsSetExitCode3()
    {
        string input = Path.Combine(_folder.Path, "in.csv"), output = Path.Combine(_folder.Path, "out.csv");
        File.WriteAllText(input, "x5,x4,x3,x2,x1\n5,1e-4,2000,20,700\n5,1e-4,2000,oops,700\n");
        var run = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--in", input, "--out", output);
        Assert.True(run.ExitCode == 2, run.Error);
        Assert.Contains("in.csv:3: x2 'oops' is not a number; the row is written with empty outputs", run.Error);
        Assert.Contains("predicted 1 of 2 rows", run.Error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("x5,x4,x3,x2,x1,y,in_domain", lines[0]);
        Assert.Equal(_model.Predict([700, 20, 2000, 1e-4, 5], 1)[0], double.Parse(lines[1].Split(',')[5], CultureInfo.InvariantCulture));
        Assert.Equal("5,1e-4,2000,oops,700,,", lines[2]);

        // --csv is the old spelling of --in; without --out the rows go to stdout.
        File.WriteAllText(input, "x5,x4,x3,x2,x1\n5,1e-4,2000,20,700\n");
        var alias = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--csv", input);
        Assert.Equal(0, alias.ExitCode);
        Assert.StartsWith("x5,x4,x3,x2,x1,y,in_domain", alias.Out);
    }

    [Fact]
    public void ACsvWithoutANeededColumnIsAUserError()
    {
        string input = Path.Combine(_folder.Path, "in.csv"), output = Path.Combine(_folder.Path, "out.csv");
        File.WriteAllText(input, "x1,x2,x3,x5\n700,20,2000,5\n");
        var run = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--in", input, "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("in.csv:1: the header lacks x4", run.Error);
        Assert.False(File.Exists(output), "nothing is written when nothing can be predicted");
    }

    [Theory]
    [InlineData("newer")]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    public void AModelFileThatCannotBeReadIsAUserError(string damage)
    {
        string text = File.ReadAllText(_modelPath);
        string path = Path.Combine(_folder.Path, damage + ".eqnet");
        string damaged = damage switch
        {
            "newer" => text.Replace($"\"version\": {EqNetInfo.FormatVersion}", $"\"version\": {EqNetInfo.FormatVersion + 1}", StringComparison.Ordinal),
            "truncated" => text[..(text.Length / 2)],
            _ => text.Replace("\"parameters\": \"", "\"parameters\": \"!!", StringComparison.Ordinal),
        };
        Assert.NotEqual(text, damaged);
        File.WriteAllText(path, damaged);
        foreach (var args in new[] { new[] { "predict", path, "--at", "x1=700, x2=20, x3=2000, x4=1e-4, x5=5" }, ["export", path, "--csharp", Path.Combine(_folder.Path, "M.cs")] })
        {
            var run = EqNetProcess.Run(_folder.Path, args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Error}");
            Assert.Contains(path, run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }
}
