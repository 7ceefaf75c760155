using System.Diagnostics;
using EqNet.Export;
using EqNet.Models;
using EqNet.Tests.Prediction;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EqNet.Tests.Export;

public class OnnxExporterTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Examples))]
    public void OnnxRuntimeRunsTheGraphAsEqNetPredicts(string name)
    {
        var model = ExportModels.Get(name);
        var x = TestModels.Points(model, ExportModels.PointCount);
        var expected = model.Predict(x, ExportModels.PointCount);
        foreach (bool float32 in new[] { false, true })
        {
            var actual = Run(OnnxExporter.Export(model, float32), x, model);
            var (plain, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
            var (floored, _) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 1e-3);
            output.WriteLine($"{name}{(float32 ? " float32" : "")}: largest relative difference {plain:E2} ({floored:E2} relative to at least 1e-3 of the output's largest size), bit-identical {identical:P1}");
            if (float32)
            {
                // The MLPs' activations rounded to float32 (6e-8) move m and t by ~1e-7 of the sums behind them; where t (or
                // a difference of parts) is small against those sums, that is more of y. These random weights cancel far more
                // than trained ones: up to 1.4e-4 here (arrhenius), 3.8e-6 for arrhenius trained (bench accuracy --onnx).
                Assert.True(floored <= 3e-4, $"{name} float32: largest relative difference {floored:E3} > 3e-4 (floored at 1e-3 of the largest |y|)");
                continue;
            }
            // The sums are EqNet's, in EqNet's order; what remains is ONNX Runtime's Exp, Log and Tanh in float64 (Eigen's
            // vectorised approximations), a unit in the last place away from the C runtime's that .NET calls at some points.
            // Relative to y that is up to 2.4e-11 where y is a sum that cancels (an upper bound minus exp(m), a shape near its
            // zero, a difference head's parts); relative to at least 1e-3 of y's largest size, at most 1.0e-12 (black-scholes,
            // whose price is a difference of two terms 25 times its size at the low corner).
            Assert.True(floored <= 2e-12, $"{name}: largest relative difference {floored:E3} > 2e-12 (floored at 1e-3 of the largest |y|)");
            // Unfloored, the figure is set by the point that lands nearest a zero of y: 1.8e-10 on seed-question-sampler
            // with EqNet's tanh (VectorTanh), 2.2e-12 with Math.Tanh on the same points, the floored one 3e-13 both times.
            Assert.True(plain <= 1e-9, $"{name}: largest relative difference {plain:E3} > 1e-9");
        }
    }

    public static TheoryData<string> Examples() => [.. ExportModels.Examples];

    /// <summary>
    /// Newton steps and computed outputs in the graph (OnnxRefinement, a Loop over the evaluations): Kepler's one
    /// implicit unknown, two torn systems with steps (product-quotient; the bubble point's four residual equations)
    /// and product-quotient's computed output alone, random weights, 6 steps, against EqNet on 10,000 points.
    /// </summary>
    [Theory]
    [MemberData(nameof(AfterNetwork))]
    public void OnnxRuntimeTakesEqNetsNewtonStepsAndComputesTheTornOutputs(string name)
    {
        var model = ExportModels.AfterNetworkModels().Single(m => m.Name == name).Model;
        var x = TestModels.Points(model, ExportModels.PointCount);
        var expected = model.Predict(x, ExportModels.PointCount);
        var actual = Run(OnnxExporter.Export(model), x, model);
        var (plain, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
        var (floored, _) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 1e-3);
        output.WriteLine($"{name}: largest relative difference {plain:E2} ({floored:E2} relative to at least 1e-3 of the output's largest size), bit-identical {identical:P1}");
        Assert.True(floored <= 1e-12, $"{name}: largest relative difference {floored:E3} > 1e-12 (floored at 1e-3 of the largest |y|)");
        if (model.Refinement is null) return;
        // The steps are there: the network alone is elsewhere at most points.
        var alone = model.WithoutRefinement().Predict(x, ExportModels.PointCount);
        Assert.True(ExportModels.Compare(actual, alone, model.OutputNames.Count, 1e-3).Worst > 1e-6, $"{name}: the graph's outputs are the network's");
    }

    /// <summary>A batch of no rows and of one row runs through the steps' loop (its condition, gathers and scatters).</summary>
    [Fact]
    public void TheStepsRunOnNoRowsAndOnOneRow()
    {
        var model = ExportModels.AfterNetworkModels().Single(m => m.Name == "bubble-point-newton-steps").Model;
        var onnx = OnnxExporter.Export(model);
        Assert.Empty(Run(onnx, [], model));
        var x = TestModels.Points(model, 1);
        Assert.Equal(model.Predict(x, 1), Run(onnx, x, model), (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b)));
    }

    public static TheoryData<string> AfterNetwork() => [.. ExportModels.AfterNetworkModels().Select(m => m.Name)];

    /// <summary>The test models take every feature kind and every head kind, so the tests above cover each translation.</summary>
    [Fact]
    public void TheTestModelsCoverEveryFeatureKindAndHeadKind()
    {
        var models = ExportModels.Examples.Select(ExportModels.Get).ToArray();
        var features = models.SelectMany(m => m.Features.Features.Select(f => f.Kind)).ToHashSet();
        var heads = models.SelectMany(m => m.Network.Heads.Select(h => h.Kind)).ToHashSet();
        Assert.Empty(Enum.GetValues<EqNet.Features.FeatureKind>().Except(features));
        Assert.Empty(Enum.GetValues<OutputHeadKind>().Except(heads));
        Assert.Contains(models, m => m.Network.Heads.Any(h => h.Kind == OutputHeadKind.Envelope));
    }

    [Fact]
    public void TheGraphIsOpset17WithNamedInputsAndOutputs()
    {
        var model = ExportModels.Get("seed-plus-flow");
        var onnx = Onnx.ModelProto.Parser.ParseFrom(OnnxExporter.Export(model));
        Assert.Equal(17, onnx.OpsetImport.Single().Version);
        Assert.Equal("inputs", onnx.Graph.Input.Single().Name);
        Assert.Equal("outputs", onnx.Graph.Output.Single().Name);
        Assert.Equal("x1,x2,x3,x4,x5", onnx.MetadataProps.Single(p => p.Key == "input_names").Value);
        Assert.Equal("y,w", onnx.MetadataProps.Single(p => p.Key == "output_names").Value);
        Assert.All(onnx.Graph.Initializer.Where(t => t.DataType != 7), t => Assert.Equal(11, t.DataType));
    }

    [Fact]
    public void ABoundOnnxRuntimeCannotEvaluateIsRefused()
    {
        var model = TestModels.Random(TestProblems.Inline("""
            name: cosh-bound
            inputs:
              a: {min: 1, max: 10}
              b: {min: 0, max: cosh(a)}
            outputs: [z]
            equations:
              - z = a + b
            """));
        var e = Assert.Throws<ExportException>(() => OnnxExporter.Export(model));
        Assert.Contains("cosh()", e.Message);
    }

    /// <summary>A function ONNX Runtime lacks in float64 in the equations the Newton steps solve is refused by name, saying where.</summary>
    [Fact]
    public void ANewtonStepThroughAFunctionOnnxRuntimeLacksIsRefusedByName()
    {
        var problem = TestProblems.Inline("""
            name: sinh-implicit
            inputs:
              a: {min: 1, max: 5}
            outputs:
              y: {min: 0, max: 3}
            equations:
              - sinh(y) + y = a
            """);
        var model = EqNet.Training.Trainer.Design(problem, new EqNet.Training.TrainingOptions { Seed = 1, ValidationPoints = 500 }).WithNewtonSteps(2);
        var e = Assert.Throws<ExportException>(() => OnnxExporter.Export(model));
        Assert.Contains("sinh()", e.Message, StringComparison.Ordinal);
        Assert.Contains("equation 1 of its Newton steps", e.Message, StringComparison.Ordinal);
        Assert.Contains("--csharp", e.Message, StringComparison.Ordinal);
        // Without the steps the network alone exports.
        Assert.NotEmpty(OnnxExporter.Export(model.WithoutRefinement()));
    }

    /// <summary>acos(cos(.)) is a fold feature EqNet computes from the inputs; ONNX Runtime has Acos in float32 only, so the graph writes it in float64 (OnnxInverseTrigonometry), as the C# file does with Math.Acos.</summary>
    [Fact]
    public void AnAcosFoldExportsToOnnxAndCSharpAlike()
    {
        var model = TestModels.Random(TestProblems.Inline("""
            name: triangle
            inputs:
              a: {min: 0, max: 20}
              b: {min: 1, max: 2}
            outputs: [z]
            equations:
              - z = b*acos(cos(a))
            """));
        Assert.Contains(model.Features.Features, f => f.Kind == EqNet.Features.FeatureKind.Fold && f.Bound!.Contains("acos", StringComparison.Ordinal));
        var x = TestModels.Points(model, 1000);
        var expected = model.Predict(x, 1000);
        double onnx = ExportModels.Compare(Run(OnnxExporter.Export(model), x, model), expected, 1, 1e-3).Worst;
        // ONNX Runtime's Cos is a unit in the last place from .NET's at some points, and acos near +-1 multiplies that by
        // 1 / sin(a): 4.0e-10 here (acos itself agrees to 8e-16: OnnxInverseTrigonometryTests).
        Assert.True(onnx <= 2e-9, $"ONNX: largest relative difference {onnx:E2}");
        var actual = new double[expected.Length];
        CSharpExporterTests.Compile(CSharpExporter.Generate(model, "ExportedModel", "Generated"))(x, 1000, actual);
        Assert.True(ExportModels.Compare(actual, expected, 1).Worst <= 1e-9);
    }

    /// <summary>EqNet's batch prediction and ONNX Runtime's on the exported seed, timed side by side (printed, not asserted).</summary>
    [Fact]
    public void ThroughputBesideEqNet()
    {
        var model = ExportModels.Get("seed");
        const int n = 100_000;
        var x = TestModels.Points(model, n);
        var clock = Stopwatch.StartNew();
        var expected = model.Predict(x, n);
        double eqnet = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var actual = Run(OnnxExporter.Export(model), x, model);
        double onnx = clock.Elapsed.TotalSeconds;
        var (worst, _) = ExportModels.Compare(actual, expected, 1, 1e-3);
        output.WriteLine($"seed, {n:N0} points: EqNet {n / eqnet / 1e6:0.00} M/s, ONNX Runtime {n / onnx / 1e6:0.00} M/s (session creation included), largest relative difference {worst:E2}");
        Assert.True(worst <= 1e-12);
    }

    internal static double[] Run(byte[] onnx, double[] x, IPredictor model)
    {
        int n = x.Length / model.InputNames.Count;
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [n, model.InputNames.Count]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["inputs"], [input], ["outputs"]);
        return results[0].GetTensorDataAsSpan<double>().ToArray();
    }
}
