using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class InterruptTests
{
    [Fact]
    public async Task CtrlCStopsTrainingAndKeepsTheBestCheckpoint()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-int").FullName;
        string dll = Path.Combine(TestProblems.RepositoryRoot, "src", "EqNet.Cli", "bin", "Release", "net10.0", "eqnet.dll");
        if (!File.Exists(dll)) dll = dll.Replace("Release", "Debug");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "train", TestProblems.Example("seed.yaml"), "--out", "run", "--time-budget", "600", "--samples", "2000" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        string err = await stderr, output = await stdout;
        Assert.True(process.ExitCode == 0, err + output);
        Assert.Contains("keeping the best checkpoint", err);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "metrics.json")))!;
        Assert.Equal("cancelled", (string)metrics["stop_reason"]!);
        Assert.True((double)metrics["train_seconds"]! < 60);
        Assert.True(File.Exists(Path.Combine(dir, "run", "model.eqnet")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "run"), "*.tmp"));
    }
}
