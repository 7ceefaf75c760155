using EqNet.Export;
using EqNet.Models;
using EqNet.Training;

namespace EqNet.Tests.Export;

/// <summary>An input named like a function (<c>beta</c>, <c>gamma</c>) inside a feature's expression: every reader and exporter of that expression declares the inputs.</summary>
public class FunctionNamedInputTests
{
    private const string Law = """
        name: function-named-inputs
        inputs:
          beta: {min: 0, max: 6}
          gamma: {min: 1, max: 5}
        outputs: [A]
        equations:
          - A = gamma**2*(2 - sin(beta)**2)
        """;

    [Fact]
    public void A_model_whose_features_read_beta_and_gamma_saves_loads_and_exports()
    {
        var model = Trainer.Train(TestProblems.Inline(Law), new TrainingOptions { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        Assert.Contains(model.Features.Features, f => f.Bound?.Contains("beta", StringComparison.Ordinal) == true);
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-named").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        double[] x = [1.3, 2.2, 4.0, 1.5];
        Assert.Equal(model.Predict(x, 2), loaded.Predict(x, 2));
        Assert.Contains("Math.Sin(x[0])", CSharpExporter.Generate(loaded, "Named"));
        Assert.Contains("x[:, 0]", PythonExporter.NumPy(loaded));
        Assert.NotEmpty(OnnxExporter.Export(loaded));
    }
}
