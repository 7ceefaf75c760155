using EqNet.Training;

namespace EqNet.Tests.Training;

public class TrainingSamplerTests
{
    private const string Box = """
        name: box
        inputs:
          a: {min: 0, max: 10}
          b: {min: 1, max: 1000, sampling: log}
          n: {min: 1, max: 5, sampling: integer}
          c: {min: 0, max: a}
        outputs: [y]
        equations:
          - y = a + b + n + c
        """;

    [Fact]
    public void Edge_points_put_each_input_with_constant_bounds_on_a_bound_half_the_time()
    {
        var problem = TestProblems.Inline(Box);
        var sampler = new TrainingSampler(problem);
        const int count = 4000, d = 4;
        var rows = sampler.SampleEdges(count, new Random(5));
        double[] low = [0, 1, 1], high = [10, 1000, 5];
        for (int k = 0; k < 3; k++)
        {
            int atLow = 0, atHigh = 0;
            for (int r = 0; r < count; r++)
            {
                double v = rows[r * d + k];
                Assert.InRange(v, low[k], high[k]);
                if (v == low[k]) atLow++;
                else if (v == high[k]) atHigh++;
            }
            // Half of the points on a bound, split evenly (the integer input's own draws add a fifth of the rest to each).
            double expected = k == 2 ? 0.25 + 0.5 * 0.2 : 0.25;
            Assert.InRange(atLow / (double)count, expected - 0.03, expected + 0.03);
            Assert.InRange(atHigh / (double)count, expected - 0.03, expected + 0.03);
        }
        // All three at once: the box's corners.
        int corners = Enumerable.Range(0, count).Count(r => Enumerable.Range(0, 2).All(k => rows[r * d + k] == low[k] || rows[r * d + k] == high[k]));
        Assert.InRange(corners / (double)count, 0.25 - 0.03, 0.25 + 0.03);
        // An input bounded by another is drawn within the bounds the moved input gives it, and not moved to them itself.
        for (int r = 0; r < count; r++)
        {
            double a = rows[r * d], c = rows[r * d + 3];
            Assert.InRange(c, 0, a);
            if (a > 0) Assert.True(c > 0 && c < a, $"c = {c} on a bound of [0, {a}]");
        }
    }

    [Fact]
    public void Edge_points_are_deterministic_with_the_seed()
    {
        var sampler = new TrainingSampler(TestProblems.Inline(Box));
        Assert.Equal(sampler.SampleEdges(100, new Random(9)), sampler.SampleEdges(100, new Random(9)));
    }
}
