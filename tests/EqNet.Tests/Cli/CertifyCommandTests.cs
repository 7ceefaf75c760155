using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

/// <summary><c>eqnet certify</c> as a user runs it: the certificate beside the model, --json, and exit 2 for mistakes.</summary>
public class CertifyCommandTests
{
    [Fact]
    public void CertifyWritesTheCertificateBesideTheModelAndRefusesMistakes()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-cli").FullName;
        File.WriteAllText(Path.Combine(dir, "law.yaml"), """
            inputs:
              a: {min: 0.1, max: 10, sampling: log}
              b: {min: 1, max: 2}
            outputs: [y]
            equations: [y = a*b + 1]
            model: {hidden: [6]}
            """);
        var train = EqNetProcess.Run(dir, "train", "law.yaml", "--out", "run", "--steps", "20", "--samples", "2000", "--seed", "4");
        Assert.True(train.ExitCode == 0, train.Error + train.Out);

        var run = EqNetProcess.Run(dir, "certify", "run/model.eqnet", "--time-budget", "20");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("searched max", run.Out, StringComparison.Ordinal);
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "certificate.json")))!;
        Assert.True(file["bound_reached"] is not null, run.Out);
        Assert.True((double)file["bound_reached"]! >= (double)file["searched_max"]!);

        var json = EqNetProcess.Run(dir, "certify", "run/model.eqnet", "--time-budget", "0.01", "--json", "--out", "quick.json");
        Assert.Equal(0, json.ExitCode);
        var quick = JsonNode.Parse(json.Out)!;
        Assert.False((bool)quick["certified"]!);
        Assert.Contains("time budget", (string)quick["reason"]!, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "quick.json")));

        foreach (var args in new[] { new[] { "certify", "missing.eqnet" }, ["certify", "run/model.eqnet", "--time-budget", "0"],
            ["certify", "run/model.eqnet", "--out", "no/such/folder/c.json"], ["certify", "run/model.eqnet", "--factor", "0.5"] })
        {
            var mistake = EqNetProcess.Run(dir, args);
            Assert.True(mistake.ExitCode == 2, $"{string.Join(' ', args)}: exit {mistake.ExitCode}\n{mistake.Error}");
            Assert.DoesNotContain("   at ", mistake.Error, StringComparison.Ordinal);
        }
    }
}
