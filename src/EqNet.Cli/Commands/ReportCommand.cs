using System.CommandLine;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Reporting;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet report MODEL</c>: rebuild report.html from a saved model and its run folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train' (DIR/model.eqnet); history.csv and metrics.json are read from beside it." };
        var samples = new Option<int>("--samples") { Description = "Held-out points for the plots.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("report", "Rebuild the HTML report (plots and tables) of a training run.") { modelPath, samples };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(samples))));
        return command;
    }

    private static int Run(string path, int samples)
    {
        var model = ModelFile.Load(path);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var history = HistoryFile.Read(Path.Combine(dir, "history.csv"));
        int seed = 1 + Evaluator.HeldOutSeedOffset;
        string metricsPath = Path.Combine(dir, "metrics.json");
        if (File.Exists(metricsPath) && JsonNode.Parse(File.ReadAllText(metricsPath))?["seed"] is { } s) seed = (int)s;
        var evaluation = Evaluator.Evaluate(model, samples, seed);
        var settings = new List<KeyValuePair<string, string>> { new("model file", path), new("held-out seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        string report = ReportWriter.Write(RunReport.Build(model, evaluation, history, settings), dir);
        Console.WriteLine($"wrote {report}");
        return ExitCodes.Ok;
    }
}
