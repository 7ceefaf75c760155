using System.Text.Json.Nodes;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class PhaseTimesTests
{
    [Fact]
    public void PhasesAddUpInTheOrderTheyFirstRan()
    {
        var times = new PhaseTimes();
        times.Add("lm", 1.5);
        times.Add("validation", 0.25);
        times.Add("lm", 2.0);

        Assert.Equal(["lm", "validation"], times.Seconds.Select(p => p.Key));
        Assert.Equal(3.5, times["lm"]);
        Assert.Equal(0, times["refresh"]);
        Assert.Equal("lm 3.5 s, validation 0.3 s", times.ToString());
    }

    [Fact]
    public void AMeasuredScopeBooksItsElapsedTime()
    {
        var times = new PhaseTimes();
        using (times.Measure("refresh")) Thread.Sleep(30);
        Assert.InRange(times["refresh"], 0.025, 5);
    }

    [Fact]
    public void ATrainingRunAccountsForItsWallClockTimeByPhaseInMetricsJson()
    {
        var problem = TestProblems.Load("seed.yaml");
        var options = new TrainingOptions { MaxSteps = 20, TrainingPoints = 300, ValidationPoints = 1000, Hidden = [4], Threads = 1 };
        string folder = Path.Combine(Path.GetTempPath(), "eqnet-phases-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = TrainingRun.Execute(problem, options, folder, samples: 1000);
            var phases = run.Training.PhaseTimes;
            Assert.True(phases["magnitude starts"] > 0);
            Assert.True(phases["lm"] > 0);
            Assert.True(phases["validation"] > 0);
            // Every second of the run is booked to some phase, and none twice.
            Assert.Equal(run.Training.Seconds, phases.Seconds.Sum(p => p.Value), 3);

            var metrics = JsonNode.Parse(File.ReadAllText(run.MetricsPath))!["phase_seconds"]!.AsObject();
            Assert.Equal(phases.Seconds.Select(p => p.Key.Replace(' ', '_')), metrics.Select(p => p.Key));
            Assert.Equal(phases["lm"], metrics["lm"]!.GetValue<double>(), 3);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
