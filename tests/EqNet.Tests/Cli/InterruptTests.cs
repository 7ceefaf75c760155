using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

/// <summary>Ctrl+C (SIGINT) and SIGTERM stop a training run, keep its best checkpoint, and <c>--resume</c> continues it.</summary>
public class InterruptTests
{
    [Fact]
    public async Task CtrlCStopsTrainingAndKeepsTheBestCheckpoint()
    {
        var (dir, err, metrics, signalled) = await TrainAndSignal("-INT");
        Assert.Contains("keeping the best checkpoint", err);
        // Measured from when the signal went out, not from a fixed time: beside the whole test suite the test's own timer
        // can fire late (its thread pool is busy with other tests), and the run then rightly trains until the signal.
        double trained = (double)metrics["train_seconds"]!;
        Assert.True(trained < signalled + 15, $"trained {trained:0.0} s after a signal at {signalled:0.0} s");
        Assert.True(File.Exists(Path.Combine(dir, "run", "model.eqnet")));
    }

    [Fact]
    public async Task SigtermKeepsTheBestCheckpointAndResumeContinuesIt()
    {
        var (dir, err, metrics, _) = await TrainAndSignal("-TERM");
        Assert.Contains("terminated; keeping the best checkpoint", err);
        double stoppedP99 = (double)metrics["scale_relative_error"]!["p99"]!;

        var resumed = EqNetProcess.Run(dir, "train", TestProblems.Example("seed.yaml"), "--resume", "run", "--time-budget", "3", "--samples", "2000");
        Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Out);
        Assert.Contains("resuming from", resumed.Out);
        var after = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "metrics.json")))!;
        Assert.Equal("run", (string)after["resumed_from"]!);
        Assert.False((bool)after["interrupted"]!);
        // The resumed run keeps a checkpoint only when the validation sample improves on where it started, so the
        // held-out figure (another sample) ends about where the stopped run was or better, never far worse.
        double resumedP99 = (double)after["scale_relative_error"]!["p99"]!;
        Assert.True(resumedP99 <= stoppedP99 * 1.5, $"{resumedP99} > {stoppedP99}");

        var wrong = EqNetProcess.Run(dir, "train", TestProblems.Example("cubic.yaml"), "--resume", "run", "--steps", "1");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("not for this problem", wrong.Error);
    }

    /// <summary>
    /// Starts a long seed run in a new folder, sends it <paramref name="signal"/> after 8 s, and checks it ended cleanly;
    /// returns the seconds from the start of the process to the signal as well.
    /// </summary>
    private static async Task<(string Dir, string Err, JsonNode Metrics, double Signalled)> TrainAndSignal(string signal)
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-int").FullName;
        string dll = Path.Combine(TestProblems.RepositoryRoot, "src", "EqNet.Cli", "bin", "Release", "net10.0", "eqnet.dll");
        if (!File.Exists(dll)) dll = dll.Replace("Release", "Debug");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "train", TestProblems.Example("seed.yaml"), "--out", "run", "--time-budget", "600", "--samples", "2000" })
            start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        double signalled = clock.Elapsed.TotalSeconds;
        using (var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        string err = await stderr, output = await stdout;
        Assert.True(process.ExitCode == 0, err + output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "metrics.json")))!;
        Assert.Equal("cancelled", (string)metrics["stop_reason"]!);
        Assert.True((bool)metrics["interrupted"]!);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "run"), "*.tmp"));
        return (dir, err, metrics, signalled);
    }
}
