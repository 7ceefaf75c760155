using System.Reflection;
using EqNet.Export;
using EqNet.Models;
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
        var exported = Load([source], [("ExportedModel", model)]);
        var x = Prediction.TestModels.Points(model, ExportModels.PointCount);
        var expected = model.Predict(x, ExportModels.PointCount);
        var actual = new double[expected.Length];
        exported.Batch(0, x, ExportModels.PointCount, actual);
        var (worst, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
        output.WriteLine($"{name}: largest relative difference {worst:E2}, bit-identical {identical:P1} of {expected.Length} outputs");
        // The file repeats EqNet's batch prediction operation for operation, every sum in the same order, and calls the
        // same Math functions: the same bits. (NaN counts as identical to NaN.)
        Assert.True(identical == 1, $"{name}: {1 - identical:P2} of the outputs differ, up to {worst:E3} relative");
        // Counts that leave rows after the last whole vector (and block), one row, none; and one point at a time.
        foreach (int count in (int[])[0, 1, 3, 1003])
            AssertSameBits(exported, 0, model, x, count, name);
        AssertPointsSameBits(exported, 0, model, x, 16, name);
    }

    public static TheoryData<string> Examples() => [.. ExportModels.Examples];

    public static TheoryData<int> Widths() => [512, 256, 128];

    /// <summary>
    /// The batch kernels at each vector width, forced by compiling the file with the wider widths' accelerations read as
    /// false: a width the CPU lacks runs in software, slowly but lane for lane the same, so every width is checked on any
    /// machine. The models take every head kind, chained outputs, a feature subset and correction stages.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryVectorWidthGivesEqNetsBitsWhateverTheRowCount(int width)
    {
        var models = WidthModels();
        var classes = models.Select((m, k) => ($"M{k}", m)).ToArray();
        var exported = Load([.. classes.Select(c => Narrowed(CSharpExporter.Generate(c.m, c.Item1, "Generated"), width)), Narrow], classes);
        for (int k = 0; k < models.Length; k++)
        {
            var x = Prediction.TestModels.Points(models[k], 600, seed: 11);
            // Counts around the widths (1, 2, 4, 8 lanes) and past a block of rows.
            foreach (int count in (int[])[0, 1, 2, 3, 5, 7, 8, 9, 17, 597])
                AssertSameBits(exported, k, models[k], x, count, $"{models[k].Problem.Name} at {width} bits");
            AssertPointsSameBits(exported, k, models[k], x, 9, $"{models[k].Problem.Name} at {width} bits");
        }
    }

    /// <summary>Catalogue models that together take every head kind, an output that sees another, a feature subset and correction stages.</summary>
    private static EqNetModel[] WidthModels()
    {
        var all = ExportModels.Examples.Select(n => (Name: n, Model: ExportModels.Get(n))).ToArray();
        var chosen = new List<EqNetModel>();
        void Take(Func<EqNetModel, bool> has)
        {
            if (!chosen.Any(has)) chosen.Add(all.First(m => has(m.Model)).Model);
        }

        foreach (var kind in Enum.GetValues<OutputHeadKind>()) Take(m => m.Network.Heads.Any(h => h.Kind == kind));
        Take(m => m.Network.Upstream.Any(u => u.Count > 0));
        Take(m => m.Network.FeatureSubsets.Any(s => s is not null));
        Take(m => m.Corrections is { Count: > 0 });
        return [.. chosen];
    }

    /// <summary>
    /// The file as if the CPU had no vectors wider than <paramref name="width"/> bits (read from a static readonly
    /// false, which the JIT folds as it folds IsHardwareAccelerated, and which leaves no unreachable code to warn about).
    /// </summary>
    private static string Narrowed(string source, int width)
    {
        Assert.Contains("Vector512.IsHardwareAccelerated", source);
        Assert.Contains("Vector256.IsHardwareAccelerated", source);
        if (width < 512) source = source.Replace("Vector512.IsHardwareAccelerated", "global::Narrow.Accelerated", StringComparison.Ordinal);
        if (width < 256) source = source.Replace("Vector256.IsHardwareAccelerated", "global::Narrow.Accelerated", StringComparison.Ordinal);
        return source;
    }

    private const string Narrow = "public static class Narrow { public static readonly bool Accelerated = false; }";

    [Fact]
    public void OnePointAndABatchAllocateNothing()
    {
        var model = ExportModels.Get("seed-plus-flow");
        string source = CSharpExporter.Generate(model, "Flow", "Generated");
        // Each output's own method (PredictY(x1, ..., x5)), the one-point Predict(x, y) and the batch, each warmed up first.
        const string adapter = """
            public static class Allocation
            {
                public static long Measure(double[] x, int n, double[] y)
                {
                    Run(x, n, y);
                    long before = System.GC.GetAllocatedBytesForCurrentThread();
                    Run(x, n, y);
                    return System.GC.GetAllocatedBytesForCurrentThread() - before;
                }

                private static void Run(double[] x, int n, double[] y)
                {
                    for (int i = 0; i < n; i++) y[2 * i] = Generated.Flow.PredictY(x[5 * i], x[5 * i + 1], x[5 * i + 2], x[5 * i + 3], x[5 * i + 4]);
                    for (int i = 0; i < n; i++) Generated.Flow.Predict(new System.ReadOnlySpan<double>(x, 5 * i, 5), new System.Span<double>(y, 2 * i, 2));
                    Generated.Flow.Predict(x, n, y);
                }
            }
            """;
        var measure = Emit([source, adapter]).GetType("Allocation")!.GetMethod("Measure")!;
        const int n = 1001;
        var x = Prediction.TestModels.Points(model, n);
        Assert.Equal(0L, (long)measure.Invoke(null, [x, n, new double[2 * n]])!);
    }

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

    [Fact]
    public void ANegativeCountOrShortBuffersAreRefused()
    {
        var model = ExportModels.Get("seed");
        var exported = Load([CSharpExporter.Generate(model, "ExportedModel", "Generated")], [("ExportedModel", model)]);
        var x = Prediction.TestModels.Points(model, 10);
        Assert.IsType<ArgumentOutOfRangeException>(Assert.Throws<TargetInvocationException>(() => exported.Batch(0, x, -1, new double[10])).InnerException);
        Assert.IsType<ArgumentException>(Assert.Throws<TargetInvocationException>(() => exported.Batch(0, x, 11, new double[11])).InnerException);
        Assert.IsType<ArgumentException>(Assert.Throws<TargetInvocationException>(() => exported.Batch(0, x, 10, new double[9])).InnerException);
    }

    /// <summary>The first <paramref name="count"/> rows through the batch: EqNet's bits, and nothing written past them.</summary>
    private static void AssertSameBits(Exported exported, int model, EqNetModel eqnet, double[] x, int count, string what)
    {
        int o = eqnet.OutputNames.Count;
        var expected = eqnet.Predict(x, count);
        var actual = new double[count * o + 3];
        const double untouched = 12345.678;
        Array.Fill(actual, untouched);
        exported.Batch(model, x, count, actual);
        var (worst, identical) = ExportModels.Compare(actual.AsSpan(0, count * o), expected, o, 0);
        Assert.True(count == 0 || identical == 1, $"{what}, {count} rows: {1 - identical:P2} of the outputs differ, up to {worst:E3} relative");
        Assert.All(actual[(count * o)..], v => Assert.Equal(untouched, v));
    }

    /// <summary>The first <paramref name="count"/> points one at a time (Predict(x, y)): EqNet's bits.</summary>
    private static void AssertPointsSameBits(Exported exported, int model, EqNetModel eqnet, double[] x, int count, string what)
    {
        int d = eqnet.InputNames.Count, o = eqnet.OutputNames.Count;
        var expected = eqnet.Predict(x, count);
        for (int i = 0; i < count; i++)
        {
            var y = new double[o];
            exported.Point(model, x[(i * d)..((i + 1) * d)], y);
            var (worst, identical) = ExportModels.Compare(y, expected.AsSpan(i * o, o), o, 0);
            Assert.True(identical == 1, $"{what}, point {i}: differs by {worst:E3} relative");
        }
    }

    /// <summary>Batch and one-point prediction of each of the compiled classes, by their index in the list given to <see cref="Load"/>.</summary>
    internal sealed record Exported(Action<int, double[], int, double[]> Batch, Action<int, double[], double[]> Point);

    /// <summary>Compiles generated files (one or several classes in namespace Generated) with an adapter that takes arrays (spans cannot go through reflection).</summary>
    internal static Exported Load(IReadOnlyList<string> sources, IReadOnlyList<(string Class, EqNetModel Model)> classes)
    {
        string batch = string.Concat(classes.Select((c, k) => $"case {k}: Generated.{c.Class}.Predict(x, n, y); break; "));
        string point = string.Concat(classes.Select((c, k) => $"case {k}: Generated.{c.Class}.Predict(new System.ReadOnlySpan<double>(x), new System.Span<double>(y)); break; "));
        string adapter = $$"""
            public static class Adapter
            {
                public static void Batch(int k, double[] x, int n, double[] y) { switch (k) { {{batch}} } }
                public static void Point(int k, double[] x, double[] y) { switch (k) { {{point}} } }
            }
            """;
        var type = Emit([.. sources, adapter]).GetType("Adapter")!;
        var run = type.GetMethod("Batch")!;
        var one = type.GetMethod("Point")!;
        return new Exported((k, x, n, y) => run.Invoke(null, [k, x, n, y]), (k, x, y) => one.Invoke(null, [k, x, y]));
    }

    /// <summary>Compiles the generated file with Roslyn beside an adapter that takes arrays (spans cannot go through reflection).</summary>
    internal static Action<double[], int, double[]> Compile(string source)
    {
        const string adapter = "public static class Adapter { public static void Run(double[] x, int n, double[] y) => Generated.ExportedModel.Predict(x, n, y); }";
        var method = Emit([source, adapter]).GetType("Adapter")!.GetMethod("Run")!;
        return (x, n, y) => method.Invoke(null, [x, n, y]);
    }

    /// <summary>Compiles the files as a user's project would (Release, nullable, latest C#), with no warnings allowed.</summary>
    private static Assembly Emit(IEnumerable<string> sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Exported" + Guid.NewGuid().ToString("N"),
            sources.Select(source => CSharpSyntaxTree.ParseText(source, options)), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)));
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return Assembly.Load(stream.ToArray());
    }
}
