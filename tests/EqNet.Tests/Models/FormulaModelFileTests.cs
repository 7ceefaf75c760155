using System.Text.Json.Nodes;
using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Tests.Models;

/// <summary>Formula models go through the one checksummed reader of model files.</summary>
public class FormulaModelFileTests
{
    private static (FormulaModel Model, string Path) Saved()
    {
        var problem = TestProblems.Load("seed.yaml");
        var formulas = problem.OutputNames.Select(_ => Expr.Parse(problem.InputNames[0] + "*2")).ToArray();
        var model = new FormulaModel(problem, formulas);
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-formula").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        return (model, path);
    }

    [Fact]
    public void AFormulaFileHasAChecksumAndItsStructureAndAnAlteredOneIsRefused()
    {
        var (model, path) = Saved();
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("formula", (string)root["kind"]!);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string)root["checksum"]!);
        Assert.Equal("formula", (string)root["structure"]![0]!["kind"]!);
        var loaded = Assert.IsType<FormulaModel>(ModelFile.LoadAny(path));
        Assert.Equal(model.Formulas.Select(f => f.ToString()), loaded.Formulas.Select(f => f.ToString()));
        Assert.All(loaded.Structure, s => Assert.Equal(OutputStructureKind.Formula, s.Kind));

        root["formulas"]![model.OutputNames[0]] = "1";
        File.WriteAllText(path, root.ToJsonString());
        Assert.Contains("checksum does not match", Assert.Throws<ModelFileException>(() => ModelFile.LoadAny(path)).Message);
    }

    [Fact]
    public void AVersionTwoFormulaFileWithoutAChecksumStillLoads()
    {
        var (model, path) = Saved();
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root.Remove("checksum");
        root.Remove("structure");
        root["version"] = 2;
        File.WriteAllText(path, root.ToJsonString());
        Assert.Equal(model.Predict([700, 20, 3000, 1e-4, 50], 1), ModelFile.LoadAny(path).Predict([700, 20, 3000, 1e-4, 50], 1));
    }

    [Fact]
    public void LoadingAFormulaModelWhereANetworkIsNeededSaysSoNotUseANewerEqnet()
    {
        var (_, path) = Saved();
        var message = Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Message;
        Assert.Contains("formula model", message);
        Assert.Contains("eqnet train", message);
        Assert.DoesNotContain("newer", message);
    }
}
