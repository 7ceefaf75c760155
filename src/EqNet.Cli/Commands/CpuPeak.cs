using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EqNet.Cli.Commands;

/// <summary>
/// A core's float64 FMA peak: the clock measured while the benchmark runs x FMA pipes x lanes of the FMA datapath, in
/// multiply-adds per second (twice that in GFLOP/s).
/// </summary>
/// <remarks>
/// <para>
/// The clock is measured, not read: "cpu MHz" in /proc/cpuinfo is the nominal clock on a virtual machine (2,596 MHz,
/// and no cpufreq in /sys), while the core boosts above it, so a peak from it was exceeded by our kernel ("105 %").
/// <see cref="MeasureClock"/> times a chain of dependent one-cycle integer operations against Stopwatch.
/// </para>
/// <para>
/// Pipes and width, stated because the kernel does not report them: two FMA pipes per core (AMD Zen 1 to 5, Intel server
/// cores since Skylake-SP). On AMD before family 26 the FMA datapath is 256 bits wide: AMD's "Software Optimization
/// Guide for the AMD Zen4 Microarchitecture" (publication 57647, its floating-point unit section) gives two FMA pipes
/// of 256 bits and 512-bit operations issued as two 256-bit halves, i.e. 8 float64 multiply-adds a cycle, the same as
/// Zen 3 with AVX2 (A. J. Yee's "Zen4's AVX512 Teardown", numberworld.org, 2022, measured one 512-bit FMA a cycle);
/// Zen 1 to 3 have no AVX-512. Where AVX-512 runs full width (AMD family 26, Intel) the datapath is 512 bits.
/// </para>
/// </remarks>
internal sealed record CpuPeak(double ClockGhz, int FmaPipes, int Lanes, string Description)
{
    /// <summary>Float64 multiply-adds per second of one core, in billions.</summary>
    public double GigaFmaPerCore => ClockGhz * FmaPipes * Lanes;

    public static CpuPeak Read()
    {
        string text = File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : "";
        string Field(string name) => text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        double nominal = double.TryParse(Field("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var flags = Field("flags").Split(' ');
        bool amd = Field("vendor_id") == "AuthenticAMD";
        int family = int.TryParse(Field("cpu family"), out var f) ? f : 0;
        bool avx512 = flags.Contains("avx512f"), avx2 = flags.Contains("avx2") && flags.Contains("fma");
        int bits = avx512 && (!amd || family >= 26) ? 512 : avx2 || avx512 ? 256 : 128;
        string model = Field("model name");
        double mhz = MeasureClock() / 1e6;
        double fma = MeasureFma() / 1e9;
        return new CpuPeak(mhz / 1000, 2, bits / 64,
            $"{model} (family {family}), {mhz:0} MHz measured (nominal {nominal:0}) x 2 FMA pipes x {bits / 64} float64 lanes ({bits}-bit FMA datapath{(avx512 && bits == 256 ? ", AVX-512 double-pumped" : "")}); "
            + $"a register-only FMA loop reached {2 * fma:0.0} GFLOP/s ({fma / (mhz / 1000):0.0} multiply-adds a cycle)");
    }

    /// <summary>
    /// Float64 multiply-adds per second of a loop of independent vector FMAs in registers (no memory traffic), the
    /// fastest of 50 runs: the core's FMA throughput at the clock it holds under FMA load, which checks the pipes x lanes
    /// x clock figure (an FMA-heavy core may clock lower than the integer chain shows).
    /// </summary>
    public static double MeasureFma()
    {
        const long iterations = 50_000;
        double best = double.MaxValue, sink = 0;
        for (int run = 0; run < 51; run++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += FmaLoop(iterations, 1.0000001);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (run > 0) best = Math.Min(best, seconds);
        }
        int lanes = Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 2;
        return sink == 0 ? 0 : iterations * 12 * lanes / best;
    }

    /// <summary>12 independent FMA chains (more than pipes x latency: 2 x 4 on Zen 4) so that the loop is throughput-bound.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double FmaLoop(long iterations, double factor)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            var m = Vector256.Create(factor);
            Vector256<double> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Vector256.FusedMultiplyAdd(a0, m, m); a1 = Vector256.FusedMultiplyAdd(a1, m, m); a2 = Vector256.FusedMultiplyAdd(a2, m, m);
                a3 = Vector256.FusedMultiplyAdd(a3, m, m); a4 = Vector256.FusedMultiplyAdd(a4, m, m); a5 = Vector256.FusedMultiplyAdd(a5, m, m);
                a6 = Vector256.FusedMultiplyAdd(a6, m, m); a7 = Vector256.FusedMultiplyAdd(a7, m, m); a8 = Vector256.FusedMultiplyAdd(a8, m, m);
                a9 = Vector256.FusedMultiplyAdd(a9, m, m); a10 = Vector256.FusedMultiplyAdd(a10, m, m); a11 = Vector256.FusedMultiplyAdd(a11, m, m);
            }
            return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
        var f = Vector512.Create(factor);
        Vector512<double> b0 = f, b1 = f, b2 = f, b3 = f, b4 = f, b5 = f, b6 = f, b7 = f, b8 = f, b9 = f, b10 = f, b11 = f;
        for (long i = 0; i < iterations; i++)
        {
            b0 = Vector512.FusedMultiplyAdd(b0, f, f); b1 = Vector512.FusedMultiplyAdd(b1, f, f); b2 = Vector512.FusedMultiplyAdd(b2, f, f);
            b3 = Vector512.FusedMultiplyAdd(b3, f, f); b4 = Vector512.FusedMultiplyAdd(b4, f, f); b5 = Vector512.FusedMultiplyAdd(b5, f, f);
            b6 = Vector512.FusedMultiplyAdd(b6, f, f); b7 = Vector512.FusedMultiplyAdd(b7, f, f); b8 = Vector512.FusedMultiplyAdd(b8, f, f);
            b9 = Vector512.FusedMultiplyAdd(b9, f, f); b10 = Vector512.FusedMultiplyAdd(b10, f, f); b11 = Vector512.FusedMultiplyAdd(b11, f, f);
        }
        return Vector512.Sum(b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11);
    }

    /// <summary>
    /// Dependent one-cycle operations per timed run: about 1.5 ms at 3 GHz, well inside a scheduler time slice, so that
    /// on a loaded machine some of the runs are not cut (15 ms runs under a load of 24 on 2 cores read 3.26 GHz instead
    /// of 3.6).
    /// </summary>
    private const long ChainLength = 4_800_000;

    /// <summary>Timed runs, the fastest kept: about 0.3 s in all.</summary>
    private const int ClockRuns = 200;

    /// <summary>
    /// Cycles per second of the calling thread's core: a chain of dependent integer adds and exclusive-ors (one cycle
    /// each on every x86 core since the 1990s), the fastest of <see cref="ClockRuns"/> runs, so runs cut by other
    /// processes do not count.
    /// </summary>
    public static double MeasureClock()
    {
        Chain(1000, 1, 2);
        double best = double.MaxValue;
        for (int run = 0; run < ClockRuns; run++)
        {
            long start = Stopwatch.GetTimestamp();
            long sink = Chain(ChainLength / 8, 3, 5);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (sink != 42) best = Math.Min(best, seconds);
        }
        return ChainLength / best;
    }

    /// <summary>8 dependent operations an iteration; the loop counter is a separate chain the core runs alongside.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chain(long iterations, long a, long b)
    {
        long x = 0;
        for (long i = 0; i < iterations; i++)
        {
            x += a; x ^= b; x += a; x ^= b;
            x += a; x ^= b; x += a; x ^= b;
        }
        return x;
    }
}
