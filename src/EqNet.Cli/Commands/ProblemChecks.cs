using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Cli.Commands;

/// <summary>
/// Checks a loaded problem against its domain before any training: an equation undefined anywhere is an error; points
/// without a solution within the output bounds, or with a singular system, are warnings.
/// </summary>
internal static class ProblemChecks
{
    public static void Run(Problem problem)
    {
        var domain = DomainCheck.Run(new DomainSampler(problem));
        domain.ThrowIfUndefined(problem);
        foreach (var warning in domain.Warnings().Concat(SystemDiagnostics.Run(problem).Warnings()).Append(problem.Data.UnusedWarning).OfType<string>())
            Console.Error.WriteLine($"eqnet: warning: {problem.SourcePath}: {warning}");
    }
}
