using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Expressions;
using EqNet.Features;
using EqNet.IO;
using EqNet.Problems;

namespace EqNet.Models;

/// <summary>
/// The <c>model.eqnet</c> file: one self-contained, versioned JSON document (<see cref="ModelFileDocument"/>) holding
/// the problem's source text, how each output is produced (<see cref="OutputStructure"/>), the input scaling, the
/// architecture and the weights (float64, base64, bit-exact) of a network, or a formula model's formulas, and a SHA-256
/// checksum of all of it. One reader for both kinds: <see cref="LoadAny"/>.
/// </summary>
/// <remarks>
/// Loading reads data only: the problem's equations and the features' bounds are parsed as EqNet expressions (the
/// file's declared expressions); nothing else in the file is evaluated, and no type is chosen by the file.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format tag at the top of every model file.</summary>
    public const string Format = "eqnet-model";

    /// <summary>The kind of a magnitude-shape network's file.</summary>
    public const string NetworkKind = "network";

    /// <summary>The kind of a formula model's file (<c>eqnet discover --save</c>).</summary>
    public const string FormulaKind = "formula";

    /// <summary>Oldest format version this build reads (version 1 has no checksum; its layout is otherwise the same).</summary>
    public const int OldestReadableVersion = 1;

    private const string ChecksumPrefix = "sha256:";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically; <paramref name="training"/> is kept as the file's <c>training</c> object.</summary>
    public static void Save(EqNetModel model, string path, JsonObject? training = null) =>
        AtomicFile.WriteAllBytes(path, Serialize(model, training, DateTime.UtcNow));

    /// <summary>Writes the formula model <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(FormulaModel model, string path) => AtomicFile.WriteAllBytes(path, Serialize(model, DateTime.UtcNow));

    /// <summary>The file's bytes for the formula model <paramref name="model"/> (UTF-8 JSON, checksum included).</summary>
    internal static byte[] Serialize(FormulaModel model, DateTime created) => Finish(new ModelFileDocument
    {
        Format = Format,
        Version = EqNetInfo.FormatVersion,
        Kind = FormulaKind,
        Created = created.ToString("o", CultureInfo.InvariantCulture),
        Problem = ProblemOf(model.Problem),
        Inputs = model.InputNames.ToArray(),
        Formulas = model.OutputNames.Select((n, j) => KeyValuePair.Create(n, model.Formulas[j].ToString())).ToDictionary(),
        Structure = Structure(model.Structure),
    });

    /// <summary>The file's record of <paramref name="problem"/>: its text, and the input ranges its data supplied.</summary>
    private static ModelFileProblem ProblemOf(Problem problem) => new()
    {
        Name = problem.Name,
        SourcePath = problem.SourcePath,
        Source = problem.SourceText,
        DataRanges = problem.DataRanges.Count == 0 ? null : problem.DataRanges.ToDictionary(r => r.Key, r => new[] { r.Value.Min, r.Value.Max }, StringComparer.Ordinal),
    };

    /// <summary>The problem a file records (see <see cref="ProblemOf"/>).</summary>
    private static Problem ParseProblem(ModelFileProblem problem) => ProblemFile.Parse(problem.Source, problem.SourcePath ?? problem.Name,
        problem.DataRanges?.Where(r => r.Value.Length == 2).ToDictionary(r => r.Key, r => (r.Value[0], r.Value[1]), StringComparer.Ordinal));

    private static byte[] Finish(ModelFileDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document with { Checksum = Checksum(document) }, ModelFileJsonContext.Default.ModelFileDocument);

    private static ModelFileStructure[] Structure(IReadOnlyList<OutputStructure> structure) => structure.Select(s => new ModelFileStructure
    {
        Output = s.Output,
        Kind = s.KindText,
        Rule = s.Rule,
        Equations = s.Equations.ToArray(),
        Expression = s.Expression,
        After = s.After is { Count: > 0 } after ? after.ToArray() : null,
        NetworkShare = s.NetworkShare,
    }).ToArray();

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
            Problem = ProblemOf(model.Problem),
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
            Computed = model.Computed?.Steps.Select(c => new ModelFileComputed { Name = c.Name, Equation = c.Equation + 1, Value = c.Value.ToString() }).ToArray(),
            Refinement = model.Refinement is { } refinement
                ? new ModelFileRefinement { Steps = refinement.Steps, Equations = [.. refinement.Equations], Rule = refinement.Rule }
                : null,
            Structure = Structure(model.Structure),
            // A copy: a node belongs to one parent, and the caller may still hold this one.
            Training = training?.DeepClone().AsObject(),
            GrownFrom = model.GrownFrom is { } origin
                ? new ModelFileOrigin { Problem = origin.Problem, Source = origin.Source, Checksum = origin.Checksum, Kept = [.. origin.Kept], FineTuned = origin.FineTuned }
                : null,
        };
        return Finish(document);
    }

    /// <summary>
    /// Reads a model file. A file that is missing, empty, truncated, altered (checksum), not a model, of a newer or
    /// unknown version or kind raises <see cref="ModelFileException"/> with a message saying which and what to do.
    /// </summary>
    /// <remarks>A formula model's file raises it too, saying so: the caller needs a network (<see cref="LoadAny"/> reads both).</remarks>
    public static EqNetModel Load(string path) => LoadAny(path) as EqNetModel
        ?? throw new ModelFileException($"{path}: holds a formula model (written by 'eqnet discover --save'), and this needs a trained network. " +
            "Train one with 'eqnet train PROBLEM --out DIR', or use a command that takes either kind (eval, predict, report, export).");

    /// <summary>
    /// Reads a model file of either kind, a network (<see cref="EqNetModel"/>) or a formula model
    /// (<see cref="FormulaModel"/>), with the same checks as <see cref="Load"/>.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, empty, truncated, altered, not a model, or of a newer version or unknown kind.</exception>
    public static IPredictor LoadAny(string path)
    {
        if (Directory.Exists(path))
            throw new ModelFileException($"{path}: is a folder; give the model file in it, e.g. {Path.Combine(path, "model.eqnet")}.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot read the model file ({e.Message}). Train one with 'eqnet train PROBLEM --out DIR'.");
        }
        return ParseAny(bytes, path);
    }

    /// <summary>Reads a network from the bytes of a model file; <paramref name="path"/> names it in messages.</summary>
    internal static EqNetModel Parse(byte[] bytes, string path) => ParseAny(bytes, path) as EqNetModel
        ?? throw new ModelFileException($"{path}: holds a formula model, not a network.");

    /// <summary>Reads a model of either kind from the bytes of a model file; <paramref name="path"/> names it in messages.</summary>
    internal static IPredictor ParseAny(byte[] bytes, string path)
    {
        var document = ReadDocument(bytes, path);
        try
        {
            return (document.Kind ?? NetworkKind) == FormulaKind ? BuildFormula(document, path) : Build(document, path);
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
        // Formula models had no checksum before version 3.
        else if (version >= 3 || version == 2 && document.Kind != FormulaKind)
        {
            throw Damaged(path, "it has no \"checksum\"");
        }
        return document;
    }

    private static EqNetModel Build(ModelFileDocument document, string path)
    {
        string kind = document.Kind ?? NetworkKind;
        if (kind != NetworkKind)
            throw new ModelFileException($"{path}: model kind '{kind}' is not one this eqnet knows (it knows '{NetworkKind}' and '{FormulaKind}'). Use a newer eqnet, or retrain the model.");
        var net = document.Network ?? throw Damaged(path, "a network model has no \"network\"");
        var documentFeatures = document.Features ?? throw Damaged(path, "a network model has no \"features\"");
        if (net.Kind != "magnitude-shape") throw Damaged(path, $"network kind '{net.Kind}' is unknown");

        var problem = ParseProblem(document.Problem);
        var inputs = document.Inputs;
        if (!inputs.SequenceEqual(problem.Inputs.Select(i => i.Name)))
            throw Damaged(path, $"its inputs ({string.Join(", ", inputs)}) are not its problem's ({string.Join(", ", problem.Inputs.Select(i => i.Name))})");
        var computed = Computed(document, problem, net);
        if (computed is null && !net.Heads.Select(h => h.Name).SequenceEqual(problem.Outputs.Select(o => o.Name)))
            throw Damaged(path, "its network's outputs are not its problem's outputs");

        var features = documentFeatures.Select((f, k) => new Feature(
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
        var map = new FeatureMap(inputs, features);
        return new EqNetModel(problem, map, network, parameters, computed, ReadStructure(document, computed?.Outputs ?? problem.OutputNames, heads.Select(h => h.Name).ToArray()))
        {
            Corrections = Corrections(net.Corrections, features.Length, heads.Length),
            GrownFrom = document.GrownFrom is { } origin ? new ModelOrigin(origin.Problem, origin.Source, origin.Checksum, origin.Kept, origin.FineTuned) : null,
            Refinement = Refinement(document.Refinement, problem, computed),
        };
    }

    /// <summary>The file's Newton steps, checked to solve the equations its computed outputs leave; null when it has none.</summary>
    private static NewtonRefinement? Refinement(ModelFileRefinement? refinement, Problem problem, ComputedOutputs? computed)
    {
        if (refinement is null) return null;
        if (refinement.Steps < 1) throw new FormatException($"refinement.steps {refinement.Steps} is not a positive count");
        var read = new NewtonRefinement(problem, computed, refinement.Steps, refinement.Rule);
        if (!read.Equations.SequenceEqual(refinement.Equations))
            throw new FormatException($"refinement.equations [{string.Join(", ", refinement.Equations)}] are not the equations its computed outputs leave ([{string.Join(", ", read.Equations)}])");
        return read;
    }

    private static FormulaModel BuildFormula(ModelFileDocument document, string path)
    {
        var problem = ParseProblem(document.Problem);
        if (!document.Inputs.SequenceEqual(problem.InputNames))
            throw Damaged(path, $"its inputs ({string.Join(", ", document.Inputs)}) are not its problem's ({string.Join(", ", problem.InputNames)})");
        var formulas = document.Formulas ?? throw Damaged(path, "a formula model has no \"formulas\"");
        var inputs = problem.InputNames.ToHashSet(StringComparer.Ordinal);
        return new FormulaModel(problem, problem.OutputNames.Select(name => Expr.Parse(formulas.GetValueOrDefault(name)
            ?? throw Damaged(path, $"formulas.{name} is missing"), inputs)).ToArray());
    }

    /// <summary>
    /// The file's structure of the network's outputs (<paramref name="heads"/>, in that order), checked to name
    /// <paramref name="outputs"/> in order; null (read from the heads) in files without one.
    /// </summary>
    private static OutputStructure[]? ReadStructure(ModelFileDocument document, IReadOnlyList<string> outputs, string[] heads)
    {
        if (document.Structure is not { } structure) return null;
        if (!structure.Select(s => s.Output).SequenceEqual(outputs))
            throw new FormatException("structure does not name the outputs, in order");
        var all = structure.Select((s, j) => new OutputStructure(s.Output,
            OutputStructure.ParseKind(s.Kind) ?? throw new FormatException($"structure[{j}].kind '{s.Kind}' is not one of {string.Join(", ", Enum.GetValues<OutputStructureKind>().Select(OutputStructure.KindName))}"),
            s.Rule, s.Equations, s.Expression, s.After, s.NetworkShare)).ToArray();
        return heads.Select(h => all.First(s => s.Output == h)).ToArray();
    }

    /// <summary>The file's computed outputs, checked against its problem (each equation index in range, each value an expression), or null.</summary>
    private static ComputedOutputs? Computed(ModelFileDocument document, Problem problem, ModelFileNetwork net)
    {
        if (document.Computed is not { } steps) return null;
        var declared = problem.InputNames.Concat(problem.OutputNames).ToHashSet(StringComparer.Ordinal);
        var read = steps.Select((c, k) => c.Equation >= 1 && c.Equation <= problem.Equations.Count
            ? (c.Name, Equation: c.Equation - 1, Value: Expr.Parse(c.Value, declared))
            : throw new FormatException($"computed[{k}].equation {c.Equation} is not an equation of its problem (1 to {problem.Equations.Count})")).ToArray();
        string[] learned = [.. net.Heads.Select(h => h.Name)];
        var parsed = read.Select((c, k) => new ComputedOutput(c.Name, c.Equation, c.Value, ComputedOutputs.Sentence(learned, read, k))).ToArray();
        // The constructor checks that learned and computed outputs cover the problem's once each, and what each value reads.
        return new ComputedOutputs(problem.InputNames, problem.OutputNames, learned, parsed);
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
