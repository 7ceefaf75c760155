using System.Globalization;
using EqNet.Models;
using EqNet.Tests.Prediction;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Cli;

/// <summary><c>--newton-steps K</c> on predict and export: the model's Newton steps after its network, overridden.</summary>
public sealed class NewtonStepsOptionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    // An untrained Kepler network: a poor start that Newton's steps still take to the root at most points.
    private readonly EqNetModel _model = TestModels.Example("kepler");
    private readonly string _modelPath;

    public NewtonStepsOptionTests()
    {
        _modelPath = Path.Combine(_folder.Path, "model.eqnet");
        ModelFile.Save(_model, _modelPath);
    }

    public void Dispose() => _folder.Dispose();

    private static double Value(string output) => double.Parse(output.Split('=')[1].Trim(), CultureInfo.InvariantCulture);

    [Fact]
    public void Predict_takes_the_steps_asked_for_and_0_is_the_network_alone()
    {
        const string point = "M=1.2, ecc=0.5";
        var alone = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--at", point, "--newton-steps", "0");
        Assert.True(alone.ExitCode == 0, alone.Error);
        Assert.Equal(_model.Predict([1.2, 0.5], 1)[0], Value(alone.Out));

        var refined = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--at", point, "--newton-steps", "20");
        Assert.True(refined.ExitCode == 0, refined.Error);
        double e = Value(refined.Out);
        Assert.Equal(_model.WithNewtonSteps(20).Predict([1.2, 0.5], 1)[0], e);
        Assert.True(Math.Abs(e - 0.5 * Math.Sin(e) - 1.2) < 1e-13, $"E = {e} does not solve Kepler's equation");

        var tooMany = EqNetProcess.Run(_folder.Path, "predict", _modelPath, "--at", point, "--newton-steps", "50");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("--newton-steps must be 0 to 20", tooMany.Error);
    }

    [Fact]
    public void Export_writes_the_steps_asked_for_into_CSharp_and_ONNX_and_0_is_the_network_alone()
    {
        string cs = Path.Combine(_folder.Path, "Model.cs"), onnx = Path.Combine(_folder.Path, "model.onnx");
        var csharp = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--csharp", cs, "--newton-steps", "3");
        Assert.True(csharp.ExitCode == 0, csharp.Error);
        Assert.Contains("private static void Refine(", File.ReadAllText(cs));

        var x = TestModels.Points(_model, 500);
        var stepped = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--onnx", onnx, "--newton-steps", "3");
        Assert.True(stepped.ExitCode == 0, stepped.Error);
        Assert.Contains("then up to 3 Newton steps on equation 1", stepped.Out);
        var expected = _model.WithNewtonSteps(3).Predict(x, 500);
        Assert.True(EqNet.Tests.Export.ExportModels.Compare(EqNet.Tests.Export.OnnxExporterTests.Run(File.ReadAllBytes(onnx), x, _model), expected, 1, 1e-3).Worst <= 1e-12);

        var network = EqNetProcess.Run(_folder.Path, "export", _modelPath, "--onnx", onnx, "--newton-steps", "0");
        Assert.True(network.ExitCode == 0, network.Error);
        Assert.DoesNotContain("Newton steps", network.Out);
        var alone = _model.WithNewtonSteps(0).Predict(x, 500);
        Assert.True(EqNet.Tests.Export.ExportModels.Compare(expected, alone, 1, 1e-3).Worst > 1e-6, "the steps change nothing at these points");
        Assert.True(EqNet.Tests.Export.ExportModels.Compare(EqNet.Tests.Export.OnnxExporterTests.Run(File.ReadAllBytes(onnx), x, _model), alone, 1, 1e-3).Worst <= 1e-12);
    }
}
