using System.Reflection;
using EqNet.Export;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace EqNet.Tests.Export;

public class CSharpExporterTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Examples))]
    public void TheGeneratedFileCompilesAndPredictsAsEqNetDoes(string name)
    {
        var model = ExportModels.Get(name);
        string source = CSharpExporter.Generate(model, "ExportedModel", "Generated");
        var run = Compile(source);
        var x = Prediction.TestModels.Points(model, ExportModels.PointCount);
        var expected = model.Predict(x, ExportModels.PointCount);
        var actual = new double[expected.Length];
        run(x, ExportModels.PointCount, actual);
        var (worst, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
        output.WriteLine($"{name}: largest relative difference {worst:E2}, bit-identical {identical:P1} of {expected.Length} outputs");
        // The file repeats EqNet's batch prediction operation for operation, every sum in the same order, and calls the
        // same Math functions: the same bits. (NaN counts as identical to NaN.)
        Assert.True(identical == 1, $"{name}: {1 - identical:P2} of the outputs differ, up to {worst:E3} relative");
    }

    public static TheoryData<string> Examples() => [.. ExportModels.Examples];

    [Fact]
    public void WeightsAreInlinedExactlyAndOneMethodPerOutputIsWritten()
    {
        var model = ExportModels.Get("seed-plus-flow");
        string source = CSharpExporter.Generate(model, "Flow");
        Assert.Contains("public static double PredictY(double x1, double x2, double x3, double x4, double x5)", source);
        Assert.Contains("public static double PredictW(double x1, double x2, double x3, double x4, double x5)", source);
        Assert.Contains("public static void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs)", source);
        Assert.DoesNotContain("using EqNet", source);
        foreach (double p in model.Parameters.Take(50))
            Assert.Equal(p, double.Parse(CSharpExporter.Literal(p).Trim('(', ')').TrimEnd('d'), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Compiles the generated file with Roslyn beside an adapter that takes arrays (spans cannot go through reflection).</summary>
    internal static Action<double[], int, double[]> Compile(string source)
    {
        const string adapter = "public static class Adapter { public static void Run(double[] x, int n, double[] y) => Generated.ExportedModel.Predict(x, n, y); }";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Exported" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, options), CSharpSyntaxTree.ParseText(adapter, options)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)));
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var assembly = Assembly.Load(stream.ToArray());
        var method = assembly.GetType("Adapter")!.GetMethod("Run")!;
        return (x, n, y) => method.Invoke(null, [x, n, y]);
    }
}
