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
}
