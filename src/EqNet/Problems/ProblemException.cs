namespace EqNet.Problems;

/// <summary>
/// A mistake in a problem file. The message reads <c>file:line: field: what is wrong. What to do.</c>, e.g.
/// <c>seed.yaml:4: inputs.x2.max: unknown variable 'x9' (inputs so far: x1). A bound may use only inputs listed before it.</c>
/// </summary>
public sealed class ProblemException : Exception
{
    /// <summary>Creates the exception; the message is composed from the location and <paramref name="detail"/>.</summary>
    /// <param name="file">The problem file as the user named it.</param>
    /// <param name="line">1-based line, or 0 when the mistake has no line (e.g. a missing file).</param>
    /// <param name="field">Dotted path of the offending field (e.g. <c>inputs.x2.max</c>), or empty.</param>
    /// <param name="detail">What is wrong and what to do.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ProblemException(string file, int line, string field, string detail, Exception? inner = null)
        : base(Compose(file, line, field, detail), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Detail = detail;
    }

    /// <summary>The problem file as the user named it.</summary>
    public string File { get; }

    /// <summary>1-based line of the mistake, or 0 when it has none.</summary>
    public int Line { get; }

    /// <summary>Dotted path of the offending field (e.g. <c>inputs.x2.max</c>, <c>equations[1]</c>), or empty.</summary>
    public string Field { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Compose(string file, int line, string field, string detail)
    {
        string location = line > 0 ? $"{file}:{line}" : file;
        return field.Length > 0 ? $"{location}: {field}: {detail}" : $"{location}: {detail}";
    }
}
