using System.CommandLine;
using System.Text.Json;
using EqNet.Inspection;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet inspect PROBLEM</c>: what EqNet sees before training, and warnings with fixes. Exits 0 with warnings.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML), or a model file (.eqnet): what it is and where it came from, then its problem." };
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
        var problem = path.EndsWith(".eqnet", StringComparison.OrdinalIgnoreCase) ? Model(path, json) : Surrogate.LoadProblem(path);
        var report = Surrogate.Inspect(problem, samples, seed);
        if (json) Console.Out.WriteLine(InspectionJson.ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else InspectionText.Write(report, Console.Out);
        return ExitCodes.Ok;
    }

    /// <summary>A model file's problem; unless <paramref name="json"/>, first what the model is and what it was grown from.</summary>
    private static EqNet.Problems.Problem Model(string path, bool json)
    {
        var model = Surrogate.LoadAny(path);
        if (json) return model.Problem;
        Console.WriteLine($"model {path}: {(model is EqNet.Models.EqNetModel n ? $"network, {n.Parameters.Length:N0} parameters" : "closed forms")}; " +
            $"{string.Join(", ", model.InputNames)} -> {string.Join(", ", model.OutputNames)}");
        if (model is EqNet.Models.EqNetModel { GrownFrom: { } origin })
            Console.WriteLine($"grown from {origin.Source} ('{origin.Problem}', {origin.Checksum}): kept {string.Join(", ", origin.Kept)}, {(origin.FineTuned ? "fine-tuned" : "frozen")}");
        Console.WriteLine();
        return model.Problem;
    }
}
