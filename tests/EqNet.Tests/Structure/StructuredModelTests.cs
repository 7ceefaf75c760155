using EqNet.Export;
using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Tests.Export;
using EqNet.Training;

namespace EqNet.Tests.Structure;

public class StructuredModelTests
{
    private static readonly TrainingOptions Small = new() { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] };

    private static EqNetModel Train(string yaml, TrainingOptions options) => Trainer.Train(TestProblems.Inline(yaml), options).Model;

    [Fact]
    public void A_torn_model_computes_its_outputs_from_their_equations_after_the_network()
    {
        var model = Train(StructureProblems.BubblePoint, Small);
        Assert.NotNull(model.Computed);
        Assert.Equal(["T"], model.Network.Heads.Select(h => h.Name));
        Assert.Equal(["T", "y1", "y2", "y3", "y4"], model.OutputNames);
        Assert.StartsWith("network", model.Describe("T"));
        Assert.Equal("computed from equation 2 after the network's T", model.Describe("y2"));
        // However poor the network after 3 steps, equations 1 to 4 hold to rounding: they define y1 to y4.
        const int n = 100;
        var inputs = new DomainSampler(model.Problem).Sample(n, 9);
        var y = model.Predict(inputs, n);
        var system = new CompiledSystem(model.Problem);
        var (perEquation, _) = system.ScaleRelativeErrors(system.Join(inputs, y, n), n);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 4; k++)
                Assert.True(perEquation[i * 5 + k] < 1e-13, $"equation {k + 1} at point {i}: {perEquation[i * 5 + k]:E2}");
    }

    [Fact]
    public void A_torn_model_saves_and_loads_with_its_computed_outputs()
    {
        var model = Train(StructureProblems.PipeNetwork, Small);
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-structure").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        Assert.Contains("\"computed\"", File.ReadAllText(path));
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Computed!.Steps.Select(s => (s.Name, s.Equation, s.Value.ToString(), s.Structure)),
            loaded.Computed!.Steps.Select(s => (s.Name, s.Equation, s.Value.ToString(), s.Structure)));
        var x = new DomainSampler(model.Problem).Sample(50, 4);
        Assert.Equal(model.Predict(x, 50), loaded.Predict(x, 50));
        var evaluation = EqNet.Evaluation.Evaluator.Evaluate(loaded, 200, 3);
        Assert.Equal(EqNet.Models.OutputStructureKind.Network, evaluation.Outputs.Single(o => o.Name == model.Computed.Learned[0]).Structure!.Kind);
        Assert.StartsWith("computed from equation", evaluation.Outputs.Single(o => o.Name == "H2").Structure!.Describe());
    }

    [Fact]
    public void The_switch_trains_every_output_with_the_network()
    {
        var model = Train(StructureProblems.BubblePoint, Small with { Tearing = false });
        Assert.Null(model.Computed);
        Assert.Equal(5, model.Network.OutputCount);
        var fromFile = Surrogate.Options(TestProblems.Inline(StructureProblems.PipeNetwork + "\nmodel: {tearing: false}\n"));
        Assert.False(fromFile.Tearing);
    }

    [Fact]
    public void A_system_without_a_loop_keeps_its_design()
    {
        var problem = TestProblems.Load("seed.yaml");
        Assert.Null(Trainer.Design(problem, Small).Computed);
    }

    [Fact]
    public void The_exported_CSharp_file_and_ONNX_graph_predict_as_the_torn_model_does()
    {
        var model = Train(StructureProblems.PipeNetwork, Small);
        var run = CSharpExporterTests.Compile(CSharpExporter.Generate(model, "ExportedModel", "Generated"));
        const int n = 64;
        var x = new DomainSampler(model.Problem).Sample(n, 11);
        var expected = model.Predict(x, n);
        var actual = new double[expected.Length];
        run(x, n, actual);
        Assert.Equal(expected, actual);
        Assert.NotNull(model.Computed);
        var onnx = OnnxExporterTests.Run(OnnxExporter.Export(model), x, model);
        Assert.True(ExportModels.Compare(onnx, expected, model.OutputNames.Count, 1e-3).Worst <= 1e-12);
    }
}
