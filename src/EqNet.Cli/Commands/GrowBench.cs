using System.CommandLine;
using System.Globalization;
using EqNet.Models;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench grow</c>: trains an old problem, then its extension from that model (<c>--from</c>) and from scratch,
/// alternating, and prints the kept outputs' error before and after, whether the frozen predictions are the old model's
/// bits, each run's held-out p99 per equation and the seconds each took to reach a threshold.
/// </summary>
internal static class GrowBench
{
    public static Command Create()
    {
        var old = new Option<string>("--old") { Description = "The earlier problem.", DefaultValueFactory = _ => "examples/seed.yaml" };
        var grown = new Option<string>("--new") { Description = "Its extension (more outputs and equations).", DefaultValueFactory = _ => "examples/seed-plus-flow.yaml" };
        var budget = new Option<double>("--time-budget") { Description = "Training seconds of every run (old, grown, scratch).", DefaultValueFactory = _ => 60 };
        var repeats = new Option<int>("--repeats") { Description = "Grown and from-scratch runs, alternating (the machine's load falls on both alike).", DefaultValueFactory = _ => 1 };
        var threshold = new Option<double>("--threshold") { Description = "Held-out p99 (worst equation) whose first validation below it times a run.", DefaultValueFactory = _ => 1e-6 };
        var samples = new Option<int>("--samples") { Description = "Held-out points per run.", DefaultValueFactory = _ => 20_000 };
        var fineTune = new Option<bool>("--fine-tune") { Description = "Grown runs let the kept outputs train too (--fine-tune)." };
        var command = new Command("grow", "Train a problem, then its extension from that model (--from) and from scratch: forgetting, and time to a held-out p99.")
        {
            old, grown, budget, repeats, threshold, samples, fineTune,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(old), parsed.GetRequiredValue(grown), parsed.GetValue(budget),
            parsed.GetValue(repeats), parsed.GetValue(threshold), parsed.GetValue(samples), parsed.GetValue(fineTune))));
        return command;
    }

    private static int Run(string oldPath, string newPath, double budget, int repeats, double threshold, int samples, bool fineTune)
    {
        if (!(budget > 0) || repeats < 1 || samples < 1000) throw new UserInputException("--time-budget must be positive, --repeats at least 1, --samples at least 1000");
        var before = Surrogate.LoadProblem(oldPath);
        var after = Surrogate.LoadProblem(newPath);
        string scratch = Directory.CreateTempSubdirectory("eqnet-bench-grow-").FullName;
        try
        {
            var first = Surrogate.TrainToFolder(before, Path.Combine(scratch, "old"), new TrainingOverrides(budget), samples);
            Console.WriteLine(Text($"{before.Name}: trained {first.Training.Seconds:0.0} s, held-out p99 {first.Evaluation.Overall.P99:0.00e+00} ({first.Training.StopReason.ToText()})"));
            var rows = new List<string>();
            for (int r = 0; r < repeats; r++)
            {
                foreach (bool grow in new[] { true, false })
                {
                    var overrides = new TrainingOverrides(budget, Seed: r + 1, From: grow ? first.ModelPath : null, FineTune: grow && fineTune);
                    var run = Surrogate.TrainToFolder(after, Path.Combine(scratch, $"{(grow ? "grown" : "scratch")}-{r}"), overrides, samples);
                    double? reached = run.Training.History.FirstOrDefault(h => h.ValidationP99 <= threshold)?.Seconds;
                    string equations = string.Join(", ", run.Evaluation.Equations.Select((e, k) => Text($"eq {k + 1} {e.ScaleRelativeError.P99:0.0e+00}")));
                    rows.Add(Text($"| {(grow ? fineTune ? "grown (--from, --fine-tune)" : "grown (--from)" : "from scratch")} | {r + 1} | {(reached is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : $"not in {budget:0} s")} | {run.Evaluation.Overall.P99:0.0e+00} | {equations} | {run.Training.Seconds:0} s, {run.Training.StopReason.ToText()} |"));
                    if (!grow) continue;
                    foreach (var k in run.Kept)
                        Console.WriteLine(Text($"run {r + 1}: kept {k.Output}: held-out p99 {k.P99Before:0.00e+00} -> {k.P99After:0.00e+00}, max {k.MaxBefore:0.00e+00} -> {k.MaxAfter:0.00e+00}"));
                    Console.WriteLine($"run {r + 1}: kept outputs' predictions identical to the old model's on {samples:N0} points: {Identical(first.ModelPath, run.ModelPath, samples)}");
                    foreach (var warning in run.Warnings) Console.WriteLine($"run {r + 1}: warning: {warning}");
                }
            }
            Console.WriteLine();
            Console.WriteLine(Text($"| {after.Name} | run | seconds to held-out p99 <= {threshold:0e+00} | final p99 | p99 per equation | trained |"));
            Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
            foreach (var row in rows) Console.WriteLine(row);
            return ExitCodes.Ok;
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }

    /// <summary>Whether every kept output of the grown model predicts the old model's bits at points of the new domain.</summary>
    private static bool Identical(string oldModel, string grownModel, int samples)
    {
        var old = Surrogate.Load(oldModel);
        var grown = Surrogate.Load(grownModel);
        var x = new EqNet.Sampling.DomainSampler(grown.Problem, probeCount: 0).Sample(samples, 11);
        int d = grown.InputNames.Count, d0 = old.InputNames.Count;
        var columns = old.InputNames.Select(n => grown.InputNames.ToList().IndexOf(n)).ToArray();
        var x0 = new double[samples * d0];
        for (int r = 0; r < samples; r++)
            for (int k = 0; k < d0; k++) x0[r * d0 + k] = x[r * d + columns[k]];
        var a = old.Predict(x0, samples);
        var b = grown.Predict(x, samples);
        int o0 = old.OutputNames.Count, o = grown.OutputNames.Count;
        for (int j = 0; j < o0; j++)
        {
            int g = grown.OutputNames.ToList().IndexOf(old.OutputNames[j]);
            for (int r = 0; r < samples; r++)
                if (BitConverter.DoubleToInt64Bits(a[r * o0 + j]) != BitConverter.DoubleToInt64Bits(b[r * o + g])) return false;
        }
        return true;
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
