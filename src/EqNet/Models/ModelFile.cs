using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Expressions;
using EqNet.IO;
using EqNet.Problems;
using EqNet.Scaling;

namespace EqNet.Models;

/// <summary>
/// The <c>model.eqnet</c> file: one self-contained, versioned JSON document (<see cref="ModelFileDocument"/>) holding
/// the problem's source text, the input scaling, the architecture, the weights (float64, base64, bit-exact) and a
/// SHA-256 checksum of all of it.
/// </summary>
/// <remarks>
/// Loading reads data only: the problem's equations and the features' bounds are parsed as EqNet expressions (the
/// file's declared expressions); nothing else in the file is evaluated, and no type is chosen by the file.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format tag at the top of every model file.</summary>
    public const string Format = "eqnet-model";

    /// <summary>The only model kind today: a magnitude-shape network.</summary>
    public const string NetworkKind = "network";

    /// <summary>Oldest format version this build reads (version 1 has no checksum; its layout is otherwise the same).</summary>
    public const int OldestReadableVersion = 1;

    private const string ChecksumPrefix = "sha256:";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically; <paramref name="training"/> is kept as the file's <c>training</c> object.</summary>
    public static void Save(EqNetModel model, string path, JsonObject? training = null) =>
        AtomicFile.WriteAllBytes(path, Serialize(model, training, DateTime.UtcNow));

    /// <summary>The file's bytes for <paramref name="model"/> (UTF-8 JSON, checksum included).</summary>
    internal static byte[] Serialize(EqNetModel model, JsonObject? training, DateTime created)
    {
        var network = model.Network;
        var document = new ModelFileDocument
        {
            Format = Format,
            Version = EqNetInfo.FormatVersion,
            Kind = NetworkKind,
            Created = created.ToString("o", CultureInfo.InvariantCulture),
            Problem = new ModelFileProblem { Name = model.Problem.Name, SourcePath = model.Problem.SourcePath, Source = model.Problem.SourceText },
            Inputs = model.InputNames.ToArray(),
            Features = model.Features.Features.Select(f => new ModelFileFeature
            {
                Kind = f.Kind.ToString(),
                Input = f.Input,
                Bound = f.Bound,
                Center = f.Center,
                Width = f.Width,
                Floor = f.Floor,
            }).ToArray(),
            Network = new ModelFileNetwork
            {
                Kind = "magnitude-shape",
                Hidden = network.Hidden.ToArray(),
                PowerUnits = network.LogSumExpUnitCount,
                PowerTerms = network.PowerTermCount,
                DenominatorUnits = network.DenominatorUnitCounts.ToArray(),
                Heads = network.Heads.Select(h => new ModelFileHead { Name = h.Name, Kind = h.Kind.ToString(), Min = h.Min, Max = h.Max, Factor = h.Factor }).ToArray(),
                Upstream = network.Upstream.Select(list => list.Select(u => new ModelFileUpstream
                {
                    Output = u.Output,
                    Scale = u.Scale,
                    Center = u.Center,
                    Width = u.Width,
                    Even = u.Even,
                }).ToArray()).ToArray(),
                LearnedScales = network.LearnedScales,
                FeatureSubsets = network.FeatureSubsets.Select(f => f?.ToArray()).ToArray(),
                ParameterCount = model.Parameters.Length,
                Parameters = Convert.ToBase64String(MemoryMarshal.AsBytes(model.Parameters.AsSpan())),
                Corrections = model.Corrections is { Count: > 0 } corrections ? new ModelFileCorrections
                {
                    Floors = corrections.Floors.ToArray(),
                    Stages = corrections.Stages.Select(stage => new ModelFileStage
                    {
                        Hidden = stage.Network.Hidden.ToArray(),
                        Scales = stage.Scales.ToArray(),
                        ParameterCount = stage.Parameters.Length,
                        Parameters = Convert.ToBase64String(MemoryMarshal.AsBytes(stage.Parameters.AsSpan())),
                    }).ToArray(),
                } : null,
            },
            // A copy: a node belongs to one parent, and the caller may still hold this one.
            Training = training?.DeepClone().AsObject(),
        };
        document = document with { Checksum = Checksum(document) };
        return JsonSerializer.SerializeToUtf8Bytes(document, ModelFileJsonContext.Default.ModelFileDocument);
    }

    /// <summary>
    /// Reads a model file. A file that is missing, empty, truncated, altered (checksum), not a model, of a newer or
    /// unknown version or kind raises <see cref="ModelFileException"/> with a message saying which and what to do.
    /// </summary>
    public static EqNetModel Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot read the model file ({e.Message}). Train one with 'eqnet train PROBLEM --out DIR'.");
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads a model from the bytes of a model file; <paramref name="path"/> names it in messages.</summary>
    internal static EqNetModel Parse(byte[] bytes, string path)
    {
        var document = ReadDocument(bytes, path);
        try
        {
            return Build(document, path);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or ProblemException or ExpressionSyntaxException
            or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            throw Damaged(path, e.Message);
        }
    }

    private static ModelFileDocument ReadDocument(byte[] bytes, string path)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            throw new ModelFileException($"{path}: the model file is empty ({bytes.Length} bytes); it was not written completely. Retrain the model with 'eqnet train'.");
        var start = bytes.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
        if (start[0] != (byte)'{')
            throw NotAModel(path, "it is not a JSON object");
        int version;
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String || !format.ValueEquals(Format))
                throw NotAModel(path, $"no \"format\": \"{Format}\"");
            version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : 0;
        }
        catch (JsonException e)
        {
            // An error on the last line is where a file cut off while being written fails.
            bool truncated = e.LineNumber >= bytes.AsSpan().TrimEnd(" \t\r\n"u8).Count((byte)'\n');
            throw Damaged(path, truncated
                ? $"it ends early, at line {e.LineNumber + 1} (truncated: written incompletely or cut off)"
                : $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of the line");
        }
        if (version > EqNetInfo.FormatVersion)
            throw new ModelFileException($"{path}: model file version {version} is newer than this eqnet reads (versions {OldestReadableVersion} to {EqNetInfo.FormatVersion}). Use a newer eqnet, or retrain the model with this one.");
        if (version < OldestReadableVersion)
            throw new ModelFileException($"{path}: model file version {version}; this eqnet reads versions {OldestReadableVersion} to {EqNetInfo.FormatVersion}. Retrain the model.");

        ModelFileDocument document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, ModelFileJsonContext.Default.ModelFileDocument)
                ?? throw Damaged(path, "the document is null");
        }
        catch (InvalidOperationException e)
        {
            throw Damaged(path, e.Message);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"{e.Message.Split(". Path")[0].TrimEnd('.')} (line {e.LineNumber + 1}, field {e.Path})");
        }
        if (document.Checksum is { } checksum)
        {
            if (checksum != Checksum(document with { Checksum = null }))
                throw Damaged(path, "its checksum does not match its content (the file was altered or corrupted after it was written)");
        }
        else if (version >= 2)
        {
            throw Damaged(path, "it has no \"checksum\"");
        }
        return document;
    }

    private static EqNetModel Build(ModelFileDocument document, string path)
    {
        string kind = document.Kind ?? NetworkKind;
        if (kind != NetworkKind)
            throw new ModelFileException($"{path}: model kind '{kind}' is not one this eqnet knows (it knows '{NetworkKind}'). Use a newer eqnet, or retrain the model.");
        var net = document.Network ?? throw Damaged(path, "a network model has no \"network\"");
        if (net.Kind != "magnitude-shape") throw Damaged(path, $"network kind '{net.Kind}' is unknown");

        var problem = ProblemFile.Parse(document.Problem.Source, document.Problem.SourcePath ?? document.Problem.Name);
        var inputs = document.Inputs;
        if (!inputs.SequenceEqual(problem.Inputs.Select(i => i.Name)))
            throw Damaged(path, $"its inputs ({string.Join(", ", inputs)}) are not its problem's ({string.Join(", ", problem.Inputs.Select(i => i.Name))})");
        if (!net.Heads.Select(h => h.Name).SequenceEqual(problem.Outputs.Select(o => o.Name)))
            throw Damaged(path, "its network's outputs are not its problem's outputs");

        var features = document.Features.Select((f, k) => new Feature(
            ParseEnum<FeatureKind>(f.Kind, $"features[{k}].kind"),
            f.Input is >= 0 && f.Input < inputs.Length ? f.Input : throw new FormatException($"features[{k}].input {f.Input} is not an input index"),
            f.Bound, f.Center, f.Width, f.Floor)).ToArray();
        var heads = net.Heads.Select((h, k) => new OutputHead(h.Name, ParseEnum<OutputHeadKind>(h.Kind, $"network.heads[{k}].kind"), h.Min, h.Max, h.Factor)).ToArray();

        var parameters = Doubles(net.Parameters, net.ParameterCount, "network.parameters");
        // Sizes beyond the parameter count cannot be right, and bounding them keeps a hand-made file from allocating a huge network.
        if (net.Hidden.Length == 0 || net.Hidden.Any(h => h < 1 || h > net.ParameterCount) || net.PowerUnits < 0 || net.PowerUnits > net.ParameterCount
            || net.PowerTerms < 0 || net.PowerTerms > net.ParameterCount || (net.DenominatorUnits?.Any(d => d < 0 || d > net.ParameterCount) ?? false))
            throw new FormatException("network sizes do not fit its parameter count");
        if (net.Upstream.Any(list => list.Any(u => u.Output < 0 || u.Output >= heads.Length)))
            throw new FormatException("network.upstream names an output that does not exist");

        var network = new MagnitudeShapeNetwork(features.Length, net.Hidden, net.PowerUnits, net.PowerTerms, heads,
            net.Upstream.Select(list => (IReadOnlyList<UpstreamFeature>)list.Select(u => new UpstreamFeature(u.Output, u.Scale, u.Center, u.Width, u.Even)).ToArray()).ToArray(),
            net.DenominatorUnits, net.FeatureSubsets?.Select(f => (IReadOnlyList<int>?)f).ToArray(), net.LearnedScales);
        if (network.ParameterCount != parameters.Length)
            throw new FormatException($"the network needs {network.ParameterCount} parameters; the file holds {parameters.Length}");
        return new EqNetModel(problem, new FeatureMap(inputs, features), network, parameters) { Corrections = Corrections(net.Corrections, features.Length, heads.Length) };
    }

    /// <summary>The correction stages a file holds, checked against the model's features and outputs; null when it holds none.</summary>
    private static CorrectionStages? Corrections(ModelFileCorrections? corrections, int featureCount, int outputCount)
    {
        if (corrections is null) return null;
        if (corrections.Floors.Length != outputCount) throw new FormatException($"network.corrections.floors has {corrections.Floors.Length} values for {outputCount} outputs");
        var stages = corrections.Stages.Select((stage, k) =>
        {
            string field = $"network.corrections.stages[{k}]";
            if (stage.Scales.Length != outputCount) throw new FormatException($"{field}.scales has {stage.Scales.Length} values for {outputCount} outputs");
            // Bounded by the parameter count, as the network's sizes are: a hand-made file cannot allocate a huge network.
            if (stage.Hidden.Length == 0 || stage.Hidden.Any(h => h < 1 || h > stage.ParameterCount)) throw new FormatException($"{field}.hidden does not fit its parameter count");
            return new CorrectionStage(featureCount, stage.Hidden, stage.Scales, Doubles(stage.Parameters, stage.ParameterCount, $"{field}.parameters"));
        }).ToArray();
        return new CorrectionStages(featureCount, corrections.Floors, stages);
    }

    /// <summary>Float64 values from base64, checked for their count and finiteness.</summary>
    private static double[] Doubles(string base64, int count, string field)
    {
        byte[] raw = Convert.FromBase64String(base64);
        if (raw.Length % sizeof(double) != 0 || raw.Length / sizeof(double) != count)
            throw new FormatException($"{field} holds {raw.Length} bytes, not the {count} float64 values its parameter_count says");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("model files hold little-endian float64");
        var values = MemoryMarshal.Cast<byte, double>(raw).ToArray();
        if (values.Any(p => !double.IsFinite(p))) throw new FormatException($"{field} holds a value that is not finite");
        return values;
    }

    private static T ParseEnum<T>(string name, string field) where T : struct, Enum =>
        Enum.GetNames<T>().Contains(name) ? Enum.Parse<T>(name) : throw new FormatException($"{field} '{name}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    /// <summary>SHA-256 of the document written without its checksum: the same bytes on save and on load, whatever the file's layout.</summary>
    private static string Checksum(ModelFileDocument document)
    {
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(document with { Checksum = null }, ModelFileJsonContext.Default.ModelFileDocument);
        return ChecksumPrefix + Convert.ToHexStringLower(SHA256.HashData(payload));
    }

    private static ModelFileException NotAModel(string path, string why) =>
        new($"{path}: not an EqNet model file ({why}). Give the model.eqnet that 'eqnet train' wrote (not the problem file).");

    private static ModelFileException Damaged(string path, string why) =>
        new($"{path}: damaged model file: {why}. Retrain the model with 'eqnet train', or restore the file from a copy.");
}
