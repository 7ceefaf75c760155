using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// Settings given by the caller (command-line flags, or a C# program) that win over a problem file's <c>training</c>
/// section; a null field leaves the file's value, or else the default, in place.
/// </summary>
/// <param name="TimeBudgetSeconds">Wall-clock training budget in seconds (positive).</param>
/// <param name="MaxSteps">Optimiser iterations after which training stops (at least 1).</param>
/// <param name="Seed">Seed for initialisation and sampling.</param>
/// <param name="Threads">Worker threads; 0 or null means the file's, else one per core.</param>
/// <param name="ResumeFrom">
/// Run folder of a stopped run of the same problem (<c>eqnet train --resume DIR</c>): training continues from its
/// model.eqnet, skipping the pre-fits. Null: start from scratch.
/// </param>
/// <param name="Structure">Whether the model reads the equations (<c>--structure auto|none</c>); null: the file's <c>model.structure</c>, else auto.</param>
/// <param name="From">
/// A model file of an earlier version of the problem (<c>eqnet train --from MODEL</c>): its outputs keep their trained
/// parts and only the new ones train (see <see cref="Growth"/>). Null: start from scratch.
/// </param>
/// <param name="FineTune">With <paramref name="From"/>: the kept parts train too, starting from their trained weights.</param>
public sealed record TrainingOverrides(double? TimeBudgetSeconds = null, int? MaxSteps = null, int? Seed = null, int? Threads = null,
    string? ResumeFrom = null, StructureMode? Structure = null, string? From = null, bool FineTune = false)
{
    /// <summary>No overrides: the file's settings, else the defaults.</summary>
    public static TrainingOverrides None { get; } = new();
}
