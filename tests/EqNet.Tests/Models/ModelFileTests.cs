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
        if (!learnedScales) File.WriteAllText(path, File.ReadAllText(path).Replace("\"learned_scales\": false,", ""));
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
}
