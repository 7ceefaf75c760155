namespace EqNet.Problems;

/// <summary>
/// The optional <c>training</c> section. Every field is null when not given; command-line options override these.
/// </summary>
/// <param name="TimeBudget">Wall-clock training budget in seconds (<c>time_budget</c>).</param>
/// <param name="Seed">Random seed (<c>seed</c>).</param>
/// <param name="Batch">Points per training step (<c>batch</c>).</param>
/// <param name="Steps">Number of training steps (<c>steps</c>).</param>
/// <param name="Threads">Worker threads (<c>threads</c>).</param>
/// <remarks>Other keys are rejected when the file is read (see <see cref="ModelSettings"/>).</remarks>
public sealed record TrainingSettings(double? TimeBudget, int? Seed, int? Batch, int? Steps, int? Threads)
{
    /// <summary>Settings for a file without a <c>training</c> section.</summary>
    public static TrainingSettings Empty { get; } = new(null, null, null, null, null);
}
