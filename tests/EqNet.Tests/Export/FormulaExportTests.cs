using EqNet.Export;
using EqNet.Expressions;
using EqNet.Models;
using EqNet.Tests.Prediction;
using Xunit.Abstractions;

namespace EqNet.Tests.Export;

public class FormulaExportTests(ITestOutputHelper output)
{
    /// <summary>Two outputs over most of the expression language (powers, roots, logs, trigonometry, abs, min/max, a constant, tan), and a constant output.</summary>
    internal static FormulaModel Model() => new(TestProblems.Inline("""
        name: formulas
        inputs:
          a: {min: 0.5, max: 4}
          b: {min: -3, max: 2}
        outputs: [y, z, c]
        equations:
          - y = a*b/2
          - z = a + b
          - c = 1
        """), [
        Expr.Parse("a*b/2 + sqrt(a)*exp(-a) - log(a)*sin(b)**2 + abs(b - 1)**1.5 + max(a, b) - min(a, 2*b) + log10(a) + pi"),
        Expr.Parse("-(a**3)/(1 + b**2) + cos(a*b) + tanh(b) + sign(b)*log2(a) + tan(b/3) + asinh(b)"),
        Expr.Parse("2.5e-3"),
    ]);

    private const int Points = 5000;

    [Fact]
    public void TheGeneratedCSharpPredictsAsTheFormulas()
    {
        var model = Model();
        var x = new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(Points, 7);
        var expected = model.Predict(x, Points);
        var actual = new double[expected.Length];
        CSharpExporterTests.Compile(CSharpExporter.Generate((IPredictor)model, "ExportedModel", "Generated"))(x, Points, actual);
        var (worst, identical) = ExportModels.Compare(actual, expected, 3, 0);
        output.WriteLine($"C#: largest relative difference {worst:E2}, bit-identical {identical:P1}");
        // The same Math calls in the same order as EqNet's compiled expressions; only its power specialisations may differ by an ulp.
        Assert.True(worst <= 1e-14, $"largest relative difference {worst:E3}");
        Assert.Equal(2.5e-3, actual[2]);
    }

    [Fact]
    public void OnnxRuntimeRunsTheFormulasAsEqNetEvaluatesThem()
    {
        var model = Model();
        var x = new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(Points, 7);
        var expected = model.Predict(x, Points);
        var actual = OnnxExporterTests.Run(OnnxExporter.Export((IPredictor)model), x, model);
        var (worst, identical) = ExportModels.Compare(actual, expected, 3, 0);
        output.WriteLine($"ONNX: largest relative difference {worst:E2}, bit-identical {identical:P1}");
        // ONNX Runtime's float64 Exp, Log, Sin, Cos, Pow are its own (Eigen's), not .NET's: a few ulps, measured below 1e-13 here.
        Assert.True(worst <= 1e-12, $"largest relative difference {worst:E3}");
        Assert.All(Enumerable.Range(0, Points), r => Assert.Equal(2.5e-3, actual[r * 3 + 2]));
    }

    [Fact]
    public void AFormulaOnnxRuntimeCannotEvaluateIsRefusedByName()
    {
        var model = new FormulaModel(TestProblems.Inline("""
            name: cosh
            inputs:
              a: {min: 1, max: 10}
            outputs: [y]
            equations:
              - y = cosh(a)
            """), [Expr.Parse("cosh(a)")]);
        var e = Assert.Throws<ExportException>(() => OnnxExporter.Export((IPredictor)model));
        Assert.Contains("cosh()", e.Message);
    }
}
