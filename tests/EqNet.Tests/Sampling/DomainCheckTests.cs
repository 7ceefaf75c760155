using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Tests.Problems;

namespace EqNet.Tests.Sampling;

public class DomainCheckTests
{
    [Fact]
    public void Seed_problem_is_defined_everywhere_and_ranges_follow_the_bounds()
    {
        var problem = ProblemFile.Load(ExampleFolder.File("seed.yaml"));
        var report = DomainCheck.Run(new DomainSampler(problem));

        Assert.Equal(DomainCheck.DefaultSampleCount, report.SampleCount);
        var result = Assert.Single(report.Equations);
        Assert.Equal((1, 0.0), (result.Number, result.UndefinedFraction));
        Assert.Null(result.ExamplePoint);
        report.ThrowIfUndefined(problem);

        Assert.Equal(problem.InputNames, report.Inputs.Select(r => r.Name));
        var x1 = report.Inputs[0];
        Assert.InRange(x1.Min, 500, 510);
        Assert.InRange(x1.Max, 990, 1000);
        var x2 = report.Inputs[1];
        Assert.InRange(x2.Min, 1, 10);
        Assert.InRange(x2.Max, 900, 1000);
    }

    [Theory]
    [InlineData("arrhenius.yaml")]
    [InlineData("product-quotient.yaml")]
    [InlineData("seed-plus-flow.yaml")]
    [InlineData("van-der-waals.yaml")]
    public void Example_problems_are_defined_on_their_whole_domain(string file)
    {
        var problem = ProblemFile.Load(ExampleFolder.File(file));
        var report = DomainCheck.Run(new DomainSampler(problem));
        Assert.Equal(problem.Equations.Count, report.Equations.Count);
        Assert.All(report.Equations, result => Assert.Equal(0, result.UndefinedFraction));
        Assert.All(report.Inputs.Zip(problem.Inputs), pair => Assert.True(pair.First.Min >= 0.999 * Min(pair.Second)));
        report.ThrowIfUndefined(problem);
    }

    private static double Min(InputSpec input) => input.Min.Evaluate(new Dictionary<string, double>());

    [Fact]
    public void Equation_undefined_on_part_of_the_domain_reports_the_fraction_and_a_point()
    {
        var problem = ProblemFile.Parse("""
            inputs:
              x1: {min: 500, max: 1000}
            outputs: [y]
            equations:
              - y = log(x1 - 600)
            """, "bad.yaml");
        var report = DomainCheck.Run(new DomainSampler(problem), count: 4000, seed: 2);

        var result = Assert.Single(report.Equations);
        Assert.InRange(result.UndefinedFraction, 0.17, 0.23);
        var point = Assert.Single(result.ExamplePoint!);
        Assert.Equal("x1", point.Key);
        Assert.InRange(point.Value, 500, 600);

        var error = Assert.Throws<ProblemException>(() => report.ThrowIfUndefined(problem));
        Assert.Equal(("bad.yaml", 5, "equations[1]"), (error.File, error.Line, error.Field));
        Assert.Matches(@"^bad\.yaml:5: equations\[1\]: equation 1 'y = log\(x1 - 600\)' is undefined \(NaN/inf\) on (19|20|21)\.\d% of the domain, e\.g\. at x1=5\d\d", error.Message);
        Assert.Contains("log", result.ExamplePart);
        report.ThrowIfUndefined(problem, tolerance: 0.5);
    }

    [Fact]
    public void Terms_with_outputs_are_not_evaluated_but_input_only_scales_are()
    {
        var problem = ProblemFile.Parse("""
            inputs:
              a: {min: -1, max: 1}
            outputs: [y]
            equations:
              - y*log(a) = 1
              - {equation: "y = a", scale: "sqrt(a)"}
            """, "p.yaml");
        var report = DomainCheck.Run(new DomainSampler(problem), count: 4000, seed: 4);

        Assert.Equal(0, report.Equations[0].UndefinedFraction);
        Assert.InRange(report.Equations[1].UndefinedFraction, 0.46, 0.54);
        Assert.All(report.Equations[1].ExamplePoint!, p => Assert.True(p.Value < 0));
    }
}

