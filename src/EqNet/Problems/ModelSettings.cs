namespace EqNet.Problems;

/// <summary>
/// The optional <c>model</c> section. Every field is null when not given: the model layer owns the defaults.
/// </summary>
/// <param name="Hidden">Hidden layer widths, e.g. [64, 64, 64].</param>
/// <param name="Activation">Activation function name, e.g. "tanh" (the model layer validates the name).</param>
/// <param name="Kind">Model kind, e.g. "mlp" (the model layer validates the name).</param>
/// <param name="Extra">
/// Other keys, as written, for model options added later; the model layer must reject those it does not know.
/// Keys close to a documented key (a likely typo) are rejected when the file is read.
/// </param>
public sealed record ModelSettings(
    IReadOnlyList<int>? Hidden, string? Activation, string? Kind, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>Settings for a file without a <c>model</c> section.</summary>
    public static ModelSettings Empty { get; } = new(null, null, null, new Dictionary<string, string>());
}
