using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.IO;
using EqNet.Problems;
using EqNet.Scaling;

namespace EqNet.Models;

/// <summary>
/// The <c>model.eqnet</c> file: one self-contained, versioned JSON document holding the problem's source text, the
/// input scaling, the architecture and the weights (float64, base64, bit-exact).
/// </summary>
public static class ModelFile
{
    /// <summary>The format tag at the top of every model file.</summary>
    public const string Format = "eqnet-model";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(EqNetModel model, string path, JsonObject? training = null)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = EqNetInfo.FormatVersion,
            ["created"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["problem"] = new JsonObject
            {
                ["name"] = model.Problem.Name,
                ["source_path"] = model.Problem.SourcePath,
                ["source"] = model.Problem.SourceText,
            },
            ["inputs"] = new JsonArray(model.InputNames.Select(n => (JsonNode)n).ToArray()),
            ["features"] = new JsonArray(model.Features.Features.Select(f => (JsonNode)new JsonObject
            {
                ["kind"] = f.Kind.ToString(),
                ["input"] = f.Input,
                ["bound"] = f.Bound,
                ["center"] = f.Center,
                ["width"] = f.Width,
                ["floor"] = f.Floor,
            }).ToArray()),
            ["network"] = new JsonObject
            {
                ["kind"] = "magnitude-shape",
                ["hidden"] = new JsonArray(model.Network.Hidden.Select(h => (JsonNode)h).ToArray()),
                ["power_units"] = model.Network.LogSumExpUnitCount,
                ["power_terms"] = model.Network.PowerTermCount,
                ["denominator_units"] = new JsonArray(model.Network.DenominatorUnitCounts.Select(d => (JsonNode)d).ToArray()),
                ["heads"] = new JsonArray(model.Network.Heads.Select(h => (JsonNode)new JsonObject
                {
                    ["name"] = h.Name,
                    ["kind"] = h.Kind.ToString(),
                    ["min"] = h.Min,
                    ["max"] = h.Max,
                    ["factor"] = h.Factor,
                }).ToArray()),
                ["upstream"] = new JsonArray(model.Network.Upstream.Select(list => (JsonNode)new JsonArray(list.Select(f => (JsonNode)new JsonObject
                {
                    ["output"] = f.Output,
                    ["scale"] = f.Scale,
                    ["center"] = f.Center,
                    ["width"] = f.Width,
                    ["even"] = f.Even,
                }).ToArray())).ToArray()),
                ["learned_scales"] = model.Network.LearnedScales,
                ["feature_subsets"] = new JsonArray(model.Network.FeatureSubsets.Select(f => f is null ? null : (JsonNode)new JsonArray(f.Select(i => (JsonNode)i).ToArray())).ToArray()),
                ["parameter_count"] = model.Parameters.Length,
                ["parameters"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Parameters.AsSpan())),
            },
        };
        if (training is not null) root["training"] = training;
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a model file; a file that is missing, not a model or of another version raises <see cref="ModelFileException"/>.</summary>
    public static EqNetModel Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot read the model file ({e.Message}). Train one with 'eqnet train PROBLEM --out DIR'.");
        }
        try
        {
            var root = JsonNode.Parse(text)?.AsObject() ?? throw new ModelFileException($"{path}: empty model file");
            if ((string?)root["format"] != Format)
                throw new ModelFileException($"{path}: not an EqNet model file (no \"format\": \"{Format}\")");
            int version = (int?)root["version"] ?? 0;
            if (version != EqNetInfo.FormatVersion)
                throw new ModelFileException($"{path}: model file version {version}; this eqnet reads version {EqNetInfo.FormatVersion}. Retrain the model.");
            var problemNode = root["problem"]!.AsObject();
            var problem = ProblemFile.Parse((string)problemNode["source"]!, (string?)problemNode["source_path"] ?? (string)problemNode["name"]!);
            var inputs = root["inputs"]!.AsArray().Select(n => (string)n!).ToArray();
            var features = root["features"]!.AsArray().Select(n => new Feature(
                Enum.Parse<FeatureKind>((string)n!["kind"]!),
                (int)n["input"]!,
                (string?)n["bound"],
                (double)n["center"]!,
                (double)n["width"]!,
                (double)n["floor"]!)).ToArray();
            var net = root["network"]!.AsObject();
            var heads = net["heads"]!.AsArray().Select(n => new OutputHead(
                (string)n!["name"]!,
                Enum.Parse<OutputHeadKind>((string)n["kind"]!),
                (double)n["min"]!,
                (double)n["max"]!,
                (int?)n["factor"] ?? -1)).ToArray();
            var hidden = net["hidden"]!.AsArray().Select(n => (int)n!).ToArray();
            var upstream = net["upstream"]!.AsArray().Select(list => (IReadOnlyList<UpstreamFeature>)list!.AsArray().Select(f => new UpstreamFeature(
                (int)f!["output"]!, (double)f["scale"]!, (double)f["center"]!, (double)f["width"]!, (bool?)f["even"] ?? false)).ToArray()).ToArray();
            var subsets = net["feature_subsets"]?.AsArray().Select(f => f is null ? null : (IReadOnlyList<int>)f.AsArray().Select(i => (int)i!).ToArray()).ToArray();
            var network = new MagnitudeShapeNetwork(features.Length, hidden, (int)net["power_units"]!, (int)net["power_terms"]!, heads, upstream,
                net["denominator_units"]?.AsArray().Select(d => (int)d!).ToArray(), subsets, (bool?)net["learned_scales"] ?? false);
            var bytes = Convert.FromBase64String((string)net["parameters"]!);
            var parameters = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
            return new EqNetModel(problem, new FeatureMap(inputs, features), network, parameters);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ModelFileException($"{path}: damaged model file ({e.Message}). Retrain the model.");
        }
    }
}
