using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Expressions;
using EqNet.IO;
using EqNet.Problems;

namespace EqNet.Models;

/// <summary>
/// A formula model in a <c>model.eqnet</c> file: the same envelope as a network's (<c>format</c>, <c>version</c>,
/// <c>problem</c>) with <c>"kind": "formula"</c> and one formula per output in the expression language, instead of
/// the network section.
/// </summary>
public static class FormulaModelFile
{
    /// <summary>The <c>kind</c> of a formula model file (a network's is "network", or absent in older files).</summary>
    public const string Kind = "formula";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(FormulaModel model, string path)
    {
        var root = new JsonObject
        {
            ["format"] = ModelFile.Format,
            ["version"] = EqNetInfo.FormatVersion,
            ["kind"] = Kind,
            ["created"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["problem"] = new JsonObject
            {
                ["name"] = model.Problem.Name,
                ["source_path"] = model.Problem.SourcePath,
                ["source"] = model.Problem.SourceText,
            },
            ["inputs"] = new JsonArray(model.InputNames.Select(n => (JsonNode)n).ToArray()),
            ["formulas"] = new JsonObject(model.OutputNames.Select((n, j) => KeyValuePair.Create(n, (JsonNode?)model.Formulas[j].ToString()))),
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Whether the file at <paramref name="path"/> is a formula model (false when unreadable or not JSON).</summary>
    public static bool IsFormula(string path)
    {
        try { return (string?)JsonNode.Parse(File.ReadAllText(path))?["kind"] == Kind; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException) { return false; }
    }

    /// <summary>Reads a model file of either kind: a formula model, else a network (<see cref="ModelFile.Load"/>).</summary>
    /// <exception cref="ModelFileException">The file is missing, damaged or not a model.</exception>
    public static IPredictor LoadAny(string path) => IsFormula(path) ? Load(path) : ModelFile.Load(path);

    /// <summary>Reads a formula model; a missing, damaged or non-formula file raises <see cref="ModelFileException"/>.</summary>
    public static FormulaModel Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot read the model file ({e.Message}). Write one with 'eqnet discover PROBLEM --save'.");
        }
        try
        {
            var root = JsonNode.Parse(text)?.AsObject() ?? throw new ModelFileException($"{path}: empty model file");
            if ((string?)root["format"] != ModelFile.Format || (string?)root["kind"] != Kind)
                throw new ModelFileException($"{path}: not an EqNet formula model (no \"kind\": \"{Kind}\")");
            var problemNode = root["problem"]!.AsObject();
            var problem = ProblemFile.Parse((string)problemNode["source"]!, (string?)problemNode["source_path"] ?? (string)problemNode["name"]!);
            var formulas = root["formulas"]!.AsObject();
            var exprs = problem.OutputNames.Select(name => Expr.Parse((string?)formulas[name]
                ?? throw new ModelFileException($"{path}: formulas.{name} is missing"))).ToArray();
            return new FormulaModel(problem, exprs);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException or ExpressionSyntaxException)
        {
            throw new ModelFileException($"{path}: damaged formula model file ({e.Message}).");
        }
    }
}
