namespace EqNet.Problems;

/// <summary>
/// The optional <c>model</c> section. Every field is null when not given: the model layer owns the defaults.
/// </summary>
/// <param name="Hidden">Hidden layer widths, e.g. [16, 16].</param>
/// <param name="Activation">Activation function name, e.g. "tanh" (the model layer validates the name).</param>
/// <param name="Kind">Model kind, e.g. "mlp" (the model layer validates the name).</param>
/// <param name="Structure">
/// <c>structure: auto</c> (default) or <c>none</c>: whether the model reads the equations (closed forms, factors, heads,
/// features of their arguments) or is the network alone.
/// </param>
/// <param name="Tearing">
/// <c>tearing: false</c> trains every output with the network even where a system's loop could be torn (to measure the
/// network alone); null or true: tear loops.
/// </param>
/// <param name="NewtonSteps">
/// <c>newton_steps: K</c>: at most K Newton steps on the equations after the network (0: none, the network's values
/// are the outputs); null or <c>auto</c>: EqNet chooses where the outputs are unknowns no equation gives explicitly.
/// </param>
/// <remarks>
/// Other keys are rejected when the file is read, so a misspelt option never silently falls back to a default;
/// a new model option is added here, documented in docs/problem-files.md, and read by the model layer.
/// </remarks>
public sealed record ModelSettings(IReadOnlyList<int>? Hidden, string? Activation, string? Kind, bool? Tearing = null, StructureMode? Structure = null, int? NewtonSteps = null)
{
    /// <summary>Settings for a file without a <c>model</c> section.</summary>
    public static ModelSettings Empty { get; } = new(null, null, null);

    /// <summary>Most Newton steps a model may take after its network: a network whose start needs more is no start worth having.</summary>
    public const int MaxNewtonSteps = 20;
}

/// <summary>Whether a model reads the equations' structure (<c>model: {structure: auto | none}</c>).</summary>
public enum StructureMode
{
    /// <summary>Read the equations: closed forms, sign-changing factors, log factors, difference, envelope and affine heads, additive units, features of their arguments.</summary>
    Auto,

    /// <summary>Read none of it: the network alone on the inputs' own features, so its accuracy can be measured.</summary>
    None,
}