public class DomainCheckSingularityTests
{
    [Fact]
    public void A_denominator_that_changes_sign_is_reported_as_a_pole_with_the_nearest_point()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 3}
              b: {min: 1, max: 3}
            outputs: [y]
            equations:
              - y = a/(a - b)
            """);
        var report = DomainCheck.Run(new DomainSampler(problem));
        var pole = Assert.Single(report.Singularities!);
        Assert.Equal((SingularityKind.Pole, "a - b"), (pole.Kind, pole.Part));
        double a = pole.Closest[0].Value, b = pole.Closest[1].Value;
        Assert.True(Math.Abs(a - b) < 0.01, $"closest point {a}, {b}");
        Assert.Contains("changes sign", Assert.Single(report.Warnings()));
    }

    [Fact]
    public void A_root_whose_argument_reaches_zero_has_an_infinite_slope_but_power_laws_over_decades_are_regular()
    {
        var cone = TestProblems.Inline("""
            inputs:
              x1: {min: 1, max: 5}
              x2: {min: 1, max: 5}
            outputs: [d]
            equations:
              - d = sqrt((x2 - x1)**2)
            """);
        var slope = Assert.Single(DomainCheck.Run(new DomainSampler(cone)).Singularities!);
        Assert.Equal(SingularityKind.InfiniteSlope, slope.Kind);

        var powerLaw = TestProblems.Inline("""
            inputs:
              q: {min: 1e-3, max: 1e3, sampling: log}
              C: {min: 1e-3, max: 1e3, sampling: log}
            outputs: [V]
            equations:
              - V = q/C**2
            """);
        Assert.Empty(DomainCheck.Run(new DomainSampler(powerLaw)).Singularities!);
    }

    [Fact]
    public void A_sum_of_positive_powers_spanning_decades_is_no_near_pole_but_a_cancelling_sum_is()
    {
        // K**n + A**n spans 40 decades over the domain yet never nears 0 against its own terms.
        var hill = TestProblems.Inline("""
            inputs:
              A: {min: 1e-3, max: 1e3, sampling: log}
              K: {min: 1e-3, max: 1e3, sampling: log}
              n: {min: 0.5, max: 4}
            outputs: [y]
            equations:
              - y = A**n/(K**n + A**n)
            """);
        Assert.Empty(DomainCheck.Run(new DomainSampler(hill)).Singularities!);
        var near = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 2}
              b: {min: 0, max: 0.999}
            outputs: [y]
            equations:
              - y = a/(a - a*b)
            """);
        var pole = Assert.Single(DomainCheck.Run(new DomainSampler(near)).Singularities!);
        Assert.Equal(SingularityKind.NearPole, pole.Kind);
    }

    [Fact]
    public void A_function_without_zeros_in_a_denominator_is_no_pole_however_many_decades_it_spans()
    {
        // gamma(nu/2) runs from 0.89 to 6e62 for nu in [1, 100]: 1e-63 of its largest value, and never 0.
        var student = TestProblems.Inline("""
            inputs:
              nu: {min: 1, max: 100, sampling: log}
              s:  {min: 0.1, max: 10, sampling: log}
            outputs: [c]
            equations:
              - c = gamma((nu + 1)/2)/(sqrt(nu*pi)*s*gamma(nu/2))
            """);
        Assert.Empty(DomainCheck.Run(new DomainSampler(student)).Singularities!);
        var lgammaNear = TestProblems.Inline("""
            inputs:
              x: {min: 1.5, max: 3}
            outputs: [y]
            equations:
              - y = 1/lgamma(x)
            """);
        // lgamma has a zero at 2: still a pole.
        Assert.NotEmpty(DomainCheck.Run(new DomainSampler(lgammaNear)).Singularities!);
    }
}
