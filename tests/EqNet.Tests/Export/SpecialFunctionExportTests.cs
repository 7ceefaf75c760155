using EqNet.Export;
using EqNet.Expressions;
using EqNet.Models;
using Xunit.Abstractions;

namespace EqNet.Tests.Export;

/// <summary>Closed forms with special functions and where(): C# calls EqNet's implementations; ONNX takes where, comparisons and hypot, and names what it refuses.</summary>
public class SpecialFunctionExportTests(ITestOutputHelper output)
{
    private const int Points = 3000;

    private static FormulaModel Model(params string[] formulas) => new(TestProblems.Inline($$"""
        name: special
        inputs:
          a: {min: 0.5, max: 4}
          b: {min: -3, max: 2}
        outputs: [{{string.Join(", ", formulas.Select((_, j) => $"y{j}"))}}]
        equations:
        {{string.Join("\n", formulas.Select((_, j) => $"  - y{j} = a + b*{j}"))}}
        """), [.. formulas.Select(f => Expr.Parse(f))]);

    [Fact]
    public void TheGeneratedCSharpCallsEqNetsSpecialFunctionsAndSaysSo()
    {
        var model = Model(
            "erf(b) + erfc(a) + erfinv(b/4) + gamma(a) + lgamma(a) + beta(a, a + 1) + polygamma(1, a)",
            "besselj(0, a) + bessely(1, a) + besseli(0.5, a) + besselk(2, a) + lambertw(b) + lambertw(-a/12, -1)",
            "expm1(b) + log1p(a) + hypot(a, b) + atan2(b, a) + cbrt(b) + sinc(b) + where(a < b + 2, a, b) + where(b, 1, 2)");
        var x = new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(Points, 3);
        var expected = model.Predict(x, Points);
        string source = CSharpExporter.Generate((IPredictor)model, "ExportedModel", "Generated");
        Assert.Contains("// Needs the EqNet NuGet package (EqNet.Core.dll, with MathNet.Numerics 5.0.0) for besseli, besselj, besselk, bessely, beta, erf, erfc, erfinv, expm1, gamma, lambertw, lgamma, log1p, polygamma, sinc", source);
        var actual = new double[expected.Length];
        CSharpExporterTests.Compile(source)(x, Points, actual);
        var (worst, identical) = ExportModels.Compare(actual, expected, 3, 0);
        output.WriteLine($"C#: largest relative difference {worst:E2}, bit-identical {identical:P1}");
        Assert.True(worst <= 1e-14, $"largest relative difference {worst:E3}");
    }

    [Fact]
    public void ElementaryFormulasStayDependencyFree()
    {
        string source = CSharpExporter.Generate((IPredictor)Model("where(a <= 1, hypot(a, b), atan2(a, b)) + cbrt(b)"), "ExportedModel", "Generated");
        Assert.Contains("// Dependency-free: needs only System.", source);
        Assert.DoesNotContain("EqNet.Expressions", source);
    }

    [Fact]
    public void OnnxRuntimeRunsWhereComparisonsAndHypotAsEqNet()
    {
        var model = Model("where(a < b + 2, a*a, hypot(a, b))", "where(b >= 0, 1, 0) + where(a > 2, 2, 1) + where(a <= 1, 3, 4)", "where(b, a, 2)");
        var x = new EqNet.Sampling.DomainSampler(model.Problem, probeCount: 0).Sample(Points, 5);
        var expected = model.Predict(x, Points);
        var actual = OnnxExporterTests.Run(OnnxExporter.Export((IPredictor)model), x, model);
        var (worst, identical) = ExportModels.Compare(actual, expected, 3, 0);
        output.WriteLine($"ONNX: largest relative difference {worst:E2}, bit-identical {identical:P1}");
        Assert.True(worst <= 1e-15, $"largest relative difference {worst:E3}");
    }

    [Theory]
    [InlineData("erf(a)")]
    [InlineData("gamma(a)")]
    [InlineData("besselj(0, a)")]
    [InlineData("lambertw(a)")]
    public void OnnxRefusesASpecialFunctionByName(string formula)
    {
        var e = Assert.Throws<ExportException>(() => OnnxExporter.Export((IPredictor)Model(formula)));
        Assert.Contains(Expr.Parse(formula) is CallExpr c ? c.Name + "()" : "?", e.Message);
        Assert.Contains("--csharp", e.Message);
    }
}
