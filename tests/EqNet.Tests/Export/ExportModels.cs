using EqNet.Models;
using EqNet.Tests.Prediction;

namespace EqNet.Tests.Export;

/// <summary>
/// Models that together take every path an exporter must translate: every example (difference heads, chained outputs
/// with learned scales and denominator units, bounds and intervals, signed logs, dependent bounds, sine and cosine
/// features in wave and damped-oscillator), and inline problems for the rest.
/// </summary>
internal static class ExportModels
{
    /// <summary>Every example of examples/, then inline problems for the paths no example takes.</summary>
    public static string[] Examples =>
    [
        .. Directory.GetFiles(Path.Combine(TestProblems.RepositoryRoot, "examples"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal),
        .. Inline.Keys,
        Grown,
    ];

    /// <summary>A model grown from the seed's (eqnet train --from): its kept output sees only the first of the shared features.</summary>
    public const string Grown = "grown-seed-plus-flow";

    public const int PointCount = 10_000;

    /// <summary>
    /// A power with an input exponent (a <see cref="Features.FeatureKind.LogPower"/> feature); correction stages on two
    /// outputs (<see cref="CorrectionStages"/>); an upper bound; an envelope head (a sine over many periods); a sign-changing factor of a product (a <see cref="Features.FeatureKind.Factor"/> feature and a signed
    /// factor head); an implicit output that crosses zero (an affine head); a square root's argument that reaches 0 (a log-expression feature); folds (abs, min), a tangent and a dependent lower bound.
    /// </summary>
    private static readonly Dictionary<string, string> Inline = new()
    {
        ["log-power"] = """
            name: log-power
            inputs:
              A: {min: 0.1, max: 10, sampling: log}
              K: {min: 0.5, max: 2}
              nH: {min: 0.5, max: 4}
            outputs: [theta]
            equations:
              - theta = A**nH/(K**nH + A**nH)
            """,
        ["correction-stages"] = """
            name: correction-stages
            inputs:
              p: {min: 0.5, max: 2}
              q: {min: -3, max: 3}
            outputs: [y, z]
            equations:
              - y**3 + p*y = q
              - z = y*p + q
            """,
        ["upper-bound"] = """
            name: upper-bound
            inputs:
              a: {min: 0.5, max: 4}
              b: {min: 1, max: 1000, sampling: log}
            outputs:
              z: {max: 10}
            equations:
              - z = 10 - a*log(b) - 1/(a + b)
            """,
        ["signed-factor"] = """
            name: signed-factor
            inputs:
              T1: {min: 200, max: 400}
              T2: {min: 250, max: 450}
              k: {min: 0.1, max: 100, sampling: log}
            outputs: [q]
            equations:
              - q = (T2 - T1)*k
            """,
        ["envelope"] = """
            name: envelope
            inputs:
              x: {min: 0, max: 60}
            outputs: [y]
            equations:
              - y = sin(x)
            """,
        ["log-expression"] = """
            name: log-expression
            inputs:
              x: {min: 0, max: 1}
            outputs: [y]
            equations:
              - y = sqrt(1 - x**2)
            """,
        ["affine"] = """
            name: affine
            inputs:
              a: {min: 1, max: 2}
              b: {min: 1, max: 2}
            outputs: [y]
            equations:
              - a = b + y + 0.1*sin(y)
            """,
        ["folds"] = """
            name: folds
            inputs:
              a: {min: -2, max: 3}
              b: {min: 0.5, max: 2}
              c: {min: b, max: 4}
            outputs: [y]
            equations:
              - y = abs(a - 1)*b + min(a, b) + tan(b/2) + c
            """,
    };

    public static EqNetModel Get(string name) =>
        name == Grown ? GrownModel()
        : name == "correction-stages" ? TestModels.WithStages(TestModels.Random(TestProblems.Inline(Inline[name])))
        : Inline.TryGetValue(name, out var yaml) ? TestModels.Random(TestProblems.Inline(yaml)) : TestModels.Example(name);

    /// <summary>
    /// Designs' models (random weights) with 6 Newton steps: Kepler's implicit equation, and two torn systems
    /// (product-quotient: u learned, v computed from u*v = p; the bubble point: the steps on the residual equations);
    /// and product-quotient's torn design without steps (computed outputs alone).
    /// </summary>
    public static IEnumerable<(string Name, EqNetModel Model)> AfterNetworkModels()
    {
        var torn = EqNet.Training.Trainer.Design(TestProblems.Load("product-quotient.yaml"), new EqNet.Training.TrainingOptions { Seed = 1, ValidationPoints = 2000 });
        yield return ("product-quotient-torn", torn.WithoutRefinement());
        var options = new EqNet.Training.TrainingOptions { Seed = 1, ValidationPoints = 2000 };
        foreach (var (name, problem) in new[]
        {
            ("kepler", TestProblems.Load("kepler.yaml")),
            ("product-quotient", TestProblems.Load("product-quotient.yaml")),
            ("bubble-point", TestProblems.Inline(EqNet.Tests.Structure.StructureProblems.BubblePoint)),
        })
            yield return (name + "-newton-steps", EqNet.Training.Trainer.Design(problem, options).WithNewtonSteps(6));
    }

    private static EqNetModel GrownModel()
    {
        var problem = TestProblems.Load("seed-plus-flow.yaml");
        var growth = EqNet.Training.Growth.Plan(problem, TestModels.Example("seed"), "seed.eqnet", "sha256:0");
        var design = EqNet.Training.Trainer.Design(problem, new EqNet.Training.TrainingOptions { Seed = 1, ValidationPoints = 2000, GrowFrom = growth });
        var random = new Random(2);
        var p = (double[])design.Parameters.Clone();
        var (kept, length) = design.Network.OutputParameterRange(0);
        // The new output's weights move as a random model's do; the kept output's are the seed model's.
        for (int k = 0; k < p.Length; k++)
            if (k < kept || k >= kept + length) p[k] += 0.05 * (random.NextDouble() - 0.5);
        return new EqNetModel(problem, design.Features, design.Network, p);
    }

    /// <summary>
    /// Largest |a - b| / max(|b|, floor max |b|) over the points, output by output; NaN where the other is not counts as infinite.
    /// The floor: where an output crosses zero, it is the difference of parts that cancel, and any change in the order
    /// of a sum (EqNet's dot products are vectorised, an exporter's need not be) is a few ulps of the parts, not of y.
    /// </summary>
    public static (double Worst, double Identical) Compare(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, int outputs, double floor = 1e-9)
    {
        double worst = 0;
        int identical = 0;
        for (int j = 0; j < outputs; j++)
        {
            double largest = 0;
            for (int k = j; k < expected.Length; k += outputs) largest = Math.Max(largest, Math.Abs(expected[k]));
            for (int k = j; k < expected.Length; k += outputs)
            {
                if (double.IsNaN(actual[k]) != double.IsNaN(expected[k])) return (double.PositiveInfinity, 0);
                double d = Math.Abs(actual[k] - expected[k]);
                if (d == 0 || double.IsNaN(d)) { identical++; continue; }
                worst = Math.Max(worst, d / Math.Max(Math.Abs(expected[k]), floor * largest));
            }
        }
        return (worst, (double)identical / expected.Length);
    }
}
