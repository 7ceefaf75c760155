using EqNet.Evaluation;
using EqNet.Problems;
using EqNet.Sampling;

namespace EqNet.Tests.Evaluation;

public class WorstRegionTests
{
    private const int Samples = 20_000;

    /// <summary>Held-out points of the quadratic with its exact roots, and a synthetic error per point.</summary>
    private static (Problem Problem, double[] Inputs, double[] Reference) Exact()
    {
        var problem = ProblemFile.Parse(TestProblems.QuadraticRoots, "q.yaml");
        var inputs = new DomainSampler(problem).Sample(Samples, 3);
        var reference = new double[Samples * 2];
        for (int i = 0; i < Samples; i++)
        {
            double b = inputs[i * 2], c = inputs[i * 2 + 1], g = Math.Sqrt(b * b - 4 * c);
            reference[i * 2] = (-b - g) / 2;
            reference[i * 2 + 1] = g;
        }
        return (problem, inputs, reference);
    }

    [Fact]
    public void Errors_that_grow_where_c_nears_zero_concentrate_in_c_where_the_terms_of_equation_2_vanish()
    {
        var (problem, inputs, reference) = Exact();
        var errors = Enumerable.Range(0, Samples).Select(i => 1e-6 / (Math.Abs(inputs[i * 2 + 1]) + 1e-3)).ToArray();
        var worst = WorstRegion.Of(problem, inputs, reference, errors, Samples)!;

        Assert.Equal(201, worst.Points); // at or above the nearest-rank p99: 1 % and the p99 point itself
        Assert.Equal("c", worst.Concentrated!.Input);
        var c = worst.Inputs[1];
        Assert.True(c.DecileShare > 0.9, $"share {c.DecileShare}");
        Assert.InRange(c.WorstLow, -0.2, 0);
        Assert.InRange(c.WorstHigh, 0, 0.2);
        Assert.Equal(-25, c.DomainLow, 0.1);
        Assert.True(c.QuantileHigh - c.QuantileLow < 0.02);
        Assert.True(worst.Inputs[0].DecileShare < 0.3, "b does not matter");
        var cause = Assert.Single(worst.Causes, k => k.Kind == "terms_vanish");
        Assert.Contains("equation 2", cause.Text);
        Assert.DoesNotContain(worst.Causes, k => k.Kind == "singular_jacobian");
        Assert.Contains("concentrated in c", worst.Describe());
    }

    [Fact]
    public void Errors_at_the_double_root_edge_are_near_a_singular_jacobian()
    {
        var (problem, inputs, reference) = Exact();
        var errors = Enumerable.Range(0, Samples).Select(i => 1e-6 / reference[i * 2 + 1]).ToArray();
        var worst = WorstRegion.Of(problem, inputs, reference, errors, Samples)!;

        var singular = Assert.Single(worst.Causes, k => k.Kind == "singular_jacobian");
        Assert.True(singular.Ratio < 0.1);
        // The declared upper bound of c sits 0.01 inside the double-root edge: the worst points are next to it too.
        var bound = Assert.Single(worst.Causes, k => k.Kind == "input_bound");
        Assert.Contains("upper bound of c", bound.Text);
    }

    [Fact]
    public void Errors_that_do_not_depend_on_the_inputs_have_no_region_and_no_cause()
    {
        var (problem, inputs, reference) = Exact();
        var random = new Random(5);
        var errors = Enumerable.Range(0, Samples).Select(_ => random.NextDouble()).ToArray();
        var worst = WorstRegion.Of(problem, inputs, reference, errors, Samples)!;

        Assert.Null(worst.Concentrated);
        Assert.Empty(worst.Causes);
        Assert.All(worst.Inputs, i => Assert.InRange(i.DecileShare, 0.1, 0.2));
        Assert.Contains("spread over the inputs", worst.Describe());
    }

    [Fact]
    public void Errors_next_to_a_pole_name_its_denominator()
    {
        var problem = ProblemFile.Parse("""
            name: near-pole
            inputs:
              x: {min: 1.0001, max: 3}
            outputs:
              y: {}
            equations:
              - y = 1/(x - 1)
            """, "p.yaml");
        var inputs = new DomainSampler(problem).Sample(Samples, 4);
        var reference = inputs.Select(x => 1 / (x - 1)).ToArray();
        var errors = inputs.Select(x => 1e-9 / (x - 1)).ToArray();
        var worst = WorstRegion.Of(problem, inputs, reference, errors, Samples)!;

        Assert.Equal(1, worst.Inputs[0].Decile);
        var pole = Assert.Single(worst.Causes, k => k.Kind == "pole");
        Assert.Contains("x - 1", pole.Text);
    }

    [Fact]
    public void Metrics_json_carries_the_region_next_to_the_stable_keys()
    {
        var (problem, inputs, reference) = Exact();
        var errors = Enumerable.Range(0, Samples).Select(i => 1e-6 / (Math.Abs(inputs[i * 2 + 1]) + 1e-3)).ToArray();
        var result = new EvaluationResult(problem.Name, Samples, 3, ErrorSummary.Of(errors), [], [],
            new EvaluationPoints(inputs, reference, reference, errors, errors), new NewtonCheck(1, 0, null, null))
        {
            WorstRegion = WorstRegion.Of(problem, inputs, reference, errors, Samples),
        };
        var json = MetricsJson.Build(result, 1, 2);

        Assert.NotNull(json["scale_relative_error"]);
        var region = json["worst_region"]!;
        Assert.Equal("c", (string?)region["concentrated_in"]);
        Assert.Equal(201, (int)region["points"]!);
        Assert.Equal(2, region["inputs"]!["c"]!["quantile_range"]!.AsArray().Count);
        Assert.Equal("terms_vanish", (string?)region["causes"]![0]!["kind"]);
    }
}
