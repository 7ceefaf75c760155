using EqNet.Diagnostics;
using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Training;

/// <summary>
/// Checks a loaded problem against its domain before any training: an equation undefined anywhere is an error; points
/// without a solution within the output bounds, with a singular system, or near a singular point of an equation (a pole, a
/// root's or inverse sine's edge), and an unused data file are warnings.
/// </summary>
public static class PreTrainingChecks
{
    /// <summary>Runs the checks; returns the warnings (empty when there are none), each a sentence that says what to do.</summary>
    /// <exception cref="ProblemException">An equation is undefined (e.g. log of a negative) somewhere in the stated domain.</exception>
    public static IReadOnlyList<string> Run(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        // A network fitted to data alone: no equation to check, and nothing in the domain an equation could not evaluate.
        if (problem.Equations.Count == 0) return [];
        // Outputs learned from data alone appear in no equation: the equations are checked for the others.
        problem = DataTraining.EquationProblem(problem);
        var domain = DomainCheck.Run(new DomainSampler(problem));
        domain.ThrowIfUndefined(problem);
        return [.. domain.Warnings().Concat(SystemDiagnostics.Run(problem).Warnings()).Append((problem.DataOutputs.Count == 0 ? problem.Data.UnusedWarning : null)).OfType<string>()];
    }
}
