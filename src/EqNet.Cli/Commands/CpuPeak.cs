using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace EqNet.Cli.Commands;

/// <summary>
/// A core's float64 FMA peak: the clock measured while the benchmark runs x FMA pipes x lanes of the FMA datapath, in
/// multiply-adds per second (twice that in GFLOP/s).
/// </summary>
/// <remarks>
/// <para>
/// The clock is measured, not read: "cpu MHz" in /proc/cpuinfo is the nominal clock on this virtual machine (2,596 MHz,
/// and no cpufreq in /sys), while the core boosts above it, so a peak from it was exceeded by our kernel ("105 %").
/// <see cref="MeasureClock"/> times a chain of dependent one-cycle integer operations against Stopwatch.
/// </para>
/// <para>
/// Pipes and width, stated because the kernel does not report them: two FMA pipes per core (AMD Zen 1 to 5, Intel server
/// cores since Skylake-SP). On AMD before family 26 the FMA datapath is 256 bits wide: AMD's "Software Optimization
/// Guide for the AMD Zen4 Microarchitecture" (publication 57647, section 2.11, floating-point unit) gives two FMA pipes
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
        return new CpuPeak(mhz / 1000, 2, bits / 64,
            $"{model} (family {family}), {mhz:0} MHz measured (nominal {nominal:0}) x 2 FMA pipes x {bits / 64} float64 lanes ({bits}-bit FMA datapath{(avx512 && bits == 256 ? ", AVX-512 double-pumped" : "")})");
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
