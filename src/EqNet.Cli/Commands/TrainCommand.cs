using System.CommandLine;
using EqNet.Cli.Terminal;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet train PROBLEM</c>: train, evaluate on a held-out sample, write model.eqnet and metrics.json.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML), e.g. examples/seed.yaml." };
        var output = new Option<string?>("--out") { Description = "Run folder (default: runs/<problem name>)." };
        var budget = new Option<double?>("--time-budget") { Description = "Training time in seconds (default: the file's training.time_budget, else 60); training ends earlier once the held-out error has converged." };
        var steps = new Option<int?>("--steps") { Description = "Stop after this many optimiser steps." };
        var seed = CommonOptions.Seed("Seed for initialisation and sampling (default: the file's, else 1).");
        var threads = CommonOptions.Threads();
        var samples = new Option<int>("--samples") { Description = "Held-out points for the final metrics.", DefaultValueFactory = _ => 100_000 };
        var resume = new Option<string?>("--resume") { Description = "Continue a stopped run from DIR/model.eqnet (its weights; the pre-fit is skipped). Writes to --out, default DIR." };
        var from = new Option<string?>("--from") { Description = "Grow a model of an earlier version of this problem (MODEL file): its outputs keep their trained parts, frozen; only the new outputs train." };
        var fineTune = new Option<bool>("--fine-tune") { Description = "With --from: the kept outputs' parts train too, from their trained weights (a kept output that gets worse is a warning)." };
        var structure = CommonOptions.Structure();
        var command = new Command("train", "Train a model for a problem file; writes model.eqnet and metrics.json.")
        {
            problemPath, output, budget, steps, seed, threads, samples, resume, structure, from, fineTune,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(
            parsed.GetRequiredValue(problemPath), parsed.GetValue(output) ?? parsed.GetValue(resume), parsed.GetValue(budget), parsed.GetValue(steps),
            parsed.GetValue(seed), CommonOptions.CheckThreads(parsed.GetValue(threads)), parsed.GetValue(samples), parsed.GetValue(resume),
            CommonOptions.ParseStructure(parsed.GetValue(structure)), parsed.GetValue(from), parsed.GetValue(fineTune))));
        return command;
    }

    private static int Run(string path, string? outDir, double? budget, int? steps, int? seed, int threads, int samples, string? resume, Problems.StructureMode? structure,
        string? from, bool fineTune)
    {
        if (samples < 1) throw new UserInputException($"--samples must be at least 1, not {samples}");
        var problem = Surrogate.LoadProblem(path);
        if (problem.Outputs.Any(o => o.IsLearnedTerm)) return LearnedTermCommand.Fit(problem, outDir, seed);
        if (problem.Parameters.Count > 0) return FitParameters(problem, outDir, seed);
        foreach (var note in problem.Notes)
            Console.Error.WriteLine($"eqnet: note: {problem.SourcePath}: {note}");
        foreach (var warning in Surrogate.Check(problem))
            Console.Error.WriteLine($"eqnet: warning: {problem.SourcePath}: {warning}");
        var overrides = new TrainingOverrides(budget, steps, seed, threads, resume, structure, from, fineTune);
        var options = Surrogate.Options(problem, overrides);
        if (resume is not null) Console.WriteLine($"resuming from {Path.Combine(resume, TrainingRun.ModelFileName)}");
        if (options.GrowFrom is { } growth)
        {
            var added = problem.OutputNames.Where(o => !growth.Keeps(o)).ToArray();
            Console.WriteLine($"growing {from} ('{growth.Old.Problem.Name}', {growth.Checksum[..19]}...): kept {string.Join(", ", growth.Kept)} ({(growth.FineTune ? "fine-tuned from their trained weights" : "frozen: the old model's predictions")}); " +
                $"trained {string.Join(", ", added)}");
        }
        string dir = outDir ?? Path.Combine("runs", problem.Name);

        Console.WriteLine($"eqnet train {problem.Name}: {problem.Inputs.Count} inputs, {problem.Outputs.Count} outputs, {problem.Equations.Count} equations; budget {options.TimeBudgetSeconds:0.#} s, seed {options.Seed}");
        var design = Surrogate.Prepare(problem, options);
        ScalingTable.Print(design);
        using var cancel = new CancellationTokenSource();
        // Whether this signal stops the run; a second one after the first ends the process (the last checkpoint is on disk).
        bool Stop(string message)
        {
            if (cancel.IsCancellationRequested) return false;
            cancel.Cancel();
            Console.Error.WriteLine(message);
            return true;
        }
        ConsoleCancelEventHandler onCancel = (_, e) => e.Cancel = Stop("eqnet: stopping; keeping the best checkpoint so far (Ctrl+C again to quit now)...");
        Console.CancelKeyPress += onCancel;
        // SIGTERM (a closing session, 'kill', a scheduler's stop) is treated like Ctrl+C.
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context => context.Cancel = Stop("eqnet: terminated; keeping the best checkpoint so far..."));
        TrainingRunResult run;
        try
        {
            TrainingRunResult? finished = null;
            TrainingProgressView.Run(options, report =>
            {
                finished = Surrogate.TrainToFolder(design, dir, samples, report, cancel.Token);
                return finished.Training;
            });
            run = finished!;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var result = run.Training;
        if (!problem.IsDataOnly)
            MetricsTable.Print(run.Evaluation, $"held-out: {samples:N0} points, seed {run.HeldOutSeed}; trained {result.Seconds:0.0} s, {result.Steps} steps, stopped by {result.StopReason.ToText()}; {result.Model.Kind}" +
                (result.Data is null ? "" : $"; outputs from the equations ({string.Join(", ", problem.OutputNames.Except(problem.DataOutputs))})"));
        if (result.Data is { } data)
        {
            Console.WriteLine($"measured data {data.File}: {data.Split.Rows} rows, {data.Weighting} error; {data.Split.Train.Count} fitted, {data.Split.Validation.Count} chose the network kept (best of {data.Starts} starts), " +
                $"{data.Split.Test.Count} held out (seed {run.Options.Seed}, rows in {Path.Combine(dir, EqNet.Training.DataFitResult.SplitFileName)}); trained {result.Seconds:0.0} s, {result.Steps} steps, stopped by {result.StopReason.ToText()}");
            foreach (var o in data.Outputs)
            {
                Console.WriteLine($"  {o.Output} on the held-out rows: {TrainingRun.DataSummary(o)}");
                if (o.NoiseLevel is { } noise) Console.WriteLine($"  {o.Output} noise level: {noise.Text}");
            }
            foreach (var line in data.CrossValidation?.Lines() ?? [])
                Console.WriteLine($"  {line}");
        }

        Console.WriteLine($"time per phase: {result.PhaseTimes}");
        foreach (var k in run.Kept)
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"kept output {k.Output}: held-out p99 {k.P99Before:0.00e+00} -> {k.P99After:0.00e+00}, max {k.MaxBefore:0.00e+00} -> {k.MaxAfter:0.00e+00} (old model -> this one, same {samples:N0} points){(k.P99After == k.P99Before && k.MaxAfter == k.MaxBefore ? ", unchanged" : "")}"));
        foreach (var warning in run.Warnings)
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        Console.WriteLine($"wrote {run.ModelPath}, {run.MetricsPath}, {run.ReportPath}");
        return ExitCodes.Ok;
    }

    /// <summary>A problem with unknown constants and data: fit them (parameter identification), print the table, write parameters.json.</summary>
    private static int FitParameters(EqNet.Problems.Problem problem, string? outDir, int? seed)
    {
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        Console.WriteLine($"eqnet train {problem.Name}: fitting {problem.Parameters.Count} parameter{(problem.Parameters.Count == 1 ? "" : "s")} " +
            $"({string.Join(", ", problem.ParameterNames)}) to {problem.Data.File} by Levenberg-Marquardt" +
            (problem.Parameters.Any(q => q.Start is null) ? "; parameters without a start are searched from many starts" : ""));
        var (result, file) = Surrogate.FitToFolder(problem, dir, new EqNet.Fitting.ParameterFitOptions { Seed = seed ?? problem.Training.Seed ?? 1 });
        ParameterTable.Print(result);
        foreach (var warning in result.Warnings.Concat(result.ProfileWarnings))
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        Console.WriteLine($"wrote {file}, {Path.Combine(dir, "report.html")}");
        return ExitCodes.Ok;
    }
}
