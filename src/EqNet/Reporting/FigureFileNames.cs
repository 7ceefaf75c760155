using System.Text;

namespace EqNet.Reporting;

/// <summary>Gives each plot a distinct, file-system-safe file name built from a variable's name.</summary>
internal sealed class FigureFileNames
{
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>prefix + name + .png</c> with characters other than letters, digits, <c>-</c> and <c>_</c>
    /// replaced by <c>_</c> (the position when nothing readable is left); a name already taken (case-insensitively, for case-insensitive file
    /// systems) gets the variable's position appended.
    /// </summary>
    public string Next(string prefix, string name, int position)
    {
        var safe = new StringBuilder();
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        // A name with no ASCII letter or digit (say, θ) would become only underscores: use its position.
        var readable = safe.ToString().Any(char.IsAsciiLetterOrDigit);
        var stem = prefix + (readable ? safe.ToString() : (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var fileName = stem + ".png";
        if (!used.Add(fileName))
        {
            fileName = $"{stem}-{position + 1}.png";
            used.Add(fileName);
        }

        return fileName;
    }
}
