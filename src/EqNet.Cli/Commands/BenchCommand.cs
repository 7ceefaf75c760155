using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet bench</c>: the speed and accuracy targets, measured and printed.</summary>
internal static class BenchCommand
{
    private static readonly string[] DefaultProblems = ["seed", "arrhenius", "van-der-waals", "product-quotient", "seed-plus-flow"];

    /// <summary>Target held-out p99 scale-relative error (issues 3 and 4).</summary>
    private const double TargetP99 = 1e-4;

    /// <summary>Target root-relative p99 of every output, against Newton's solution (issue 4).</summary>
    private const double TargetRootRelativeP99 = 1e-4;

    /// <summary>Least share of held-out points where Newton must converge from the predictions (issue 4).</summary>
    private const double TargetNewtonConverged = 0.999;

    public static Command Create()
    {
        var command = new Command("bench", "Measure EqNet against its targets (engine speed, accuracy on the examples).");
        command.Subcommands.Add(Accuracy());
        command.Subcommands.Add(Engine());
        command.Subcommands.Add(BenchPredictCommand.Create());
        return command;
    }

    private static Command Engine()
    {
        var json = CommonOptions.Json("Print one JSON object with the figures (the keys of ../shared/peers/libtorch-bench).");
        var command = new Command("engine", "Training and inference throughput (samples/s) of the tensor engine on MLP 5-64-64-64-1, f32 and f64, 1 and 2 threads.") { json };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            bool asJson = parsed.GetValue(json);
            var results = EqNet.Engine.Benchmarks.EngineBenchmark.Run(asJson ? null : Console.Out);
            if (asJson) Console.WriteLine(EqNet.Engine.Benchmarks.EngineBenchmark.ToJson(results));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Accuracy()
    {
        var budget = new Option<double>("--time-budget") { Description = "Training seconds per problem.", DefaultValueFactory = _ => 60 };
        var problems = new Option<string?>("--problems") { Description = $"Comma-separated example names (default: {string.Join(",", DefaultProblems)})." };
        var examples = new Option<string>("--examples") { Description = "Folder holding the example problem files.", DefaultValueFactory = _ => "examples" };
        var samples = new Option<int>("--samples") { Description = "Held-out points per problem.", DefaultValueFactory = _ => 100_000 };
        var json = CommonOptions.Json("Print one JSON object with the figures instead of a table.");
        var command = new Command("accuracy", "Train each example for the time budget and report held-out error against the target (p99 <= 1e-4).")
        {
            budget, problems, examples, samples, json,
        };
        command.SetAction(parsed => UserErrors.Guard(() => RunAccuracy(parsed.GetValue(budget), parsed.GetValue(problems), parsed.GetRequiredValue(examples),
            parsed.GetValue(samples), parsed.GetValue(json))));
        return command;
    }

    private static int RunAccuracy(double budget, string? names, string folder, int samples, bool json)
    {
        var selected = names?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? DefaultProblems;
        var figures = new JsonObject();
        foreach (var name in selected)
        {
            var problem = ProblemFile.Load(Path.Combine(folder, name + ".yaml"));
            var options = new TrainingOptions { TimeBudgetSeconds = budget, Seed = 1 };
            if (!json) Console.WriteLine($"training {name} for {budget:0} s ...");
            var result = Trainer.Train(problem, options);
            var evaluation = Evaluator.Evaluate(result.Model, samples, options.Seed + Evaluator.HeldOutSeedOffset);
            var entry = MetricsJson.Build(evaluation, result.Seconds, result.Steps);
            entry["target_p99"] = TargetP99;
            entry["meets_target"] = evaluation.Overall.P99 <= TargetP99;
            entry["target_root_relative_p99"] = TargetRootRelativeP99;
            entry["meets_root_relative_target"] = evaluation.Outputs.All(o => o.RootRelativeError is { } r && r.P99 <= TargetRootRelativeP99);
            entry["target_newton_converged"] = TargetNewtonConverged;
            entry["meets_newton_target"] = evaluation.Newton.ConvergedFraction >= TargetNewtonConverged;
            figures[name] = entry;
            if (!json)
            {
                string verdict = Verdict(evaluation.Overall.P99 <= TargetP99);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-18} median {evaluation.Overall.Median:0.00e+00}  p90 {evaluation.Overall.P90:0.00e+00}  p99 {evaluation.Overall.P99:0.00e+00}  max {evaluation.Overall.Max:0.00e+00}  ({result.Steps} steps, {result.Seconds:0} s): {verdict} p99 <= {TargetP99:0e+00}"));
                foreach (var o in evaluation.Outputs.Where(o => o.RootRelativeError is not null))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {"",-18} output {o.Name}: root-relative error median {o.RootRelativeError!.Median:0.00e+00}, p99 {o.RootRelativeError!.P99:0.00e+00}, R^2 {o.R2:0.##########}: {Verdict(o.RootRelativeError.P99 <= TargetRootRelativeP99)} p99 <= {TargetRootRelativeP99:0e+00}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {"",-18} Newton from the predictions: converged {evaluation.Newton.ConvergedFraction:P3}, far root {evaluation.Newton.FarRootFraction:P3}: {Verdict(evaluation.Newton.ConvergedFraction >= TargetNewtonConverged)} converged >= {TargetNewtonConverged:P1}"));
            }
        }
        if (json) Console.WriteLine(MetricsJson.ToText(figures));
        return ExitCodes.Ok;
    }

    private static string Verdict(bool met) => met ? "meets" : "MISSES";
}
