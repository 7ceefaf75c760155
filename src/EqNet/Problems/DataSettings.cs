namespace EqNet.Problems;

/// <summary>The optional <c>data</c> section: measured points to fit besides the equations.</summary>
/// <param name="File">
/// The data file, resolved against the problem file's folder when the problem was loaded from disk
/// (as written otherwise); null when not given.
/// </param>
public sealed record DataSettings(string? File)
{
    /// <summary>Settings for a file without a <c>data</c> section.</summary>
    public static DataSettings Empty { get; } = new((string?)null);

    /// <summary>
    /// What a user who gave a data file must be told, or null without one: the equations determine every output, and this
    /// version trains on them alone.
    /// </summary>
    public string? UnusedWarning => File is null ? null :
        $"data.file '{File}' is not used: this version trains on the equations alone (they determine every output), so measured points are neither fitted nor scored. " +
        $"To compare a trained model with them: eqnet predict MODEL --csv '{File}'.";
}
