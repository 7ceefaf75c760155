using EqNet.Diagnostics;
using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Symbolic;

namespace EqNet.Tests.Symbolic;

public class ClosedFormStartsTests
{
    private static Problem Arm() => ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "reported", "12-planar-arm-ik.yaml"));

    /// <summary>
    /// The globalised Newton solves every point of the arm (its fixed starts alone used to stall at a few near the edge
    /// of reach); where a start has stalled, the closed forms solve the point again, to the same root.
    /// </summary>
    [Fact]
    public void WhereAStartHasStalledTheClosedFormsSolveTheArm()
    {
        var problem = Arm();
        const int n = 2000;
        var x = new DomainSampler(problem).Sample(n, 7);
        var solved = new NewtonSolver(problem).Solve(x, n);
        Assert.Equal(1, solved.ConvergedFraction);
        var stalled = solved with { Converged = (bool[])solved.Converged.Clone(), Solutions = (double[])solved.Solutions.Clone() };
        for (int i = 0; i < n; i += 10)
        {
            stalled.Converged[i] = false;
            for (int j = 0; j < 3; j++) stalled.Solutions[i * 3 + j] = 0.5;
        }
        var again = ClosedFormStarts.Retry(problem, x, n, stalled);
        Assert.Equal(1, again.ConvergedFraction);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(solved.Solutions[i * 3 + j], again.Solutions[i * 3 + j], 1e-9 * Math.Max(1, Math.Abs(solved.Solutions[i * 3 + j])));
        Assert.Equal(0, SystemDiagnostics.Run(problem).UnsolvedFraction);
    }

    [Fact]
    public void WhereThereIsNoSolutionTheRetryFindsNone()
    {
        // x^2 = a - 2 has no real root for a < 2: the closed form is NaN there, and Newton from it fails as before.
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 3}}
            outputs: {z: {min: 0}}
            equations: [z**2 = a - 2]
            """);
        const int n = 400;
        var x = new DomainSampler(problem).Sample(n, 3);
        var first = new NewtonSolver(problem).Solve(x, n);
        var again = ClosedFormStarts.Retry(problem, x, n, first);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] >= 2, again.Converged[i]);
    }
}
