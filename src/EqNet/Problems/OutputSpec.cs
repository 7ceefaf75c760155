namespace EqNet.Problems;

/// <summary>One unknown that the model predicts, with optional known bounds on its value.</summary>
/// <param name="Name">The variable name used in equations.</param>
/// <param name="Min">A known lower bound (e.g. 0 for a positive quantity), or null.</param>
/// <param name="Max">A known upper bound, or null.</param>
/// <param name="Line">1-based line of the output in the problem file (0 when unknown).</param>
public sealed record OutputSpec(string Name, double? Min, double? Max, int Line);
