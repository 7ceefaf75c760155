using System.Diagnostics;
using System.Globalization;

namespace EqNet.Training;

/// <summary>
/// Wall-clock seconds a training run spent in each of its phases, in the order they first ran: where the budget goes,
/// so a phase that buys nothing can be seen and trimmed.
/// </summary>
/// <remarks>
/// Phases: <c>setup</c> (sampling, features, network, reference solutions), <c>magnitude starts</c> (the trial
/// iterations of each magnitude's initialisations), <c>magnitude</c> (the pre-fit's continuation), <c>reference</c>
/// (coupled and implicit systems only), <c>lm</c> (the joint fit's steps), <c>validation</c> and <c>refresh</c>.
/// </remarks>
public sealed class PhaseTimes
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, double> _seconds = [];

    /// <summary>Seconds per phase, in the order the phases first ran.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Seconds => _order.Select(p => new KeyValuePair<string, double>(p, _seconds[p])).ToArray();

    /// <summary>Seconds spent in <paramref name="phase"/> (0 if it never ran).</summary>
    public double this[string phase] => _seconds.GetValueOrDefault(phase);

    /// <summary>Adds the time from now until the returned scope is disposed to <paramref name="phase"/>.</summary>
    public Scope Measure(string phase) => new(this, phase, Stopwatch.GetTimestamp());

    /// <summary>Adds <paramref name="seconds"/> to <paramref name="phase"/>.</summary>
    public void Add(string phase, double seconds)
    {
        if (!_seconds.ContainsKey(phase)) _order.Add(phase);
        _seconds[phase] = _seconds.GetValueOrDefault(phase) + seconds;
    }

    /// <summary>One line for the train print-out, e.g. <c>setup 0.3 s, magnitude starts 2.1 s, lm 14.0 s</c>.</summary>
    public override string ToString() =>
        string.Join(", ", Seconds.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.0} s")));

    /// <summary>A running measurement; disposing it books the time.</summary>
    public readonly struct Scope(PhaseTimes owner, string phase, long start) : IDisposable
    {
        /// <summary>Books the elapsed time to the phase.</summary>
        public void Dispose() => owner.Add(phase, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
