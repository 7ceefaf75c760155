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
}
