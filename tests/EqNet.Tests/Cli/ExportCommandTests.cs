using EqNet.Models;
using EqNet.Tests.Export;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Cli;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly EqNetModel _model = ExportModels.Get("seed");
    private readonly string _modelPath;

    public ExportCommandTests()
    {
        _modelPath = Path.Combine(_folder.Path, "model.eqnet");
        ModelFile.Save(_model, _modelPath);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WritesACSharpFileNamedAfterTheFile()
    {
        string path = Path.Combine(_folder.Path, "seed-model.cs");
        var run = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--csharp", path);
        Assert.True(run.ExitCode == 0, run.Error);
        string source = File.ReadAllText(path);
        Assert.Contains("public static class SeedModel", source);
        Assert.Contains("PredictY(...)", run.Out);
    }

    [Fact]
    public void NoTargetOrABadClassNameIsAUserError()
    {
        var none = EqNetProcess.Run(_folder.Path, "export", _modelPath);
        Assert.Equal(2, none.ExitCode);
        var bad = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--csharp", Path.Combine(_folder.Path, "m.cs"), "--class", "not a name");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'not a name' is not a C# class name", bad.Error);
    }
}
