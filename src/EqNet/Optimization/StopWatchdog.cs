using System.Diagnostics;

namespace EqNet.Optimization;

/// <summary>The time limit and cancellation token of <see cref="LevenbergMarquardt.Minimize"/>.</summary>
internal readonly struct StopWatchdog(TimeSpan? timeLimit, CancellationToken cancellation)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    /// <summary>Deadline or Cancelled when the run must stop now, otherwise null.</summary>
    public ExitCondition? Check()
    {
        if (cancellation.IsCancellationRequested) return ExitCondition.Cancelled;
        if (timeLimit is { } limit && Elapsed >= limit) return ExitCondition.Deadline;
        return null;
    }
}
