using System.Globalization;

namespace EqNet.Cli.Commands;

/// <summary>
/// A core's float64 FMA peak from /proc/cpuinfo: clock x FMA pipes x lanes of the FMA datapath, in multiply-adds per
/// second (twice that in GFLOP/s).
/// </summary>
/// <remarks>
/// Assumptions, stated because /proc/cpuinfo does not say them: two FMA pipes per core (AMD Zen 1 to 5, Intel server
/// cores since Skylake-SP); the datapath is 256 bits wide on AMD before family 26 (Zen 4, family 25, runs AVX-512 as two
/// 256-bit halves; Zen 1 to 3 have no AVX-512) and 512 bits where AVX-512 runs full width (AMD family 26 and later,
/// Intel); the clock is the "cpu MHz" line, the nominal clock (boost makes the real one higher, so the fraction of peak
/// is if anything overstated).
/// </remarks>
internal sealed record CpuPeak(double ClockGhz, int FmaPipes, int Lanes, string Description)
{
    /// <summary>Float64 multiply-adds per second of one core, in billions.</summary>
    public double GigaFmaPerCore => ClockGhz * FmaPipes * Lanes;

    public static CpuPeak Read()
    {
        string text = File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : "";
        string Field(string name) => text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        double mhz = double.TryParse(Field("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 2000;
        var flags = Field("flags").Split(' ');
        bool amd = Field("vendor_id") == "AuthenticAMD";
        int family = int.TryParse(Field("cpu family"), out var f) ? f : 0;
        bool avx512 = flags.Contains("avx512f"), avx2 = flags.Contains("avx2") && flags.Contains("fma");
        int bits = avx512 && (!amd || family >= 26) ? 512 : avx2 || avx512 ? 256 : 128;
        string model = Field("model name");
        return new CpuPeak(mhz / 1000, 2, bits / 64,
            $"{model} (family {family}), {mhz:0} MHz x 2 FMA pipes x {bits / 64} float64 lanes ({bits}-bit FMA datapath{(avx512 && bits == 256 ? ", AVX-512 double-pumped" : "")})");
    }
}
