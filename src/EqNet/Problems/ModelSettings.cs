namespace EqNet.Problems;

/// <summary>
/// The optional <c>model</c> section. Every field is null when not given: the model layer owns the defaults.
/// </summary>
/// <param name="Hidden">Hidden layer widths, e.g. [16, 16].</param>
/// <param name="Activation">Activation function name, e.g. "tanh" (the model layer validates the name).</param>
/// <param name="Kind">Model kind, e.g. "mlp" (the model layer validates the name).</param>
/// <param name="Tearing">
/// <c>tearing: false</c> trains every output with the network even where a system's loop could be torn (to measure the
/// network alone); null or true: tear loops.
/// </param>
/// <remarks>
/// Other keys are rejected when the file is read, so a misspelt option never silently falls back to a default;
/// a new model option is added here, documented in docs/problem-files.md, and read by the model layer.
/// </remarks>
public sealed record ModelSettings(IReadOnlyList<int>? Hidden, string? Activation, string? Kind, bool? Tearing = null)
{
    /// <summary>Settings for a file without a <c>model</c> section.</summary>
    public static ModelSettings Empty { get; } = new(null, null, null);
}
