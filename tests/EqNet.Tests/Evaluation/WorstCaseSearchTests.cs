using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Tests.Evaluation;

/// <summary><see cref="WorstCaseSearch"/> on a model whose worst point is planted: a narrow bump the held-out sample misses.</summary>
public class WorstCaseSearchTests
{
    private const string Yaml = """
        name: bump
        inputs:
          a: {min: 1, max: 2}
          b: {min: 1, max: 100, sampling: log}
        outputs: [y]
        equations:
          - y = a*b
        """;

    /// <summary>y = a b (1 + 1e-3 g + 1e-6 sin(5a)), g a Gaussian bump of width 0.003 of each input's (log) range at (a, b) = (1.37, 21).</summary>
    private sealed class Bumped(Problem problem) : IPredictor
    {
        public const double A = 1.37, B = 21, Peak = 1e-3, Width = 0.003;

        public Problem Problem => problem;

        public IReadOnlyList<string> InputNames => ["a", "b"];

        public IReadOnlyList<string> OutputNames => ["y"];

        public IReadOnlyList<OutputStructure> Structure => [new OutputStructure("y", OutputStructureKind.Formula, "planted", [], "a*b with a bump")];

        public static double Bump(double a, double b)
        {
            double da = (a - A) / 1.0, db = (Math.Log(b) - Math.Log(B)) / Math.Log(100);
            return Math.Exp(-(da * da + db * db) / (2 * Width * Width));
        }

        public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
        {
            var y = new double[count];
            for (int i = 0; i < count; i++)
            {
                double a = inputs[2 * i], b = inputs[2 * i + 1];
                y[i] = a * b * (1 + Peak * Bump(a, b) + 1e-6 * Math.Sin(5 * a));
            }
            return y;
        }
    }

    [Fact]
    public void FindsThePlantedWorstPointTheSampleMisses()
    {
        var model = new Bumped(ProblemFile.Parse(Yaml, "bump.yaml"));
        var result = Evaluator.Evaluate(model, 5000, seed: 3);
        var found = result.WorstCase!;
        double sampleRootMax = result.Outputs[0].RootRelativeError!.Max;
        // The planted peak: root-relative error 1e-3 (plus 1e-6 of background), scale-relative half of it.
        Assert.True(sampleRootMax < 0.5 * Bumped.Peak, $"the sample itself came within {sampleRootMax:E3} of the peak; the test needs a sample that misses it");
        Assert.NotNull(found.RootSearchedMax);
        Assert.InRange(found.RootSearchedMax!.Value, 0.999 * Bumped.Peak, 1.01 * Bumped.Peak);
        Assert.InRange(found.SearchedMax, 0.999 * Bumped.Peak / (2 + Bumped.Peak), 1.01 * Bumped.Peak / 2);
        Assert.InRange(found.RootAt![0], Bumped.A - 1e-3, Bumped.A + 1e-3);
        Assert.InRange(Math.Log(found.RootAt[1] / Bumped.B), -0.01, 0.01);
        Assert.True(Bumped.Bump(found.At[0], found.At[1]) > 0.99, $"scale-relative worst at ({found.At[0]:R}, {found.At[1]:R}), not on the peak");
        Assert.True(found.Evaluations <= 2 * Evaluator.DefaultWorstCaseEvaluations, $"{found.Evaluations} evaluations");
    }

    [Fact]
    public void NeverReportsLessThanTheSampleAndStaysInTheDomain()
    {
        var model = new Bumped(ProblemFile.Parse(Yaml, "bump.yaml"));
        var result = Evaluator.Evaluate(model, 2000, seed: 5);
        var found = result.WorstCase!;
        Assert.True(found.SearchedMax >= result.Overall.Max, $"searched {found.SearchedMax:E3} below the sample's {result.Overall.Max:E3}");
        Assert.InRange(found.At[0], 1, 2);
        Assert.InRange(found.At[1], 1, 100);
        var json = MetricsJson.Build(result, null, null);
        Assert.Equal(found.SearchedMax, json["worst_case"]!["searched_max"]!.GetValue<double>());
        Assert.Equal(found.At[1], json["worst_case"]!["at"]!["b"]!.GetValue<double>());
        Assert.Contains("compass", json["worst_case"]!["method"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
