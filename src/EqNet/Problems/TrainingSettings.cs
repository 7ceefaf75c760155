namespace EqNet.Problems;

/// <summary>
/// The optional <c>training</c> section. Every field is null when not given; command-line options override these.
/// </summary>
/// <param name="TimeBudget">Wall-clock training budget in seconds (<c>time_budget</c>).</param>
/// <param name="Seed">Random seed (<c>seed</c>).</param>
/// <param name="Batch">Points per training step (<c>batch</c>).</param>
/// <param name="Steps">Number of training steps (<c>steps</c>).</param>
/// <param name="Threads">Worker threads (<c>threads</c>).</param>
/// <param name="Extra">
/// Other keys, as written, for training options added later; the training layer must reject those it does not
/// know. Keys close to a documented key (a likely typo) are rejected when the file is read.
/// </param>
public sealed record TrainingSettings(
    double? TimeBudget, int? Seed, int? Batch, int? Steps, int? Threads, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>Settings for a file without a <c>training</c> section.</summary>
    public static TrainingSettings Empty { get; } = new(null, null, null, null, null, new Dictionary<string, string>());
}
