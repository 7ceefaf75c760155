using System.Text;
using System.Text.Json.Nodes;
using EqNet.Models;
using EqNet.Tests.Prediction;

namespace EqNet.Tests.Models;

public class CorrectionStagesTests
{
    private const string TwoOutputs = """
        name: two-outputs
        inputs:
          p: {min: 0.5, max: 2}
          q: {min: -3, max: 3}
        outputs: [y, z]
        equations:
          - y**3 + p*y = q
          - z = y*p + q
        """;

    [Fact]
    public void TheCorrectionIsTheStagesSumTimesTheOutputsWeight()
    {
        var network = TestModels.Random(TestProblems.Inline(TwoOutputs));
        var staged = TestModels.WithStages(network);
        double[] x = [0.7, 1.3, 1.9, -2.5];
        var before = network.Predict(x, 2);
        var after = staged.Predict(x, 2);
        var corrections = staged.Corrections!;
        var features = staged.Features.Compute(x, 2);
        int f = staged.Features.Count;
        Span<double> a = stackalloc double[16], b = stackalloc double[16];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                double sum = 0;
                foreach (var stage in corrections.Stages) sum += stage.Scales[j] * stage.Evaluate(j, features.AsSpan(i * f, f), a, b);
                double y = before[i * 2 + j];
                Assert.Equal(y + Math.Sqrt(y * y + corrections.Floors[j] * corrections.Floors[j]) * sum, after[i * 2 + j]);
                Assert.NotEqual(y, after[i * 2 + j]);
            }
        Assert.Equal("network + 2 correction stages", staged.Kind);
        Assert.Equal("network", network.Kind);
    }

    [Fact]
    public void AStageNetworkIsADenseNetworkSummedInInputOrder()
    {
        var stage = new CorrectionStage(2, [3], [1.0], [.. Enumerable.Range(1, 13).Select(k => 0.1 * k)]);
        var dense = new DenseNetwork(2, [3]);
        double[] u = [0.3, -0.8];
        Span<double> a = stackalloc double[3], b = stackalloc double[3];
        Assert.Equal(dense.Forward(stage.Parameters, u, new double[dense.ScratchLength]), stage.Evaluate(0, u, a, b), 14);
    }

    [Fact]
    public void AModelFileKeepsTheStagesAndPredictsBitIdentically()
    {
        var model = TestModels.WithStages(TestModels.Random(TestProblems.Inline(TwoOutputs)));
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-stages").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        double[] x = [0.7, 1.3, 1.9, -2.5, 1.1, 0.01];
        Assert.Equal(model.Predict(x, 3), loaded.Predict(x, 3));
        Assert.Equal("network + 2 correction stages", loaded.Kind);
        Assert.Equal(model.Corrections!.Floors, loaded.Corrections!.Floors);
        Assert.Equal(EqNetInfo.FormatVersion, (int)JsonNode.Parse(File.ReadAllText(path))!["version"]!);
    }

    [Fact]
    public void AModelWithoutStagesWritesNoCorrectionsKey()
    {
        var model = TestModels.Random(TestProblems.Inline(TwoOutputs));
        var root = JsonNode.Parse(ModelFile.Serialize(model, null, DateTime.UnixEpoch))!;
        Assert.Null(root["network"]!["corrections"]);
        Assert.Null(ModelFile.Parse(ModelFile.Serialize(model, null, DateTime.UnixEpoch), "m.eqnet").Corrections);
    }

    [Fact]
    public void StagesThatDoNotFitTheModelAreADamagedFile()
    {
        var model = TestModels.WithStages(TestModels.Random(TestProblems.Inline(TwoOutputs)));
        byte[] good = ModelFile.Serialize(model, null, DateTime.UnixEpoch);
        foreach (var edit in new Action<JsonNode>[]
        {
            r => r["network"]!["corrections"]!["floors"] = new JsonArray(0.0),
            r => r["network"]!["corrections"]!["stages"]![0]!["scales"] = new JsonArray(1.0, 2.0, 3.0),
            r => r["network"]!["corrections"]!["stages"]![0]!["hidden"] = new JsonArray(1_000_000_000),
            r => r["network"]!["corrections"]!["stages"]![1]!["parameter_count"] = 3,
            r => r["network"]!["corrections"]!["floors"] = new JsonArray(-1.0, 0.0),
        })
        {
            var root = JsonNode.Parse(good)!;
            edit(root);
            root.AsObject().Remove("checksum");
            root["version"] = 1;
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), "m.eqnet"));
            Assert.Contains("damaged", e.Message);
        }
    }
}
