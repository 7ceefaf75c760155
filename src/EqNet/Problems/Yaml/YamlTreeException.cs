namespace EqNet.Problems.Yaml;

/// <summary>The text is not a readable YAML document; carries the 1-based position of the problem.</summary>
internal sealed class YamlTreeException(int line, int column, string message, string field = "") : Exception(message)
{
    /// <summary>1-based line of the problem.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; } = column;

    /// <summary>Dotted path of the offending key, or empty when the text could not be read that far.</summary>
    public string Field { get; } = field;
}
