using System.Globalization;
using System.Text;
using EqNet.IO;

namespace EqNet.Training;

/// <summary>A run's history as CSV (<c>history.csv</c> beside the model), so a report can be rebuilt later.</summary>
public static class HistoryFile
{
    private const string Header = "step,seconds,phase,loss,validation_median,validation_p99,damping,seconds_left";

    /// <summary>Writes the history atomically.</summary>
    public static void Write(string path, IReadOnlyList<TrainingProgress> history)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var h in history)
            text.Append(string.Join(',', h.Step.ToString(CultureInfo.InvariantCulture), F(h.Seconds), h.Phase, F(h.Loss),
                F(h.ValidationMedian), F(h.ValidationP99), F(h.Damping), F(h.SecondsLeft))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a history written by <see cref="Write"/>; a missing file gives an empty history.</summary>
    public static IReadOnlyList<TrainingProgress> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) throw new FormatException($"{path}: not an EqNet history file (header '{Header}')");
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var c = line.Split(',');
            return new TrainingProgress(int.Parse(c[0], CultureInfo.InvariantCulture), D(c[1]), c[2], D(c[3]), N(c[4]), N(c[5]), D(c[6]), D(c[7]));
        }).ToArray();
    }

    private static string F(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static double? N(string s) => s.Length == 0 ? null : D(s);
}
