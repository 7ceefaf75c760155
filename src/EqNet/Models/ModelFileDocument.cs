using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EqNet.Models;

/// <summary>
/// The content of a <c>model.eqnet</c> file, field for field (snake_case in the file, in this order). Plain data:
/// loading turns it into an <see cref="EqNetModel"/> only after the checksum and every count and index are checked.
/// </summary>
internal sealed record ModelFileDocument
{
    /// <summary>Always <see cref="ModelFile.Format"/>.</summary>
    public required string Format { get; init; }

    /// <summary>Format version (<see cref="EqNetInfo.FormatVersion"/> when written by this build).</summary>
    public required int Version { get; init; }

    /// <summary>What predicts the outputs: <c>network</c> or <c>formula</c> (version 1 files have no such key: a network).</summary>
    public string? Kind { get; init; }

    /// <summary>UTC time of writing, ISO 8601.</summary>
    public string? Created { get; init; }

    /// <summary>The problem's name and source text.</summary>
    public required ModelFileProblem Problem { get; init; }

    /// <summary>Raw input names, in order.</summary>
    public required string[] Inputs { get; init; }

    /// <summary>Input scaling, one entry per network feature (a network only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileFeature[]? Features { get; init; }

    /// <summary>The network (kind <c>network</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileNetwork? Network { get; init; }

    /// <summary>Per output name, its formula in the expression language (kind <c>formula</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Formulas { get; init; }

    /// <summary>How each output is produced, in output order (from version 3; older files: read from the heads).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileStructure[]? Structure { get; init; }

    /// <summary>
    /// Outputs computed from an equation after the network's, in evaluation order (tearing); absent when the network
    /// predicts every output (and in files before version 3).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileComputed[]? Computed { get; init; }

    /// <summary>Newton steps on the equations after the network (see <see cref="NewtonRefinement"/>); absent: none (and in files before version 4).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileRefinement? Refinement { get; init; }

    /// <summary>Per output, how it is produced, in words: written by early version 3 files only, and ignored (see <see cref="Structure"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileOutput[]? Outputs { get; init; }

    /// <summary>Free-form facts about the training run (seconds, steps, stop reason, seed); absent when not saved.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Training { get; init; }

    /// <summary>The model this one was grown from (<c>eqnet train --from</c>); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileOrigin? GrownFrom { get; init; }

    /// <summary>"sha256:" and the hex SHA-256 of the canonical payload (this document written without a checksum); absent in version 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Checksum { get; init; }
}

/// <summary>See <see cref="ModelOrigin"/>.</summary>
internal sealed record ModelFileOrigin
{
    /// <summary>The old model's problem name.</summary>
    public required string Problem { get; init; }

    /// <summary>The old model's file, as given.</summary>
    public required string Source { get; init; }

    /// <summary>"sha256:" and the hex SHA-256 of that file.</summary>
    public required string Checksum { get; init; }

    /// <summary>The outputs whose trained parts were kept.</summary>
    public required string[] Kept { get; init; }

    /// <summary>Whether the kept parts trained further.</summary>
    public bool FineTuned { get; init; }
}

/// <summary>The problem a model was trained on, as its source text (re-parsed on load).</summary>
internal sealed record ModelFileProblem
{
    /// <summary>Problem name.</summary>
    public required string Name { get; init; }

    /// <summary>Where the problem file was read from, as given.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The problem file's text.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Input ranges the problem left out and its data file supplied when the model was trained (name -> [min, max]),
    /// so the model reads back without the data; null when none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, double[]>? DataRanges { get; init; }
}

/// <summary>One input feature (see <see cref="Features.Feature"/>).</summary>
internal sealed record ModelFileFeature
{
    /// <summary>A <see cref="Features.FeatureKind"/> name.</summary>
    public required string Kind { get; init; }

    /// <summary>Index into the inputs.</summary>
    public required int Input { get; init; }

    /// <summary>Dependent bound expression, or null.</summary>
    public string? Bound { get; init; }

    /// <summary>Standardisation centre.</summary>
    public required double Center { get; init; }

    /// <summary>Standardisation width.</summary>
    public required double Width { get; init; }

    /// <summary>Floor of a log-distance feature.</summary>
    public required double Floor { get; init; }
}

/// <summary>The magnitude-shape network's architecture and parameters (float64, little-endian, base64).</summary>
internal sealed record ModelFileNetwork
{
    /// <summary>Always <c>magnitude-shape</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Hidden widths of every sub-network.</summary>
    public required int[] Hidden { get; init; }

    /// <summary>Log-sum-exp units per magnitude.</summary>
    public required int PowerUnits { get; init; }

    /// <summary>Power terms per magnitude.</summary>
    public required int PowerTerms { get; init; }

    /// <summary>Per output, denominator log-sum-exp units.</summary>
    public int[]? DenominatorUnits { get; init; }

    /// <summary>One head per output.</summary>
    public required ModelFileHead[] Heads { get; init; }

    /// <summary>Per output, the earlier outputs it sees.</summary>
    public required ModelFileUpstream[][] Upstream { get; init; }

