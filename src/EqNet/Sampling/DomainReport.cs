using EqNet.Expressions;
using System.Globalization;
using EqNet.Problems;

namespace EqNet.Sampling;

/// <summary>What a probe sample revealed about a problem's domain.</summary>
/// <param name="SampleCount">Number of probe points.</param>
/// <param name="Inputs">Observed range of each input, in file order.</param>
/// <param name="Equations">Per equation, where its input-only parts are undefined.</param>
/// <param name="Singularities">Poles and infinite slopes of the equations' input-only parts (empty when none was seen).</param>
public sealed record DomainReport(int SampleCount, IReadOnlyList<InputRange> Inputs, IReadOnlyList<EquationDomainResult> Equations,
    IReadOnlyList<SingularPoint>? Singularities = null)
{
    /// <summary>One line per singular point, for <c>train</c> to print before it starts.</summary>
    public IEnumerable<string> Warnings() => (Singularities ?? []).Select(s => s.Describe());

    /// <summary>
    /// Throws for the first equation that is undefined on more than <paramref name="tolerance"/> of the probe
    /// points (0: on any point), e.g.
    /// <c>seed.yaml:10: equations[1]: equation 1 'y = log(x1 - 600)' is undefined (NaN/inf) on 20.1% of the domain, e.g. at x1=512.3, ...</c>
    /// </summary>
    /// <exception cref="ProblemException">An equation is undefined on part of the domain.</exception>
    public void ThrowIfUndefined(Problem problem, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        foreach (var result in Equations)
        {
            if (result.UndefinedFraction <= tolerance || result.ExamplePoint is null)
                continue;
            string point = string.Join(", ", result.ExamplePoint.Select(p => $"{p.Key}={DomainSampler.Show(p.Value)}"));
            string percent = (result.UndefinedFraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
            throw new ProblemException(problem.SourcePath, result.Equation.Line, $"equations[{result.Number}]",
                $"equation {result.Number} '{result.Equation.Text}' is undefined (NaN/inf) on {percent}% of the domain, " +
                $"e.g. at {point} ('{result.ExamplePart}' is not finite there{FunctionCatalog.DomainNote(result.ExamplePart)}). " +
                "Narrow the input bounds or rewrite the equation so it is defined everywhere.");
        }
    }
}
