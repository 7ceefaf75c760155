using System.Diagnostics;
using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Tests.Expressions;
using EqNet.Training;
using Xunit.Abstractions;

namespace EqNet.Tests.Training;

/// <summary>
/// Short trainings of random valid problems in one process: no exception, no growth of memory or threads. CI runs 10
/// step-limited ones; <c>EQNET_SOAK_COUNT=200 EQNET_SOAK_SECONDS=2</c> is the full soak (docs/robustness.md).
/// </summary>
[Collection(SerialCollection.Name)]
public class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomProblemsTrainWithoutErrorsOrGrowth()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("EQNET_SOAK_COUNT"), out int n) ? n : 10;
        double? seconds = double.TryParse(Environment.GetEnvironmentVariable("EQNET_SOAK_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : null;
        var random = new Random(2026);
        var memory = new List<long>();
        var threads = new List<int>();
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < count; run++)
        {
            var problem = RandomProblem(random, run);
            var options = new TrainingOptions
            {
                Seed = run + 1,
                TrainingPoints = 300,
                ValidationPoints = 1000,
                Hidden = [4],
                TimeBudgetSeconds = seconds ?? 60,
                MaxSteps = seconds is null ? 15 : null,
            };
            var result = Trainer.Train(problem, options);
            Assert.True(result.Model.Parameters.All(double.IsFinite), $"run {run}: {problem.SourceText}");
            Assert.Contains(result.StopReason, new[] { StopReason.StepLimit, StopReason.TimeBudget, StopReason.Converged, StopReason.Diverged });
            GC.Collect();
            GC.WaitForPendingFinalizers();
            memory.Add(GC.GetTotalMemory(forceFullCollection: true));
            threads.Add(Process.GetCurrentProcess().Threads.Count);
        }
        int quarter = Math.Max(1, count / 4);
        double early = memory.Take(quarter).Average(), late = memory.TakeLast(quarter).Average();
        output.WriteLine($"{count} runs in {clock.Elapsed.TotalSeconds:0} s; managed memory {early / 1e6:0.0} MB (first quarter) -> {late / 1e6:0.0} MB (last); threads {threads.Take(quarter).Max()} -> {threads.TakeLast(quarter).Max()}");
        Assert.True(late < early * 1.5 + 20e6, $"memory grew: {early / 1e6:0.0} -> {late / 1e6:0.0} MB");
        Assert.True(threads.TakeLast(quarter).Max() <= threads.Take(quarter).Max() + 8, $"threads grew: {string.Join(", ", threads)}");
    }

    /// <summary>An explicit law y = f(a, b, c) or an implicit one y^3 + y = f (one root), f finite and moderate on the domain.</summary>
    private static Problem RandomProblem(Random random, int run)
    {
        while (true)
        {
            var f = RandomTrees.Build(random, 3);
            if (f.Variables.Count == 0 || !Moderate(f, random)) continue;
            string equation = run % 2 == 0 ? $"y = {f}" : $"y**3 + y = {f}";
            string yaml = $"""
                name: soak-{run}
                inputs:
                  a: {"{"}min: 0.5, max: 3{"}"}
                  b: {"{"}min: 0.5, max: 3{"}"}
                  c: {"{"}min: 1, max: 2{"}"}
                outputs: [y]
                equations:
                  - {equation}
                """;
            try
            {
                return ProblemFile.Parse(yaml, $"soak-{run}.yaml");
            }
            catch (ProblemException)
            {
                // e.g. an output that the equation does not mention after all: draw again
            }
        }
    }

    private static bool Moderate(Expr f, Random random)
    {
        for (int k = 0; k < 200; k++)
        {
            var values = new Dictionary<string, double> { ["a"] = 0.5 + 2.5 * random.NextDouble(), ["b"] = 0.5 + 2.5 * random.NextDouble(), ["c"] = 1 + random.NextDouble() };
            double v = f.Evaluate(values);
            if (!double.IsFinite(v) || Math.Abs(v) > 1e6) return false;
        }
        return true;
    }
}
