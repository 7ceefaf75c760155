using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class InspectCommandTests
{
    [Fact]
    public void WarningsStillExitZeroAndJsonIsTheOnlyOutput()
    {
        var text = EqNetProcess.Run(TestProblems.RepositoryRoot, "inspect", "examples/seed-question-loss.yaml", "--samples", "2000");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("[scale-ratio]", text.Out);
        var json = EqNetProcess.Run(TestProblems.RepositoryRoot, "inspect", "examples/seed.yaml", "--json", "--samples", "2000");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("seed", (string)JsonNode.Parse(json.Out)!["problem"]!);
    }
}
