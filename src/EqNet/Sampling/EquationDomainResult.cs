using EqNet.Problems;

namespace EqNet.Sampling;

/// <summary>Where one equation's input-only parts are undefined (NaN or infinite) on a probe sample.</summary>
/// <param name="Number">1-based position of the equation in the problem file.</param>
/// <param name="Equation">The equation.</param>
/// <param name="UndefinedFraction">Fraction of probe points where some input-only part is NaN or infinite.</param>
/// <param name="ExamplePoint">One such point (input name -> value, file order), or null when there is none.</param>
/// <param name="ExamplePart">The part that was undefined at <paramref name="ExamplePoint"/>, or null.</param>
public sealed record EquationDomainResult(
    int Number,
    EquationSpec Equation,
    double UndefinedFraction,
    IReadOnlyList<KeyValuePair<string, double>>? ExamplePoint,
    string? ExamplePart);
