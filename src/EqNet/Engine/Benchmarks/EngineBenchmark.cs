using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace EqNet.Engine.Benchmarks;

/// <summary>
/// Throughput of the engine on the reference network (MLP 5-64-64-64-1, tanh, MSE against a fixed random target, Adam
/// lr 1e-3, fixed batch): median step time over 300 steps after 30 warm-up steps; forward-only at batch 65,536, median
/// over 30 repetitions after 5. The same workload and keys as the libtorch reference in ../shared/peers.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>FMA pipes per core assumed for the peak (AMD Zen 4/5 and Intel server cores with AVX-512 have 2).</summary>
    public const int FmaPipesPerCore = 2;

    /// <summary>Runs every measurement; <paramref name="progress"/> gets a line per figure.</summary>
    public static IReadOnlyDictionary<string, double> Run(TextWriter? progress = null, int steps = 300, int warmup = 30)
    {
        var results = new Dictionary<string, double>();
        // Warm up the JIT (tiered compilation promotes hot code after it has run for a while) for both precisions,
        // so the first figure is not measured on unoptimised code.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 3)
        {
            TrainStep<float>(256, 1, 10, 50);
            TrainStep<double>(256, 1, 10, 50);
            Infer<float>(4096, 1, 2, 3);
            Infer<double>(4096, 1, 2, 3);
        }
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var precision in new[] { "f32", "f64" })
            {
                foreach (int batch in new[] { 256, 1024, 4096 })
                {
                    double seconds = precision == "f32" ? TrainStep<float>(batch, threads, steps, warmup) : TrainStep<double>(batch, threads, steps, warmup);
                    Record(results, $"train_sps_{precision}_b{batch}_t{threads}", batch / seconds, progress);
                    if (precision == "f32" && batch == 4096 && threads == 2)
                        Record(results, "fma_peak_fraction_f32_b4096_t2", FmaPerSample * batch / seconds / PeakFma(threads, 16), progress);
                }
                double inference = precision == "f32" ? Infer<float>(65536, threads) : Infer<double>(65536, threads);
                Record(results, $"infer_sps_{precision}_b65536_t{threads}", 65536 / inference, progress);
            }
        }
        return results;
    }

    /// <summary>Multiply-adds of the three products (forward, input gradient, weight gradient) per sample of a training step.</summary>
    public const double FmaPerSample = 3.0 * (5 * 64 + 64 * 64 + 64 * 64 + 64 * 1);

    /// <summary>Peak FMAs per second: threads x pipes x lanes x clock, the clock read from /proc/cpuinfo ("cpu MHz").</summary>
    public static double PeakFma(int threads, int lanes) => threads * FmaPipesPerCore * lanes * ClockHz();

    /// <summary>The CPU clock from /proc/cpuinfo, or 2.5 GHz when it cannot be read.</summary>
    public static double ClockHz()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("cpu MHz", StringComparison.Ordinal));
            if (line is not null && double.TryParse(line.Split(':')[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double mhz)) return mhz * 1e6;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 2.5e9;
    }

    /// <summary>Median seconds per training step.</summary>
    public static double TrainStep<T>(int batch, int threads, int steps = 300, int warmup = 30) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var net = ReferenceNetwork<T>.Build(batch, threads, withLoss: true);
        var adam = new GraphAdam<T>(net.Graph.Parameters);
        var times = new double[steps];
        for (int s = 0; s < steps + warmup; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            net.Graph.Forward();
            net.Graph.Backward();
            adam.Step();
            if (s >= warmup) times[s - warmup] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return times[steps / 2];
    }

    /// <summary>Median seconds per forward pass.</summary>
    public static double Infer<T>(int batch, int threads, int reps = 30, int warmup = 5) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var net = ReferenceNetwork<T>.Build(batch, threads, withLoss: false);
        var times = new double[reps];
        for (int s = 0; s < reps + warmup; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            net.Graph.Forward();
            if (s >= warmup) times[s - warmup] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return times[reps / 2];
    }

    /// <summary>Plain text, one figure a line.</summary>
    public static string ToText(IReadOnlyDictionary<string, double> results) =>
        string.Join('\n', results.Select(kv => $"{kv.Key,-32} {Format(kv.Key, kv.Value)}"));

    /// <summary>One JSON object.</summary>
    public static string ToJson(IReadOnlyDictionary<string, double> results)
    {
        var text = new StringBuilder("{\n");
        text.Append(" \"engine\": \"EqNet managed engine\"");
        foreach (var (key, value) in results) text.Append(",\n \"").Append(key).Append("\": ").Append(Format(key, value));
        return text.Append("\n}").ToString();
    }

    private static string Format(string key, double value) =>
        key.StartsWith("fma", StringComparison.Ordinal) ? value.ToString("0.000", CultureInfo.InvariantCulture) : Math.Round(value).ToString("F0", CultureInfo.InvariantCulture);

    private static void Record(Dictionary<string, double> results, string key, double value, TextWriter? progress)
    {
        results[key] = value;
        progress?.WriteLine($"{key,-32} {Format(key, value)}");
    }
}
