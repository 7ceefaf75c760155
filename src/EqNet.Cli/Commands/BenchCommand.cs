using System.CommandLine;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet bench</c>: the speed and accuracy targets, measured and printed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure EqNet against its targets (accuracy on the examples, the Levenberg-Marquardt step's speed).");
        command.Subcommands.Add(Accuracy());
        command.Subcommands.Add(BenchLmCommand.Create());
        command.Subcommands.Add(BenchPredictCommand.Create());
        command.Subcommands.Add(BenchSolveCommand.Create());
        command.Subcommands.Add(BenchExportCommand.Create());
        command.Subcommands.Add(DiscoverBench.Create());
        command.Subcommands.Add(NistBench.Create());
        command.Subcommands.Add(CoverageBench.Create());
        command.Subcommands.Add(GrowBench.Create());
        command.Subcommands.Add(SpecialFunctionBench.Create());
        return command;
    }

    private static Command Accuracy()
    {
        var examples = CommonOptions.Examples("examples");
        var problems = CommonOptions.Problems();
        var budget = new Option<double?>("--time-budget") { Description = "Training seconds per problem (default: each file's training.time_budget, else 60); overrides the files'." };
        var steps = new Option<int?>("--steps") { Description = "Also stop each problem after this many optimiser steps: a budget the load of a shared machine does not change." };
        var samples = new Option<int>("--samples") { Description = "Held-out points per problem.", DefaultValueFactory = _ => 100_000 };
        var json = new Option<string?>("--json") { Description = "Also write the figures as one JSON object to this file ('-': print only the JSON)." };
        var baseline = new Option<string?>("--baseline") { Description = "A JSON file of an earlier run (--json): marks every problem whose p99 got worse beyond noise." };
        var onnx = new Option<bool>("--onnx") { Description = "Also export each trained model to ONNX (float64, and float32 layers) and report ONNX Runtime's largest relative difference from EqNet's prediction on 10,000 points of its domain." };
        var structure = CommonOptions.Structure();
        var command = new Command("accuracy", "Train each problem of a folder with its own settings and report held-out error: one row per problem, then a summary.")
        {
            examples, problems, budget, steps, samples, json, baseline, onnx, structure,
        };
        command.SetAction(parsed => UserErrors.Guard(() => AccuracyBench.Run(parsed.GetRequiredValue(examples), parsed.GetValue(problems),
            parsed.GetValue(budget), parsed.GetValue(steps), parsed.GetValue(samples), parsed.GetValue(json), parsed.GetValue(baseline), parsed.GetValue(onnx),
            CommonOptions.ParseStructure(parsed.GetValue(structure)))));
        return command;
    }
}
