using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Tests.Problems;

namespace EqNet.Tests.Sampling;

public class DomainSamplerTests
{
    private static Problem Parse(string inputs, string equation = "y = a") =>
        ProblemFile.Parse($"inputs:\n{inputs}\noutputs: [y]\nequations: [\"{equation}\"]\n", "test.yaml");

    private static IEnumerable<double> Column(double[] rows, int width, int column) =>
        Enumerable.Range(0, rows.Length / width).Select(r => rows[r * width + column]);

    [Fact]
    public void Seed_problem_respects_every_bound_including_x2_up_to_x1()
    {
        var sampler = new DomainSampler(ProblemFile.Load(ExampleFolder.File("seed.yaml")));
        const int Count = 100_000;
        double[] rows = sampler.Sample(Count, seed: 1);

        Assert.Equal(5, sampler.InputCount);
        Assert.Equal(Count * 5, rows.Length);
        for (int r = 0; r < Count; r++)
        {
            var row = rows.AsSpan(r * 5, 5);
            Assert.InRange(row[0], 500, 1000);
            Assert.InRange(row[1], 1, row[0]);
            Assert.InRange(row[2], 1000, 50000);
            Assert.InRange(row[3], 1e-6, 1e-3);
            Assert.InRange(row[4], 1, 10000);
        }
        // x2 is uniform on [1, x1] given x1, so x2/x1 is close to uniform on [0, 1]: mean about 1/2.
        double meanRatio = Enumerable.Range(0, Count).Average(r => rows[r * 5 + 1] / rows[r * 5]);
        Assert.InRange(meanRatio, 0.49, 0.51);
    }

    [Fact]
    public void Log_sampling_puts_the_same_share_in_every_decade()
    {
        var sampler = new DomainSampler(Parse("  a: {min: 1e-6, max: 1e-2, sampling: log}"));
        double[] values = sampler.Sample(100_000, seed: 3);
        var perDecade = values.GroupBy(v => (int)Math.Floor(Math.Log10(v) + 1e-12)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([-6, -5, -4, -3], perDecade.Keys.Order());
        Assert.All(perDecade.Values, count => Assert.InRange(count, 24_000, 26_000));
        Assert.All(values, v => Assert.InRange(v, 1e-6, 1e-2));
    }

    [Fact]
    public void Integer_sampling_draws_every_whole_number_in_the_dependent_range()
    {
        var sampler = new DomainSampler(Parse("  a: {min: 0, max: 10}\n  n: {min: a - 2.5, max: a + 2.5, sampling: integer}"));
        double[] rows = sampler.Sample(100_000, seed: 5);
        var seen = new HashSet<double>();
        for (int r = 0; r < 100_000; r++)
        {
            double a = rows[2 * r], n = rows[2 * r + 1];
            Assert.Equal(Math.Floor(n), n);
            Assert.InRange(n, Math.Ceiling(a - 2.5), Math.Floor(a + 2.5));
            seen.Add(n);
        }
        Assert.Equal(Enumerable.Range(-2, 15).Select(i => (double)i), seen.Order());
    }

    [Fact]
    public void Integer_sampling_gives_each_value_an_equal_share()
    {
        var sampler = new DomainSampler(Parse("  a: {min: 1, max: 4, sampling: integer}"));
        var counts = sampler.Sample(40_000, seed: 9).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1.0, 2.0, 3.0, 4.0], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Same_seed_gives_the_same_points_and_other_seeds_differ()
    {
        var sampler = new DomainSampler(ProblemFile.Load(ExampleFolder.File("seed.yaml")));
        double[] first = sampler.Sample(1000, seed: 42);
        Assert.Equal(first, sampler.Sample(1000, seed: 42));
        Assert.Equal(first, new DomainSampler(sampler.Problem).Sample(1000, seed: 42));
        double[] other = sampler.Sample(1000, seed: 43);
        Assert.True(first.Zip(other).Count(p => p.First != p.Second) > 4900);
    }

    [Fact]
    public void Span_overload_continues_the_callers_generator()
    {
        var sampler = new DomainSampler(ProblemFile.Load(ExampleFolder.File("seed.yaml")));
        var random = new Random(7);
        var buffer = new double[2 * 100 * 5];
        sampler.Sample(buffer.AsSpan(0, 500), random);
        sampler.Sample(buffer.AsSpan(500), random);
        Assert.Equal(sampler.Sample(200, seed: 7), buffer);
    }

    [Fact]
    public void Span_length_must_be_a_multiple_of_the_input_count()
    {
        var sampler = new DomainSampler(ProblemFile.Load(ExampleFolder.File("seed.yaml")));
        Assert.Throws<ArgumentException>(() => sampler.Sample(new double[7], new Random(1)));
    }

    [Fact]
    public void Dependent_min_above_max_is_reported_with_the_point_when_the_sampler_is_built()
    {
        var problem = Parse("  a: {min: 0, max: 20}\n  b: {min: a, max: 10}", "y = a + b");
        var error = Assert.Throws<ProblemException>(() => new DomainSampler(problem));
        Assert.Equal(("test.yaml", 3, "inputs.b"), (error.File, error.Line, error.Field));
        Assert.Matches(@"^test\.yaml:3: inputs\.b: min (1\d\.?\d*) > max 10 at a=\1\. Change the bounds", error.Message);
    }

    [Fact]
    public void Nearly_equal_bounds_are_shown_with_every_digit()
    {
        var problem = Parse("  a: {min: 1, max: 2}\n  b: {min: 10 + 1e-9*a, max: 10}", "y = a + b");
        var error = Assert.Throws<ProblemException>(() => new DomainSampler(problem));
        Assert.Matches(@"inputs\.b: min 10\.00000000\d+ > max 10 at a=1\.\d+\.", error.Message);
    }

    [Fact]
    public void Dependent_log_min_at_or_below_zero_is_reported()
    {
        var problem = Parse("  a: {min: -1, max: 1}\n  b: {min: a, max: 2, sampling: log}", "y = a + b");
        var error = Assert.Throws<ProblemException>(() => new DomainSampler(problem));
        Assert.Equal("inputs.b", error.Field);
        Assert.Matches(@"log sampling needs min > 0, but min is -?0?\.?\d* at a=", error.Message);
    }

    [Fact]
    public void Range_without_a_whole_number_is_reported()
    {
        var problem = Parse("  a: {min: 0, max: 0.5}\n  n: {min: a + 0.1, max: a + 0.2, sampling: integer}", "y = a + n");
        var error = Assert.Throws<ProblemException>(() => new DomainSampler(problem));
        Assert.Contains("inputs.n: no whole number between min ", error.Message);
        Assert.Contains(" at a=", error.Message);
    }

    [Fact]
    public void Non_finite_bound_is_reported()
    {
        var problem = Parse("  a: {min: -1, max: 1}\n  b: {min: -1, max: sqrt(a)}", "y = a + b");
        var error = Assert.Throws<ProblemException>(() => new DomainSampler(problem));
        Assert.Contains("inputs.b: bounds are not finite", error.Message);
    }

    [Fact]
    public void Without_a_probe_the_empty_range_is_reported_when_sampling()
    {
        var problem = Parse("  a: {min: 0, max: 20}\n  b: {min: a, max: 10}", "y = a + b");
        var sampler = new DomainSampler(problem, probeCount: 0);
        var error = Assert.Throws<ProblemException>(() => sampler.Sample(1000, seed: 1));
        Assert.Contains("inputs.b: min ", error.Message);
    }
}
