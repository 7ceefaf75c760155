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
        var command = new Command("eval", "Evaluate a trained model on a fresh held-out sample.") { modelPath, samples, seed, json, threads, relativeTo };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(samples),
            parsed.GetValue(seed), parsed.GetValue(json), CommonOptions.CheckThreads(parsed.GetValue(threads)), parsed.GetValue(relativeTo))));
        return command;
    }

    private static int Run(string path, int samples, int? seed, bool json, int threads, string? relativeTo)
    {
        if (samples < 1) throw new UserInputException($"--samples must be at least 1, not {samples}");
        var model = Surrogate.LoadAny(path);
        if (model.Problem.IsDataOnly)
        {
            // No equations to measure it on at fresh points: its figures are the held-out data rows' of the training run.
            Console.WriteLine($"{path}: '{model.Problem.Name}' is a network fitted to measured data ({string.Join(", ", model.Problem.DataOutputs)} in no equation), so there are no equations to evaluate it on at fresh points. " +
                $"Its held-out figures are the training run's: metrics.json, outputs.NAME.data (rows held out in data-split.csv). To compare it with other measurements: eqnet predict {path} --in FILE.csv --out predicted.csv");
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
        if (json)
        {
            Console.Out.WriteLine(MetricsJson.ToText(metrics));
            return ExitCodes.Ok;
        }
        MetricsTable.Print(result, $"{samples:N0} held-out points, seed {heldOut}" + (model is EqNet.Models.EqNetModel m ? $"; {m.Kind}" : ""));
        if (relative is { } r)
            Console.WriteLine($"  mean |lhs - rhs| / |{relativeTo}| (equation 1) = {MetricsTable.Format(r.Mean)}; median {MetricsTable.Format(r.Summary.Median)}, p99 {MetricsTable.Format(r.Summary.P99)}");
        foreach (var warning in Surrogate.Warnings(model, result))
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        return ExitCodes.Ok;
    }
}
