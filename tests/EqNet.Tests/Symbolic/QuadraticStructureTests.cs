using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Symbolic;

namespace EqNet.Tests.Symbolic;

public class QuadraticStructureTests
{
    private static (Problem Problem, double[] Sample, int Count, string[] Inputs) Sampled(string yaml, int count = 2000)
    {
        var problem = TestProblems.Inline(yaml);
        return (problem, new DomainSampler(problem).Sample(count, 11), count, problem.Inputs.Select(i => i.Name).ToArray());
    }

    private static double[] Values(Expr e, string[] inputs, double[] sample, int count)
    {
        var values = new double[count];
        e.Compile(inputs).EvaluateBatch(sample, count, values);
        return values;
    }

    [Fact]
    public void TheQuadraticsRootsAreTheClosedFormsAndItsDiscriminantsLogIsAFeature()
    {
        var (problem, sample, n, inputs) = Sampled(TestProblems.QuadraticRoots);
        var (logs, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());

        // g = -(2 r1 + b) is substituted; r1^2 + b r1 + c = 0 is left, D = b^2 - 4c. A = -1 is constant and B, C change sign.
        var d = Assert.Single(logs);
        var dv = Values(d, inputs, sample, n);
        var r1 = Values(roots[0]!, inputs, sample, n);
        var g = Values(roots[1]!, inputs, sample, n);
        for (int i = 0; i < n; i++)
        {
            double b = sample[2 * i], c = sample[2 * i + 1], disc = b * b - 4 * c;
            Assert.Equal(disc, dv[i], 1e-12 * Math.Max(1, disc));
            // The smaller root: g >= 0 is the output bound that picks the branch.
            Assert.Equal((-b - Math.Sqrt(disc)) / 2, r1[i], 1e-12 * 10);
            Assert.Equal(Math.Sqrt(disc), g[i], 1e-12 * 10);
        }
    }

    [Fact]
    public void TheOutputsBoundPicksTheBranch()
    {
        const string Template = """
            inputs: {a: {min: 1, max: 100}}
            outputs: {z: BOUND}
            equations: [z**2 = a]
            """;
        foreach (var (bound, sign) in new[] { ("{min: 0}", 1.0), ("{max: 0}", -1.0) })
        {
            var (problem, sample, n, inputs) = Sampled(Template.Replace("BOUND", bound), 500);
            var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
            var z = Values(roots[0]!, inputs, sample, n);
            for (int i = 0; i < n; i++) Assert.Equal(sign * Math.Sqrt(sample[i]), z[i], 1e-12 * 10);
        }
    }

    [Theory]
    [InlineData("y**3 + p*y = q")]
    [InlineData("p = y - q*sin(y)")]
    public void AnEquationThatIsNoQuadraticInItsOutputGetsNothing(string equation)
    {
        var (problem, sample, n, _) = Sampled("""
            inputs: {p: {min: 1, max: 2}, q: {min: 0.1, max: 0.5}}
            outputs: [y]
            equations: ["EQUATION"]
            """.Replace("EQUATION", equation), 500);
        var (logs, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
        Assert.Empty(logs);
        Assert.Null(roots[0]);
    }

    [Fact]
    public void AnExplicitlyDefinedOutputIsSubstitutedButGetsNoClosedFormOfItsOwn()
    {
        // w's equation holds y, which its own definition gives: y keeps its own structure, w gets the root through it.
        var (problem, sample, n, inputs) = Sampled("""
            inputs: {a: {min: 1, max: 2}, s: {min: 1, max: 3}}
            outputs: {y: {}, w: {min: 0}}
            equations: [y = a - 1/a, w**2 + s*w = y**2 + 1]
            """, 500);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string> { "y" });
        Assert.Null(roots[0]);
        var w = Values(roots[1]!, inputs, sample, n);
        for (int i = 0; i < n; i++)
        {
            double a = sample[2 * i], s = sample[2 * i + 1], y = a - 1 / a;
            Assert.Equal((-s + Math.Sqrt(s * s + 4 * (y * y + 1))) / 2, w[i], 1e-12);
        }
    }

    [Fact]
    public void ARootWhoseTermsWouldCancelIsWrittenWithoutTheCancellation()
    {
        // z^2 + s z - 1 = 0, z >= 0: z = (-s + sqrt(s^2 + 4)) / 2 loses all digits at s = 1e8; 2 / (s + sqrt(s^2 + 4)) keeps them.
        var (problem, sample, n, inputs) = Sampled("""
            inputs: {s: {min: 1, max: 1e8, sampling: log}}
            outputs: {z: {min: 0}}
            equations: [z**2 + s*z = 1]
            """, 500);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
        var z = Values(roots[0]!, inputs, sample, n);
        for (int i = 0; i < n; i++)
        {
            double s = sample[i], exact = 2 / (s + Math.Sqrt(s * s + 4));
            Assert.True(Math.Abs(z[i] - exact) <= 1e-14 * exact, $"s = {s}: {z[i]} against {exact}");
        }
    }
}