    /// <summary>Whether upstream scales are parameters (absent in early files: false).</summary>
    public bool LearnedScales { get; init; }

    /// <summary>Per output, the shared features it sees (null: all).</summary>
    public int[]?[]? FeatureSubsets { get; init; }

    /// <summary>Number of parameters.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The parameters, float64 little-endian, base64.</summary>
    public required string Parameters { get; init; }

    /// <summary>Correction stages on the network's outputs (see <see cref="CorrectionStages"/>); absent: none (and in files before version 3).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelFileCorrections? Corrections { get; init; }
}

/// <summary>The correction stages (see <see cref="CorrectionStages"/>).</summary>
internal sealed record ModelFileCorrections
{
    /// <summary>Per output, the floor of the weight sqrt(y^2 + floor^2).</summary>
    public required double[] Floors { get; init; }

    /// <summary>The stages, in the order they were fitted.</summary>
    public required ModelFileStage[] Stages { get; init; }
}

/// <summary>One correction stage: per output a tanh network over the model's features and the error size it was fitted to.</summary>
internal sealed record ModelFileStage
{
    /// <summary>Hidden widths of every output's network.</summary>
    public required int[] Hidden { get; init; }

    /// <summary>Per output, the error size the network's output is multiplied by.</summary>
    public required double[] Scales { get; init; }

    /// <summary>Number of parameters (all outputs' networks).</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The parameters, output after output, float64 little-endian, base64.</summary>
    public required string Parameters { get; init; }
}

/// <summary>One output head (see <see cref="OutputHead"/>).</summary>
internal sealed record ModelFileHead
{
    /// <summary>Output name.</summary>
    public required string Name { get; init; }

    /// <summary>An <see cref="OutputHeadKind"/> name.</summary>
    public required string Kind { get; init; }

    /// <summary>Lower bound (bounded heads).</summary>
    public required double Min { get; init; }

    /// <summary>Upper bound (bounded heads).</summary>
    public required double Max { get; init; }

    /// <summary>Index of the factor feature of a <see cref="OutputHeadKind.SignedFactor"/> head; absent (-1) otherwise.</summary>
    public int Factor { get; init; } = -1;
}

/// <summary>How one output is produced (see <see cref="OutputStructure"/>).</summary>
internal sealed record ModelFileStructure
{
    /// <summary>Output name.</summary>
    public required string Output { get; init; }

    /// <summary>An <see cref="OutputStructure.KindText"/>: network, factor x network, closed form x correction, computed from equation, formula.</summary>
    public required string Kind { get; init; }

    /// <summary>The rule that chose it.</summary>
    public required string Rule { get; init; }

    /// <summary>The equations it was read from, numbered from 1.</summary>
    public required int[] Equations { get; init; }

    /// <summary>The closed form, factor or formula, or absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expression { get; init; }

    /// <summary>For an output computed from an equation, the network's outputs it is computed from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? After { get; init; }

    /// <summary>The network's share of the output's variance, or absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NetworkShare { get; init; }
}

/// <summary>Newton steps after the network (see <see cref="NewtonRefinement"/>).</summary>
internal sealed record ModelFileRefinement
{
    /// <summary>Most steps per point.</summary>
    public required int Steps { get; init; }

    /// <summary>The equations the steps solve, numbered from 1 (every equation no computed output uses).</summary>
    public required int[] Equations { get; init; }

    /// <summary>Why this many steps.</summary>
    public required string Rule { get; init; }
}

/// <summary>One output computed from an equation (see <see cref="ComputedOutput"/>).</summary>
internal sealed record ModelFileComputed
{
    /// <summary>Output name.</summary>
    public required string Name { get; init; }

    /// <summary>The equation it is computed from, 1-based as the problem file lists them.</summary>
    public required int Equation { get; init; }

    /// <summary>Its value: an EqNet expression of the inputs, the network's outputs and outputs computed before it.</summary>
    public required string Value { get; init; }
}

/// <summary>How one output is produced, as early version 3 files wrote it (read and ignored: <see cref="ModelFileStructure"/> says it now).</summary>
internal sealed record ModelFileOutput
{
    /// <summary>Output name.</summary>
    public required string Name { get; init; }

    /// <summary>"network", or e.g. "computed from equation 3 after the network's V1".</summary>
    public required string Structure { get; init; }
}

/// <summary>An earlier output that an output sees (see <see cref="UpstreamFeature"/>).</summary>
internal sealed record ModelFileUpstream
{
    /// <summary>Index of the earlier output.</summary>
    public required int Output { get; init; }

    /// <summary>Scale.</summary>
    public required double Scale { get; init; }

    /// <summary>Centre.</summary>
    public required double Center { get; init; }

    /// <summary>Width.</summary>
    public required double Width { get; init; }

    /// <summary>Whether the feature is even in the output.</summary>
    public bool Even { get; init; }
}

/// <summary>
/// Source-generated (reflection-free) serialisation of <see cref="ModelFileDocument"/>. Strict: an unknown or repeated
/// key, a missing required field or a null where a value belongs is an error, so a damaged file cannot load as a
/// different model.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ModelFileDocument))]
internal sealed partial class ModelFileJsonContext : JsonSerializerContext;
