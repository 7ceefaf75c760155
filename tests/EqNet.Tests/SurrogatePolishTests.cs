using EqNet.Models;
using EqNet.Problems;
using EqNet.Solving;

namespace EqNet.Tests;

/// <summary><see cref="Surrogate.Predict(IPredictor, IReadOnlyDictionary{string, double[]}, int, out int)"/>: a prediction good to 1e-4, polished to Kepler's root.</summary>
public class SurrogatePolishTests
{
    private const string Yaml = """
        name: kepler
        inputs:
          M: {min: 0.01, max: 3.13}
          ecc: {min: 0, max: 0.9}
        outputs:
          ea: {min: 0, max: 3.14159265358979}
        equations:
          - M = ea - ecc*sin(ea)
        """;

    /// <summary>The root times (1 + 1e-4): what a surrogate good to 1e-4 predicts.</summary>
    private sealed class Perturbed(Problem problem) : IPredictor
    {
        public Problem Problem => problem;

        public IReadOnlyList<string> InputNames => ["M", "ecc"];

        public IReadOnlyList<string> OutputNames => ["ea"];

        public IReadOnlyList<OutputStructure> Structure => [new OutputStructure("ea", OutputStructureKind.Formula, "perturbed root", [], "root * (1 + 1e-4)")];

        public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
        {
            var solved = new NewtonSolver(problem).Solve(inputs, count);
            return solved.Solutions.Select(y => y * (1 + 1e-4)).ToArray();
        }
    }

    [Fact]
    public void PolishReachesTheRootAndCountsWhatDidNot()
    {
        var model = new Perturbed(ProblemFile.Parse(Yaml, "kepler.yaml"));
        var random = new Random(4);
        const int n = 500;
        var inputs = new Dictionary<string, double[]>
        {
            ["M"] = Enumerable.Range(0, n).Select(_ => 0.01 + 3.12 * random.NextDouble()).ToArray(),
            ["ecc"] = Enumerable.Range(0, n).Select(_ => 0.9 * random.NextDouble()).ToArray(),
        };
        var raw = Surrogate.Predict(model, inputs, polish: 0, out int rawMissed)["ea"];
        var polished = Surrogate.Predict(model, inputs, polish: 3, out int missed)["ea"];
        Assert.Equal(n, rawMissed);
        Assert.Equal(0, missed);
        for (int i = 0; i < n; i++)
        {
            double m = inputs["M"][i], e = inputs["ecc"][i], y = polished[i];
            Assert.True(Math.Abs(y - e * Math.Sin(y) - m) <= 1e-12 * (Math.Abs(m) + Math.Abs(y) + e * Math.Abs(Math.Sin(y))), $"residual at M={m}, ecc={e}: {y - e * Math.Sin(y) - m:E3}");
            Assert.True(Math.Abs(raw[i] - y) > 1e-6 * y, "the prediction was not already the root");
        }
    }
}
