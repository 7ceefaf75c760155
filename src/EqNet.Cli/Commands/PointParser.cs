using System.Globalization;

namespace EqNet.Cli.Commands;

/// <summary>Parses <c>--at "x1=700, x2=20"</c> into values in the given name order.</summary>
internal static class PointParser
{
    public static double[] Parse(string text, IReadOnlyList<string> names)
    {
        var values = new double?[names.Count];
        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new UserInputException($"--at: '{part}' is not name=value; write e.g. --at \"{names[0]}=1.5\"");
            string name = part[..eq].Trim();
            int index = IndexOf(names, name);
            if (index < 0) throw new UserInputException($"--at: unknown input '{name}'; the inputs are {string.Join(", ", names)}");
            if (!double.TryParse(part[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new UserInputException($"--at: '{part[(eq + 1)..].Trim()}' (for {name}) is not a number");
            values[index] = v;
        }
        var missing = names.Where((_, i) => values[i] is null).ToArray();
        if (missing.Length > 0) throw new UserInputException($"--at: missing {string.Join(", ", missing)}; give every input, e.g. --at \"{string.Join(", ", names.Select(n => n + "=..."))}\"");
        return values.Select(v => v!.Value).ToArray();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }
}
