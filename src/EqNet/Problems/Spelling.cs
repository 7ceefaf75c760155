namespace EqNet.Problems;

/// <summary>"Did you mean ...?" suggestions for mistyped keys and names.</summary>
internal static class Spelling
{
    /// <summary>
    /// The single candidate closest to <paramref name="word"/> when it is close enough to be a likely typo
    /// (edit distance at most a third of the word's length, at least 1), or null when there is none or a tie.
    /// Words shorter than 3 characters get no suggestion: 'x9' is one edit from every 'x1'..'x8'.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        if (word.Length < 3)
            return null;
        int limit = Math.Max(1, word.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        bool tie = false;
        foreach (string candidate in candidates)
        {
            int distance = Distance(word, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance, tie) = (candidate, distance, false);
            }
            else if (distance == bestDistance && candidate != best)
            {
                tie = true;
            }
        }
        return best is not null && bestDistance <= limit && !tie ? best : null;
    }

    /// <summary>" Did you mean 'x'?" for the closest candidate, or an empty string.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } match ? $" Did you mean '{match}'?" : "";

    /// <summary>Levenshtein distance, case-insensitive (so 'Min' is one step from nothing but 'min').</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
