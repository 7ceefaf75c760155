using System.CommandLine;
using System.Text.Json;
using EqNet.Inspection;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet inspect PROBLEM</c>: what EqNet sees before training, and warnings with fixes. Exits 0 with warnings.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML)." };
        var json = CommonOptions.Json("Print only the report as one JSON object.");
        var samples = new Option<int>("--samples") { Description = "Points of the domain to look at.", DefaultValueFactory = _ => 20000 };
        var seed = CommonOptions.Seed("Seed of those points.");
        var command = new Command("inspect", "Inspect a problem without training: ranges, transforms, term magnitudes, warnings.") { problemPath, json, samples, seed };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(problemPath), parsed.GetValue(json), parsed.GetValue(samples), parsed.GetValue(seed) ?? 1)));
        return command;
    }

    private static int Run(string path, bool json, int samples, int seed)
    {
        if (samples < 10) throw new UserInputException($"--samples must be at least 10, not {samples}");
        var report = Surrogate.Inspect(Surrogate.LoadProblem(path), samples, seed);
        if (json) Console.Out.WriteLine(InspectionJson.ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else InspectionText.Write(report, Console.Out);
        return ExitCodes.Ok;
    }
}
