using System.CommandLine;
using System.Text.Json.Nodes;
using EqNet.Cli.Terminal;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Reporting;
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
        var resume = new Option<string?>("--resume") { Description = "Continue a stopped run from DIR/model.eqnet (its weights; the pre-fit is skipped). Writes to --out, default DIR." };
        var command = new Command("train", "Train a model for a problem file; writes model.eqnet and metrics.json.")
        {
            problemPath, output, budget, steps, seed, threads, samples, resume,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(
            parsed.GetRequiredValue(problemPath), parsed.GetValue(output) ?? parsed.GetValue(resume), parsed.GetValue(budget), parsed.GetValue(steps),
            parsed.GetValue(seed), CommonOptions.CheckThreads(parsed.GetValue(threads)), parsed.GetValue(samples), parsed.GetValue(resume))));
        return command;
    }

    private static int Run(string path, string? outDir, double? budget, int? steps, int? seed, int threads, int samples, string? resume)
    {
        var problem = ProblemFile.Load(path);
        ProblemChecks.Run(problem);
        var options = TrainingPlan.Options(problem, budget, steps, seed, threads);
        if (resume is not null) options = options with { InitialModel = ResumePoint(problem, resume) };
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        Directory.CreateDirectory(dir);
        string modelPath = Path.Combine(dir, "model.eqnet");

        Console.WriteLine($"eqnet train {problem.Name}: {problem.Inputs.Count} inputs, {problem.Outputs.Count} outputs, {problem.Equations.Count} equations; budget {options.TimeBudgetSeconds:0.#} s, seed {options.Seed}");
        ScalingTable.Print(Trainer.Design(problem, options));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return; // a second Ctrl+C ends the process; the last checkpoint is on disk
            e.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine("eqnet: stopping; keeping the best checkpoint so far (Ctrl+C again to quit now)...");
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (a closing session, 'kill', a scheduler's stop) is treated like Ctrl+C.
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            if (cancel.IsCancellationRequested) return;
            context.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine("eqnet: terminated; keeping the best checkpoint so far...");
        });
        TrainingResult result;
        try
        {
            result = TrainingProgressView.Run(options, report => Trainer.Train(problem, options, report,
                model => ModelFile.Save(model, modelPath), cancel.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

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
        var metrics = MetricsJson.Build(evaluation, result.Seconds, result.Steps,
            [new("stop_reason", result.StopReason), new("interrupted", result.StopReason == "cancelled"), new("resumed_from", resume)]);
        MetricsJson.Write(metrics, Path.Combine(dir, "metrics.json"));
        HistoryFile.Write(Path.Combine(dir, "history.csv"), result.History);
        MetricsTable.Print(evaluation, $"held-out: {samples:N0} points, seed {heldOutSeed}; trained {result.Seconds:0.0} s, {result.Steps} steps, stopped by {result.StopReason}");
        foreach (var warning in SaturationCheck.Warnings(result.Model, evaluation))
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        string report = ReportWriter.Write(RunReport.Build(result.Model, evaluation, result.History, Settings(problem, options, result)), dir);
        Console.WriteLine($"wrote {modelPath}, {Path.Combine(dir, "metrics.json")}, {report}");
        return ExitCodes.Ok;
    }

    /// <summary>The model a stopped run left in <paramref name="dir"/>, checked against <paramref name="problem"/>.</summary>
    private static EqNetModel ResumePoint(Problem problem, string dir)
    {
        string path = Path.Combine(dir, "model.eqnet");
        if (!File.Exists(path)) throw new UserInputException($"--resume {dir}: no model.eqnet there to continue from; give the --out folder of the stopped run.");
        var model = ModelFile.Load(path);
        if (!model.InputNames.SequenceEqual(problem.InputNames) || !model.OutputNames.SequenceEqual(problem.Outputs.Select(o => o.Name)))
            throw new UserInputException($"--resume {dir}: that model was trained for '{model.Problem.Name}' ({string.Join(", ", model.InputNames)} -> {string.Join(", ", model.OutputNames)}), not for this problem.");
        Console.WriteLine($"resuming from {path}");
        return model;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Settings(Problem problem, TrainingOptions options, TrainingResult result) =>
    [
        new("problem file", problem.SourcePath),
        new("time budget", $"{options.TimeBudgetSeconds:0.#} s"),
        new("seed", options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("network", $"per output: magnitude (MLP {string.Join('-', options.Hidden)} + {options.PowerUnits} power-law units + {options.PowerTerms} power terms) x shape (MLP); {result.Model.Network.ParameterCount} parameters"),
        new("features", string.Join(", ", result.Model.Features.Features.Select(f => f.Describe(result.Model.InputNames)))),
        new("optimiser", "magnitude pre-fit, then Levenberg-Marquardt (float64) on term-scale residuals"),
        new("training points", $"{options.TrainingPoints}, refreshed every {options.RefreshEvery} steps ({options.HardShare:P0} hardest of a pool)"),
        new("steps", result.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("stopped by", result.StopReason),
    ];
}
