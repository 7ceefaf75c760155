using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Inspection;
using EqNet.Models;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet inspect PROBLEM</c>: what EqNet sees before training, and warnings with fixes (exits 0 with warnings).
/// <c>eqnet inspect MODEL</c>: what a trained model is, each output's structure included.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML), or a model file (model.eqnet): what it is, how each output is produced and where it came from, then its problem." };
        var json = CommonOptions.Json("Print only the report as one JSON object.");
        var samples = new Option<int>("--samples") { Description = "Points of the domain to look at.", DefaultValueFactory = _ => 20000 };
        var seed = CommonOptions.Seed("Seed of those points.");
        var command = new Command("inspect", "Inspect a problem without training: ranges, transforms, term magnitudes, warnings; or describe a trained model (model.eqnet).") { problemPath, json, samples, seed };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(problemPath), parsed.GetValue(json), parsed.GetValue(samples), parsed.GetValue(seed) ?? 1)));
        return command;
    }

    private static int Run(string path, bool json, int samples, int seed)
    {
        if (samples < 10) throw new UserInputException($"--samples must be at least 10, not {samples}");
        var loaded = IsModelFile(path) ? Surrogate.LoadAny(path) : null;
        JsonObject? model = loaded is null ? null : DescribeModel(path, loaded, json);
        if (loaded is EqNetModel learned && EqNet.Fitting.LearnedTermFitter.IsLearnedTerm(learned))
        {
            // Its problem is the term over the data's range: no equation, and no column of its own to inspect.
            if (json) Console.Out.WriteLine(new JsonObject { ["model"] = model }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else Console.WriteLine($"  {EqNet.Fitting.LearnedTermFitter.NoRowsNote(learned)}");
            return ExitCodes.Ok;
        }
        var problem = loaded?.Problem ?? Surrogate.LoadProblem(path);
        foreach (var note in problem.Notes)
            Console.Error.WriteLine($"eqnet: note: {problem.SourcePath}: {note}");
        var report = Surrogate.Inspect(problem, samples, seed);
        if (json)
        {
            var root = InspectionJson.ToJson(report);
            if (model is not null) root["model"] = model;
            Console.Out.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else InspectionText.Write(report, Console.Out);
        return ExitCodes.Ok;
    }

    /// <summary>A model file by its name, or by its content (a JSON object naming the model format), however it is named.</summary>
    private static bool IsModelFile(string path)
    {
        if (path.EndsWith(".eqnet", StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[256];
            int read = stream.Read(head, 0, head.Length);
            string text = System.Text.Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            return text.StartsWith('{') && text.Contains($"\"{ModelFile.Format}\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// What the model at <paramref name="path"/> is: its problem, each output's structure, its features and size, how it
    /// was trained and what it was grown from; printed unless <paramref name="json"/>, and returned as the JSON's <c>model</c>.
    /// </summary>
    private static JsonObject DescribeModel(string path, IPredictor model, bool json)
    {
        // The file was read and checked above; its free-form training facts are shown as written.
        var training = JsonNode.Parse(File.ReadAllText(path))?["training"] as JsonObject;
        var network = model as EqNetModel;
        var root = new JsonObject
        {
            ["model"] = path,
            ["kind"] = network is null ? ModelFile.FormulaKind : ModelFile.NetworkKind,
            ["problem"] = model.Problem.Name,
            ["problem_file"] = model.Problem.SourcePath,
            ["inputs"] = new JsonArray(model.InputNames.Select(n => (JsonNode)n).ToArray()),
            ["outputs"] = new JsonObject(model.Structure.Select(s => KeyValuePair.Create(s.Output, (JsonNode?)MetricsJson.Structure(s)))),
            ["features"] = network is null ? null : new JsonArray(network.Features.Features.Select(f => (JsonNode)f.Describe(network.InputNames)).ToArray()),
            ["hidden"] = network is null ? null : new JsonArray(network.Network.Hidden.Select(h => (JsonNode)h).ToArray()),
            ["parameters"] = network?.Parameters.Length,
            ["newton_steps"] = network?.Refinement is { } steps
                ? new JsonObject { ["steps"] = steps.Steps, ["equations"] = new JsonArray([.. steps.Equations.Select(k => (JsonNode)k)]), ["rule"] = steps.Rule }
                : null,
            ["training"] = training?.DeepClone(),
        };
        if (json) return root;
        Console.WriteLine($"{path}: {(network is null ? "a formula model" : "a network model")} of '{model.Problem.Name}' ({model.Problem.SourcePath}); inputs {string.Join(", ", model.InputNames)}");
        Console.WriteLine("outputs:");
        foreach (var s in model.Structure) Console.WriteLine($"  {s.Output}: {s.Describe()}");
        if (network is not null)
        {
            Console.WriteLine($"features: {string.Join(", ", network.Features.Features.Select(f => f.Describe(network.InputNames)))}");
            Console.WriteLine($"network: magnitude-shape, hidden [{string.Join(", ", network.Network.Hidden)}], {network.Parameters.Length:N0} parameters");
            if (network.Refinement is { } refinement) Console.WriteLine($"after the network: {refinement.Text}; {refinement.Rule}");
        }
        if (training is not null)
            Console.WriteLine($"training: {string.Join(", ", training.Select(p => $"{p.Key.Replace('_', ' ')} {p.Value?.ToJsonString().Trim('"')}"))}");
        if (network is { GrownFrom: { } origin })
            Console.WriteLine($"grown from {origin.Source} ('{origin.Problem}', {origin.Checksum}): kept {string.Join(", ", origin.Kept)}, {(origin.FineTuned ? "fine-tuned" : "frozen")}");
        Console.WriteLine();
        return root;
    }
}
