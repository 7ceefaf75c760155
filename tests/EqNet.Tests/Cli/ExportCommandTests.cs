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
    public void WritesAnOnnxFileThatOnnxRuntimeRuns()
    {
        string path = Path.Combine(_folder.Path, "seed.onnx");
        var run = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--onnx", path);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("ONNX opset 17", run.Out);
        var x = Prediction.TestModels.Points(_model, 100);
        var (worst, _) = ExportModels.Compare(OnnxExporterTests.Run(File.ReadAllBytes(path), x, _model), _model.Predict(x, 100), 1);
        Assert.True(worst <= 1e-11, $"largest relative difference {worst:E2}");
        Assert.True(CheckedDifference(run.Out) <= 1e-12, run.Out);
    }

    [Fact]
    public void SaysHowFarTheFloat32GraphIsFromTheModelAndWarnsAboveTheTolerance()
    {
        string path = Path.Combine(_folder.Path, "seed32.onnx");
        var run = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--onnx", path, "--float32");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("network layers float32", run.Out);
        double difference = CheckedDifference(run.Out);
        // Random weights: the layers' float32 rounding shows (a trained seed model's graph is within 2e-7), yet far from 1.
        Assert.InRange(difference, 1e-9, 1e-2);
        Assert.Equal(difference > 1e-5, run.Error.Contains("the float32 layers move the outputs by up to", StringComparison.Ordinal));
        if (difference > 1e-5) Assert.Contains("differences of parts that cancel", run.Error);
    }

    /// <summary>The figure of the line 'checked in ONNX Runtime on 10,000 points ... from eqnet's prediction X'.</summary>
    private static double CheckedDifference(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, @"checked in ONNX Runtime on 10,000 points of the trained domain: largest relative difference from eqnet's prediction (\S+) ");
        Assert.True(match.Success, output);
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void ExportsAFormulaModelToBothTargetsAndRefusesFloat32ForIt()
    {
        var problem = TestProblems.Inline("""
            name: kinetic
            inputs:
              m: {min: 1, max: 10}
              v: {min: -5, max: 5}
            outputs: [E]
            equations:
              - E = m*v**2/2
            """);
        var model = new FormulaModel(problem, [EqNet.Expressions.Expr.Parse("m*v**2/2")]);
        string modelPath = Path.Combine(_folder.Path, "kinetic.eqnet"), onnx = Path.Combine(_folder.Path, "kinetic.onnx"), cs = Path.Combine(_folder.Path, "kinetic.cs");
        FormulaModelFile.Save(model, modelPath);
        var run = EqNetProcess.Run(_folder.Path, "export", modelPath, "--onnx", onnx, "--csharp", cs);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("closed forms", run.Out);
        double[] x = [2, -3, 10, 5];
        Assert.Equal([9.0, 125.0], OnnxExporterTests.Run(File.ReadAllBytes(onnx), x, model));
        Assert.Contains("y[0] = ((x[0] * Math.Pow(x[1], 2d)) / 2d);", File.ReadAllText(cs));
        var refused = EqNetProcess.Run(_folder.Path, "export", modelPath, "--onnx", Path.Combine(_folder.Path, "k32.onnx"), "--float32");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("a formula model has none", refused.Error);
    }

    [Fact]
    public void AModelTheExporterCannotExpressIsAUserError()
    {
        var model = Prediction.TestModels.Random(TestProblems.Inline("""
            name: cosh-bound
            inputs:
              a: {min: 1, max: 10}
              b: {min: 0, max: cosh(a)}
            outputs: [z]
            equations:
              - z = a + b
            """));
        string modelPath = Path.Combine(_folder.Path, "cosh.eqnet"), path = Path.Combine(_folder.Path, "cosh.onnx");
        ModelFile.Save(model, modelPath);
        var run = EqNetProcess.Run(_folder.Path, "export", modelPath, "--onnx", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cosh.onnx: cannot export to ONNX: the model computes cosh()", run.Error);
        Assert.False(File.Exists(path));
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
