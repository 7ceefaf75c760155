using System.CommandLine;
using System.Globalization;
using System.Reflection;
using EqNet.Export;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Sampling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench export</c>: the exported C# of a Colebrook and a Kepler model, compiled as a user's project would
/// (Roslyn, Release), per point and batched on one thread, against Newton to 1e-12 from the classical starts
/// (Colebrook: Swamee-Jain; Kepler: M + e sin M), in the same compiled code; with the worst relative error against
/// Newton converged to the last bits. Target: batch at least 2x faster than Newton, per point no slower.
/// </summary>
internal static class BenchExportCommand
{
    public static Command Create()
    {
        var colebrook = new Option<string?>("--colebrook") { Description = "A trained model of examples/colebrook.yaml (default: the network a 60 s training plans, untrained: speed does not depend on the weights, and no error is shown)." };
        var kepler = new Option<string?>("--kepler") { Description = "A trained model of examples/kepler.yaml (default: as for --colebrook)." };
        var examples = new Option<string>("--examples") { Description = "Folder holding colebrook.yaml and kepler.yaml.", DefaultValueFactory = _ => "examples" };
        var points = new Option<int>("--points") { Description = "Points per problem.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("export", "Speed of the exported C# (per point and batched, one thread) against Newton from the classical starts on Colebrook and Kepler.")
        {
            colebrook, kepler, examples, points,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetValue(colebrook), parsed.GetValue(kepler), parsed.GetRequiredValue(examples), parsed.GetValue(points))));
        return command;
    }

    /// <summary>The classical solve of each problem, in C#: Newton on the problem's equation from the textbook start, to 1e-12 relative.</summary>
    private static readonly Dictionary<string, string> Newton = new()
    {
        // Colebrook in x = 1/sqrt(f): g(x) = x + 2 log10(rr/3.7 + 2.51 x / Re); Swamee-Jain's f as the start.
        ["colebrook"] = """
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
            public static double Solve(double Re, double rr, double tolerance, out int iterations)
            {
                double l = Math.Log10(rr / 3.7 + 5.74 / Math.Pow(Re, 0.9));
                double x = -2 * l;
                double a = rr / 3.7, b = 2.51 / Re, c = 2 / Math.Log(10);
                for (iterations = 1; iterations <= 50; iterations++)
                {
                    double inner = a + b * x;
                    double g = x + c * Math.Log(inner), dg = 1 + c * b / inner;
                    double dx = g / dg;
                    x -= dx;
                    if (Math.Abs(dx) <= tolerance * Math.Abs(x)) break;
                }
                return 1 / (x * x);
            }
            """,
        ["kepler"] = """
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
            public static double Solve(double M, double ecc, double tolerance, out int iterations)
            {
                double e = M + ecc * Math.Sin(M);
                for (iterations = 1; iterations <= 50; iterations++)
                {
                    double dx = (e - ecc * Math.Sin(e) - M) / (1 - ecc * Math.Cos(e));
                    e -= dx;
                    if (Math.Abs(dx) <= tolerance * Math.Abs(e)) break;
                }
                return e;
            }
            """,
    };

    private static int Run(string? colebrookPath, string? keplerPath, string examples, int points)
    {
        if (points < 1) throw new UserInputException($"--points must be at least 1, not {points}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exported C# vs Newton to 1e-12, one thread, {points:N0} points of each domain, ns per point of the thread's CPU time (best of 5 interleaved rounds); the exported batch runs {Lanes()} rows per SIMD vector"));
        foreach (var (name, path) in new[] { ("colebrook", colebrookPath), ("kepler", keplerPath) })
        {
            var problem = Surrogate.LoadProblem(Path.Combine(examples, name + ".yaml"));
            var model = path is null ? Surrogate.Design(problem) : Surrogate.Load(path);
            if (model.Problem.Name != problem.Name || model.InputNames.Count != 2 || model.OutputNames.Count != 1)
                throw new UserInputException($"{path}: a model of {model.Problem.Name}, not of {name} ({name}.yaml)");
            // The target is the network's (the surrogate a user calls in place of the solve); a model with Newton steps
            // after its network is timed again whole, steps included, beside it.
            RunOne(name, model.WithoutRefinement(), path is not null, points, model.Refinement is null ? "" : ", the network alone");
            if (model.Refinement is { } steps) RunOne(name, model, path is not null, points, $", with its {steps.Text}");
        }
        return ExitCodes.Ok;
    }

    private static void RunOne(string name, EqNetModel model, bool trained, int points, string what)
    {
        string output = model.OutputNames[0];
        string method = "Predict" + char.ToUpperInvariant(output[0]) + output[1..];
        string adapter = $$"""
            using System;
            public static class Bench
            {
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
                public static void Batch(double[] x, int n, double[] y) => Generated.Exported.Predict(x, n, y);
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
                public static void PerPoint(double[] x, int n, double[] y) { for (int i = 0; i < n; i++) y[i] = Generated.Exported.{{method}}(x[2 * i], x[2 * i + 1]); }
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
                public static void Newton(double[] x, int n, double[] y, double tolerance, int[] iterations)
                {
                    for (int i = 0; i < n; i++) { y[i] = Solve(x[2 * i], x[2 * i + 1], tolerance, out int k); iterations[i] = k; }
                }
            {{Newton[name]}}
            }
            """;
        var bench = Compile(CSharpExporter.Generate(model, "Exported", "Generated"), adapter);
        var batch = bench.GetMethod("Batch")!.CreateDelegate<Action<double[], int, double[]>>();
        var perPoint = bench.GetMethod("PerPoint")!.CreateDelegate<Action<double[], int, double[]>>();
        var newton = bench.GetMethod("Newton")!.CreateDelegate<Action<double[], int, double[], double, int[]>>();
        var x = new DomainSampler(model.Problem).Sample(points, seed: 1);
        double[] yBatch = new double[points], yPoint = new double[points], yNewton = new double[points], reference = new double[points];
        var iterations = new int[points];
        double tBatch = double.MaxValue, tPoint = double.MaxValue, tNewton = double.MaxValue, tLibrary = double.MaxValue;
        var yLibrary = new double[points];
        for (int round = 0; round < 5; round++)
        {
            tBatch = Math.Min(tBatch, Time(() => batch(x, points, yBatch)));
            tPoint = Math.Min(tPoint, Time(() => perPoint(x, points, yPoint)));
            tNewton = Math.Min(tNewton, Time(() => newton(x, points, yNewton, 1e-12, iterations)));
            tLibrary = Math.Min(tLibrary, Time(() => model.Predict(x, points, yLibrary, threads: 1)));
        }
        double meanIterations = iterations.Average();
        int failed = iterations.Count(k => k > 50);
        newton(x, points, reference, 1e-16, iterations);
        double worst = 0, newtonWorst = 0;
        for (int i = 0; i < points; i++)
        {
            worst = Math.Max(worst, Math.Abs(yBatch[i] - reference[i]) / Math.Abs(reference[i]));
            newtonWorst = Math.Max(newtonWorst, Math.Abs(yNewton[i] - reference[i]) / Math.Abs(reference[i]));
        }
        bool same = yBatch.AsSpan().SequenceEqual(yPoint) && yBatch.AsSpan().SequenceEqual(yLibrary);
        double ns(double seconds) => seconds / points * 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} ({model.Parameters.Length} parameters{(trained ? "" : ", untrained")}{what}): batch {ns(tBatch):0.0} ns, per point {ns(tPoint):0.0} ns, Newton {ns(tNewton):0.0} ns ({meanIterations:0.00} iterations, {failed} not converged in 50); EqNet's own batch {ns(tLibrary):0.0} ns"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Newton / batch {tNewton / tBatch:0.00}x ({(tNewton >= 2 * tBatch ? "meets" : "MISSES")} >= 2x), Newton / per point {tNewton / tPoint:0.00}x ({(tNewton >= tPoint ? "meets" : "MISSES")} >= 1x); per point, batch and EqNet {(same ? "the same bits" : "DIFFER")}"));
        if (trained)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  worst relative error against Newton converged to the last bits: surrogate {worst:E2} ({(worst <= 1e-6 ? "meets" : "MISSES")} <= 1e-6), Newton to 1e-12 {newtonWorst:E2}"));
    }

    /// <summary>Rows per vector in the exported batch: the widest of 512, 256 and 128 bits the CPU runs natively (1: none, one point at a time).</summary>
    private static int Lanes() => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 8
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 4 : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 2 : 1;

    /// <summary>CPU seconds of this thread (wall seconds where the OS has no thread clock): a loaded machine's waiting does not count.</summary>
    private static double Time(Action run)
    {
        double start = ThreadCpuClock.Now();
        run();
        return ThreadCpuClock.Now() - start;
    }

    private static Type Compile(string exported, string adapter)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Exported" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(exported, options), CSharpSyntaxTree.ParseText(adapter, options)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
            throw new InvalidOperationException("the exported file does not compile: " + string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray()).GetType("Bench")!;
    }
}
