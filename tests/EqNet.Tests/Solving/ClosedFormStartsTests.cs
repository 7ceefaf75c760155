using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Tests.Solving;

public class ClosedFormStartsTests
{
    private static Problem Arm() => ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "reported", "12-planar-arm-ik.yaml"));

    /// <summary>
    /// Newton from its fixed starts stalls at a few of the arm's points although every point has its solution (the
    /// closed forms give it); from the closed forms it converges there, and the warning that there is no solution goes.
    /// </summary>
    [Fact]
    public void WhereNewtonsStartsStallTheClosedFormsSolveTheArm()
    {
        var problem = Arm();
        const int n = 2000;
        var x = new DomainSampler(problem).Sample(n, 7);
        var first = new NewtonSolver(problem).Solve(x, n);
        Assert.True(first.ConvergedFraction < 1, "the fixed starts solve every point: this test needs a point where they stall");
        var again = ClosedFormStarts.Retry(problem, x, n, first);
        Assert.Equal(1, again.ConvergedFraction);
        for (int i = 0; i < n; i++)
        {
            if (!first.Converged[i]) continue;
            for (int j = 0; j < 3; j++) Assert.Equal(first.Solutions[i * 3 + j], again.Solutions[i * 3 + j]);
        }
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
