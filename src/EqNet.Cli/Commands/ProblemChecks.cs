using EqNet.Problems;
using EqNet.Sampling;

namespace EqNet.Cli.Commands;

/// <summary>Checks a loaded problem against its domain before any training: an equation undefined anywhere is an error.</summary>
internal static class ProblemChecks
{
    public static void Run(Problem problem) => DomainCheck.Run(new DomainSampler(problem)).ThrowIfUndefined(problem);
}
