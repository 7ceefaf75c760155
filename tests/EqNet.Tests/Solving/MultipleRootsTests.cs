using System.Diagnostics;
using EqNet.Diagnostics;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using Xunit.Abstractions;

namespace EqNet.Tests.Solving;

public class MultipleRootsTests(ITestOutputHelper output)
{
    private const string Symmetric = """
        inputs:
          s: {min: 2, max: 10}
          r: {min: 0.1, max: 0.9}
        outputs: [p, q]
        equations:
          - p + q = s
          - p*q = r
        """;

    private const string Quadratic = """
        inputs:
          b: {min: 3, max: 10}
          c: {min: 0.5, max: 2}
        outputs: [x]
        equations:
          - x**2 - b*x + c = 0
        """;

    [Fact]
    public void ASymmetricSystemWarnsWithTwoSolutionsAndTheFix()
    {
        var diagnosis = SystemDiagnostics.Run(TestProblems.Inline(Symmetric));
        var result = diagnosis.MultipleRoots!;
        Assert.True(result.Fraction > 0.9, $"{result.Fraction}");
        string warning = Assert.Single(diagnosis.Warnings());
        Assert.Contains("more than one solution", warning);
        Assert.Matches(@"p=(\S+), q=(\S+) and p=\2 q=\1|p=(\S+), q=(\S+) and p=", warning);
        Assert.Contains("an ordering that picks one", warning);
    }

    [Fact]
    public void AQuadraticWithNoBoundBetweenItsRootsWarnsAndABoundSilencesIt()
    {
        var result = SystemDiagnostics.Run(TestProblems.Inline(Quadratic)).MultipleRoots!;
        Assert.True(result.Fraction > 0.5, $"{result.Fraction}");
        Assert.Contains("x: {min:", result.Warning);
        // The fix the warning gives: the roots are b/2 -+ sqrt(b^2/4 - c), so min: 1.5 keeps only the larger one.
        var bounded = SystemDiagnostics.Run(TestProblems.Inline(Quadratic.Replace("outputs: [x]", "outputs:\n  x: {min: 1.5}"))).MultipleRoots!;
        Assert.Null(bounded.Warning);
    }

    [Theory]
    [InlineData("seed.yaml")]
    [InlineData("kepler.yaml")]
    [InlineData("cubic.yaml")]
    [InlineData("van-der-waals.yaml")]
    [InlineData("colebrook.yaml")]
    public void AProblemWithOneSolutionDoesNotWarn(string example)
    {
        var problem = TestProblems.Load(example);
        var system = new CompiledSystem(problem);
        var inputs = new DomainSampler(problem).Sample(SystemDiagnostics.MultipleRootPoints, 7);
        var clock = Stopwatch.StartNew();
        var result = MultipleRoots.Find(system, inputs, SystemDiagnostics.MultipleRootPoints);
        output.WriteLine($"{example}: {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Null(result.Warning);
    }
}
