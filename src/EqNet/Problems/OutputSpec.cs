namespace EqNet.Problems;

/// <summary>One unknown that the model predicts, with optional known bounds on its value.</summary>
/// <param name="Name">The variable name used in equations.</param>
/// <param name="Min">A known lower bound (e.g. 0 for a positive quantity), or null.</param>
/// <param name="Max">A known upper bound, or null.</param>
/// <param name="Line">1-based line of the output in the problem file (0 when unknown).</param>
public sealed record OutputSpec(string Name, double? Min, double? Max, int Line)
{
    /// <summary>
    /// The output's typical size (the file's <c>scale:</c>, same units as the output), or null: where given, the root
    /// error is measured against it (scale-relative) instead of against the output itself, for outputs that cross
    /// zero (a phase angle) or are tiny at some points.
    /// </summary>
    public double? Scale { get; init; }

    /// <summary>
    /// The inputs a term learned inside an equation may read (the file's <c>inputs: [T]</c>), or null for an ordinary
    /// output. Such an output has no data column: a network of these inputs alone is fitted to the data through the
    /// equations it appears in, jointly with the unknown constants (see docs/data.md, "Mode (c)"). The restriction is what
    /// keeps the constants identifiable: a network of every input could absorb their effect.
    /// </summary>
    public IReadOnlyList<string>? LearnedFrom { get; init; }

    /// <summary>Whether this output is a term learned inside an equation (<see cref="LearnedFrom"/> is given).</summary>
    public bool IsLearnedTerm => LearnedFrom is not null;
}
