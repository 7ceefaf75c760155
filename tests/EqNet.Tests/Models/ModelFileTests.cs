using System.Text;
using System.Text.Json.Nodes;
using EqNet.Models;
using EqNet.Training;

namespace EqNet.Tests.Models;

public class ModelFileTests
{
    [Fact]
    public void SavedModelPredictsBitIdentically()
    {
        var problem = TestProblems.Load("seed.yaml");
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        string dir = Directory.CreateTempSubdirectory("eqnet-model").FullName;
        string path = Path.Combine(dir, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        double[] x = [700, 20, 3000, 1e-4, 50, 999, 998.5, 40000, 1e-6, 1];
        Assert.Equal(model.Predict(x, 2), loaded.Predict(x, 2));
        Assert.Equal("seed", loaded.Problem.Name);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void A_signed_factor_head_keeps_its_factor_feature()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 3}
              b: {min: 1, max: 3}
            outputs: [y]
            equations: [y = a*(a - b)]
            """);
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-model").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Network.Heads, loaded.Network.Heads);
        Assert.Equal(OutputHeadKind.SignedFactor, loaded.Network.Heads[0].Kind);
        double[] x = [2, 2, 2.5, 1.5];
        var y = loaded.Predict(x, 2);
        Assert.Equal(model.Predict(x, 2), y);
        // On the factor's zero set the output is 0 exactly, whatever the weights.
        Assert.Equal(0, y[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChainedOutputsKeepTheirLearnedScales(bool learnedScales)
    {
        var problem = TestProblems.Load("seed-plus-flow.yaml");
        var options = new TrainingOptions { MaxSteps = 4, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4], LearnedScales = learnedScales };
        var model = Trainer.Train(problem, options).Model;
        Assert.Equal(learnedScales, model.Network.LearnedScales);
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-model").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        // Files written before scales could be learned have no such key: they load with fixed scales.
        if (!learnedScales) WithoutChecksum(path, text => text.Replace("\"learned_scales\": false,", ""));
        var loaded = ModelFile.Load(path);
        Assert.Equal(learnedScales, loaded.Network.LearnedScales);
        double[] x = [700, 20, 3000, 1e-4, 50, 999, 998.5, 40000, 1e-6, 1];
        Assert.Equal(model.Predict(x, 2), loaded.Predict(x, 2));
    }

    [Fact]
    public void DamagedOrForeignFilesGiveAClearError()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-model").FullName;
        string path = Path.Combine(dir, "model.eqnet");
        File.WriteAllText(path, "{\"format\": \"something-else\"}");
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
        Assert.Contains("not an EqNet model file", e.Message);
        File.WriteAllText(path, "{ not json");
        Assert.Contains("damaged", Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message);
        Assert.Contains("cannot read", Assert.Throws<ModelFileException>(() => ModelFile.Load(Path.Combine(dir, "missing.eqnet"))).Message);
    }

    [Fact]
    public void VersionOneFilesStillLoad()
    {
        // Written by the node-by-node writer of format version 1 (no checksum, no kind): eqnet train of a two-input
        // problem with hidden [3], 5 steps; 'eqnet predict --at "a=3, b=2"' printed y = 6.356400805594312.
        var model = ModelFile.Load(Fixture("model-v1.eqnet"));
        Assert.Equal("tiny", model.Problem.Name);
        // Printed when prediction summed its dot products along the vector; the batch path sums them in plain order, 3 ulps away.
        Assert.Equal(6.356400805594312, model.Predict([3.0, 2.0], 1)[0], 1e-14);
    }

    [Fact]
    public void SavedFileCarriesAChecksumKindAndTrainingInfo()
    {
        var (model, path) = SmallModel();
        ModelFile.Save(model, path, new JsonObject { ["steps"] = 3, ["stop_reason"] = "step limit" });
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(EqNetInfo.FormatVersion, (int)root["version"]!);
        Assert.Equal("network", (string)root["kind"]!);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string)root["checksum"]!);
        Assert.Equal("step limit", (string)root["training"]!["stop_reason"]!);
        // The checksum covers the content, not the layout: the same document written compactly still loads.
        File.WriteAllText(path, root.ToJsonString());
        Assert.Equal(model.Parameters, ModelFile.Load(path).Parameters);
    }

    [Fact]
    public void EmptyTruncatedNewerAndForeignFilesEachSayWhich()
    {
        var (model, path) = SmallModel();
        ModelFile.Save(model, path);
        byte[] good = File.ReadAllBytes(path);
        string Message(byte[] bytes) => Assert.Throws<ModelFileException>(() => ModelFile.Parse(bytes, "m.eqnet")).Message;

        Assert.Contains("empty", Message([]));
        Assert.Contains("empty", Message("\n  \n"u8.ToArray()));
        Assert.Contains("ends early", Message(good[..(good.Length / 2)]));
        Assert.Contains("ends early", Message(good[..^2]));
        Assert.Contains("not an EqNet model file", Message("name: seed\ninputs: {}\n"u8.ToArray()));
        Assert.Contains("not an EqNet model file", Message("{\"format\": \"something-else\"}"u8.ToArray()));
        Assert.Contains("not an EqNet model file", Message([0x89, 0x50, 0x4e, 0x47]));
        var newer = JsonNode.Parse(good)!;
        newer["version"] = EqNetInfo.FormatVersion + 1;
        newer["new_section"] = "from the future";
        Assert.Contains("newer than this eqnet reads", Message(Encoding.UTF8.GetBytes(newer.ToJsonString())));
        var edited = JsonNode.Parse(good)!;
        edited["network"]!["power_units"] = (int)edited["network"]!["power_units"]! + 1;
        Assert.Contains("checksum does not match", Message(Encoding.UTF8.GetBytes(edited.ToJsonString())));
        edited.AsObject().Remove("checksum");
        Assert.Contains("no \"checksum\"", Message(Encoding.UTF8.GetBytes(edited.ToJsonString())));
        var otherKind = JsonNode.Parse(good)!;
        otherKind["kind"] = "formula";
        Assert.Contains("checksum", Message(Encoding.UTF8.GetBytes(otherKind.ToJsonString())));
    }

    [Fact]
    public void EveryFlippedByteIsRefusedOrChangesNothing()
    {
        var (model, path) = SmallModel();
        ModelFile.Save(model, path, new JsonObject { ["steps"] = 3 });
        byte[] good = File.ReadAllBytes(path);
        int refused = 0, same = 0;
        foreach (byte mask in new byte[] { 0x01, 0x80 })
            for (int i = 0; i < good.Length; i++)
            {
                byte[] bad = (byte[])good.Clone();
                bad[i] ^= mask;
                try
                {
                    // A flip that leaves the content as it was (the last digit of a float64 beyond its shortest
                    // round-trip form) loads the same model; anything else must be refused.
                    var loaded = ModelFile.Parse(bad, "m.eqnet");
                    Assert.Equal(model.Parameters, loaded.Parameters);
                    Assert.Equal(model.Features.Features, loaded.Features.Features);
                    Assert.Equal(model.Network.Heads, loaded.Network.Heads);
                    same++;
                }
                catch (ModelFileException)
                {
                    refused++;
                }
            }
        Assert.Equal(2 * good.Length, refused + same);
        Assert.True(same < good.Length / 50, $"{same} flips loaded unchanged");
    }

    [Fact]
    public void AHandMadeFileWithAConsistentChecksumStillCannotInjectSizesOrIndices()
    {
        var (model, path) = SmallModel();
        byte[] good = ModelFile.Serialize(model, null, DateTime.UnixEpoch);
        foreach (var edit in new Action<JsonNode>[]
        {
            r => r["features"]![0]!["input"] = 99,
            r => r["features"]![0]!["kind"] = "7",
            r => r["network"]!["hidden"] = new JsonArray(1_000_000_000),
            r => r["network"]!["parameter_count"] = 5,
            r => r["inputs"] = new JsonArray("p", "q"),
            r => r["problem"]!["source"] = "not: a problem",
        })
        {
            var root = JsonNode.Parse(good)!;
            edit(root);
            root.AsObject().Remove("checksum");
            root["version"] = 1; // no checksum needed
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), "m.eqnet"));
            Assert.Contains("damaged", e.Message);
        }
    }

    private static (EqNetModel Model, string Path) SmallModel()
    {
        var problem = TestProblems.Load("seed.yaml");
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 1, TrainingPoints = 100, ValidationPoints = 200, Hidden = [2] }).Model;
        return (model, Path.Combine(Directory.CreateTempSubdirectory("eqnet-model").FullName, "model.eqnet"));
    }

    private static string Fixture(string name) => Path.Combine(TestProblems.RepositoryRoot, "tests", "EqNet.Tests", "Models", "Data", name);

    /// <summary>Edits a saved file as a version 1 file would read (no checksum), for layouts older than the checksum.</summary>
    private static void WithoutChecksum(string path, Func<string, string> edit)
    {
        var root = JsonNode.Parse(edit(File.ReadAllText(path)))!.AsObject();
        root.Remove("checksum");
        root.Remove("kind");
        root["version"] = 1;
        File.WriteAllText(path, root.ToJsonString());
    }
}
