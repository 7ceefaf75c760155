using EqNet.Problems.Compiled;
using EqNet.Sampling;

namespace EqNet.Tests.Problems.Compiled;

public class ExplicitDefinitionsTests
{
    [Fact]
    public void SeedPartsAreItsPositiveAndNegativeTerms()
    {
        var problem = TestProblems.Load("seed.yaml");
        double[] x = [700, 20, 3000, 1e-4, 50, 999, 998.5, 40000, 1e-6, 1];
        var (positive, negative) = new ExplicitDefinitions(problem).Parts(x, 2);
        Assert.Equal(50.0 / 20, positive[0], 12);
        Assert.Equal((700.0 - 20) / (2 * 3000 * 1e-4) * 20 / 700, negative[0], 9);
        Assert.Equal(1.0 / 998.5, positive[1], 12);
    }

    [Fact]
    public void ATermThatChangesSignIsSplitSmoothlyIntoBothParts()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 0, max: 10}
              b: {min: 1, max: 1000, sampling: log}
            outputs: [y]
            equations: [y = b*sin(a) + 1]
            """);
        int n = 2000;
        var inputs = new DomainSampler(problem).Sample(n, 3);
        var definitions = new ExplicitDefinitions(problem);
        var (values, _) = definitions.Evaluate(inputs, n);
        var (positive, negative) = definitions.Parts(inputs, n);
        double median = Enumerable.Range(0, n).Select(i => Math.Abs(inputs[2 * i + 1] * Math.Sin(inputs[2 * i]))).Order().ElementAt(n / 2);
        double eps = ExplicitDefinitions.SignChangeSmoothing * median;
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(values[i], positive[i] - negative[i], 9 - (int)Math.Log10(positive[i] + 1));
            // Never zero (no kink): eps^2 / (2 (r + |t|)) >= eps^2 / (4 (|t| + eps)) whatever the sign of t.
            Assert.True(negative[i] > 0.24 * eps * eps / (Math.Abs(values[i] - 1) + eps), $"negative part {negative[i]} at point {i}");
            Assert.True(positive[i] > 1, $"positive part {positive[i]} at point {i}");
        }
    }
}
