using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EqNet.Prediction;

/// <summary>
/// CPU seconds of the calling thread (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)), else wall seconds: a stage's
/// cost that a loaded machine's waiting does not inflate, where wall time would.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    private static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    /// <summary>A reading in seconds; only differences of two readings on one thread mean something.</summary>
    public static double Now() => Available && clock_gettime(ClockThreadCpuTimeId, out var t) == 0
        ? t.Seconds + t.Nanoseconds * 1e-9
        : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    private static bool Probe()
    {
        try { return clock_gettime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
