using System.CommandLine;
using EqNet.Cli.Terminal;
using EqNet.Evaluation;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet eval MODEL</c>: recompute the metrics on a fresh held-out sample.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train' (DIR/model.eqnet)." };
        var samples = new Option<int>("--samples") { Description = "Held-out points.", DefaultValueFactory = _ => 100_000 };
        var seed = CommonOptions.Seed("Seed of the held-out sample (default: a fresh one derived from the training seed).");
        var json = CommonOptions.Json("Print only the metrics JSON object (same keys as metrics.json).");
        var threads = CommonOptions.Threads();
        var relativeTo = new Option<string?>("--relative-to") { Description = "Also report mean |lhs - rhs| / |EXPR| of the first equation, e.g. \"x5/x2\" for the seed question's own loss." };
        var newtonSteps = CommonOptions.NewtonSteps();
        var command = new Command("eval", "Evaluate a trained model on a fresh held-out sample.") { modelPath, samples, seed, json, threads, relativeTo, newtonSteps };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(samples),
            parsed.GetValue(seed), parsed.GetValue(json), CommonOptions.CheckThreads(parsed.GetValue(threads)), parsed.GetValue(relativeTo),
            parsed.GetValue(newtonSteps))));
        return command;
    }

    private static int Run(string path, int samples, int? seed, bool json, int threads, string? relativeTo, int? newtonSteps)
    {
        if (samples < 1) throw new UserInputException($"--samples must be at least 1, not {samples}");
        var model = CommonOptions.WithNewtonSteps(Surrogate.LoadAny(path), newtonSteps);
        if (model is EqNet.Models.EqNetModel learned && EqNet.Fitting.LearnedTermFitter.IsLearnedTerm(learned))
        {
            Console.WriteLine($"{path}: {EqNet.Fitting.LearnedTermFitter.NoRowsNote(learned)}");
            return ExitCodes.Ok;
        }
        // Outputs learned from data: measured on the training run's held-out rows again, when its data file is at hand.
        var data = model is EqNet.Models.EqNetModel { Problem.DataOutputs.Count: > 0 } fitted ? DataRows(path, fitted) : null;
        if (model.Problem.IsDataOnly)
        {
            if (data is null)
                Console.WriteLine($"{path}: '{model.Problem.Name}' is a network fitted to measured data ({string.Join(", ", model.Problem.DataOutputs)} in no equation), and its data file " +
                    $"'{model.Problem.Data.File}' is not found from here, so there is nothing to measure it on: no equation to evaluate at fresh points. " +
                    $"Its held-out figures are the training run's: metrics.json, outputs.NAME.data (rows held out in data-split.csv). To compare it with other measurements: eqnet predict {path} --in FILE.csv --out predicted.csv");
            else if (json)
                Console.Out.WriteLine(MetricsJson.ToText(DataJson(model.Problem.Name, data.Value.Result, data.Value.Seed)));
            else
                PrintData(data.Value.Result, data.Value.Seed);
            return ExitCodes.Ok;
        }
        int heldOut = seed ?? Surrogate.FreshEvaluationSeed;
        var result = Surrogate.Evaluate(model, samples, heldOut, threads);
        var metrics = MetricsJson.Build(result, null, null);
        if (model is EqNet.Models.EqNetModel network) metrics["model"] = network.Kind;
        (double Mean, ErrorSummary Summary)? relative = null;
        if (relativeTo is not null)
        {
            try { relative = Surrogate.RelativeLoss(model, result, relativeTo); }
            catch (ArgumentException e) { throw new UserInputException($"--relative-to: {e.Message}"); }
            metrics["relative_to"] = new System.Text.Json.Nodes.JsonObject
            {
                ["expression"] = relativeTo,
                ["mean"] = relative.Value.Mean,
                ["summary"] = MetricsJson.Summary(relative.Value.Summary),
            };
        }
        if (data is { } rows) metrics["data"] = DataJson(model.Problem.Name, rows.Result, rows.Seed)["data"]!.DeepClone();
        if (json)
        {
            Console.Out.WriteLine(MetricsJson.ToText(metrics));
            return ExitCodes.Ok;
        }
        MetricsTable.Print(result, $"{samples:N0} held-out points, seed {heldOut}" + (model is EqNet.Models.EqNetModel m ? $"; {m.Kind}" : ""));
        if (relative is { } r)
            Console.WriteLine($"  mean |lhs - rhs| / |{relativeTo}| (equation 1) = {MetricsTable.Format(r.Mean)}; median {MetricsTable.Format(r.Summary.Median)}, p99 {MetricsTable.Format(r.Summary.P99)}");
        if (data is { } measured) PrintData(measured.Result, measured.Seed);
        foreach (var warning in Surrogate.Warnings(model, result))
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The model's data outputs on the held-out rows of its data file, split by its training seed (from the model file's
    /// <c>training.seed</c>, else 1); null when the file is not found (as written, or beside the problem file).
    /// </summary>
    private static (EqNet.Training.DataFitResult Result, int Seed)? DataRows(string path, EqNet.Models.EqNetModel model)
    {
        if (Surrogate.DataFile(model.Problem) is not { } found) return null;
        int seed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["training"]?["seed"]?.GetValue<int>() ?? 1;
        return (Surrogate.EvaluateOnData(model, found, seed), seed);
    }

    private static System.Text.Json.Nodes.JsonObject DataJson(string problem, EqNet.Training.DataFitResult result, int seed)
    {
        var outputs = new System.Text.Json.Nodes.JsonObject();
        foreach (var o in result.Outputs) outputs[o.Output] = EqNet.Training.TrainingRun.DataJson(o);
        return new System.Text.Json.Nodes.JsonObject
        {
            ["problem"] = problem,
            ["data"] = new System.Text.Json.Nodes.JsonObject
            {
                ["file"] = result.File,
                ["rows"] = result.Split.Rows,
                ["split_seed"] = seed,
                ["outputs"] = outputs,
            },
        };
    }

    private static void PrintData(EqNet.Training.DataFitResult result, int seed)
    {
        Console.WriteLine($"measured data {result.File}: {result.Split.Rows} rows, split by seed {seed} as in training: {result.Split.Test.Count} held out");
        foreach (var o in result.Outputs)
            Console.WriteLine($"  {o.Output} on the held-out rows: {EqNet.Training.TrainingRun.DataSummary(o)}");
    }
}
