using System.CommandLine;
using System.Text.Json.Nodes;
using EqNet.Cli.Console;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet train PROBLEM</c>: train, evaluate on a held-out sample, write model.eqnet and metrics.json.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML), e.g. examples/seed.yaml." };
        var output = new Option<string?>("--out") { Description = "Run folder (default: runs/<problem name>)." };
        var budget = new Option<double?>("--time-budget") { Description = "Training time in seconds (default: the file's training.time_budget, else 60)." };
        var steps = new Option<int?>("--steps") { Description = "Stop after this many optimiser steps." };
        var seed = CommonOptions.Seed("Seed for initialisation and sampling (default: the file's, else 1).");
        var threads = CommonOptions.Threads();
        var samples = new Option<int>("--samples") { Description = "Held-out points for the final metrics.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("train", "Train a model for a problem file; writes model.eqnet and metrics.json.")
        {
            problemPath, output, budget, steps, seed, threads, samples,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(
            parsed.GetRequiredValue(problemPath), parsed.GetValue(output), parsed.GetValue(budget), parsed.GetValue(steps),
            parsed.GetValue(seed), CommonOptions.CheckThreads(parsed.GetValue(threads)), parsed.GetValue(samples))));
        return command;
    }

    private static int Run(string path, string? outDir, double? budget, int? steps, int? seed, int threads, int samples)
    {
        var problem = ProblemFile.Load(path);
        ProblemChecks.Run(problem);
        var options = TrainingPlan.Options(problem, budget, steps, seed, threads);
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        Directory.CreateDirectory(dir);
        string modelPath = Path.Combine(dir, "model.eqnet");

        System.Console.WriteLine($"eqnet train {problem.Name}: {problem.Inputs.Count} inputs, {problem.Outputs.Count} outputs, {problem.Equations.Count} equations; budget {options.TimeBudgetSeconds:0.#} s, seed {options.Seed}");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            System.Console.Error.WriteLine("eqnet: stopping; keeping the best checkpoint so far...");
        };
        System.Console.CancelKeyPress += onCancel;
        TrainingResult result;
        try
        {
            result = TrainingProgressView.Run(options, report => Trainer.Train(problem, options, report,
                model => ModelFile.Save(model, modelPath), cancel.Token));
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }

        ScalingTable.Print(result.Model);
        var training = new JsonObject
        {
            ["seconds"] = Math.Round(result.Seconds, 2),
            ["steps"] = result.Steps,
            ["stop_reason"] = result.StopReason,
            ["seed"] = options.Seed,
        };
        ModelFile.Save(result.Model, modelPath, training);

        int heldOutSeed = options.Seed + Evaluator.HeldOutSeedOffset;
        var evaluation = Evaluator.Evaluate(result.Model, samples, heldOutSeed, threads);
        var metrics = MetricsJson.Build(evaluation, result.Seconds, result.Steps, [new("stop_reason", result.StopReason)]);
        MetricsJson.Write(metrics, Path.Combine(dir, "metrics.json"));
        MetricsTable.Print(evaluation, $"held-out: {samples:N0} points, seed {heldOutSeed}; trained {result.Seconds:0.0} s, {result.Steps} steps, stopped by {result.StopReason}");
        System.Console.WriteLine($"wrote {modelPath}, {Path.Combine(dir, "metrics.json")}");
        return ExitCodes.Ok;
    }
}
