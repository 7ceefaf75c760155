namespace EqNet.Problems.Yaml;

/// <summary>A node of a parsed YAML document, with the 1-based line and column where it starts.</summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>What the node is, in words a user understands ("a list", "a mapping", "'abc'").</summary>
    public abstract string Describe();
}

/// <summary>A scalar. <see cref="IsNull"/> is true for <c>~</c>, <c>null</c> and an empty plain value.</summary>
internal sealed record YamlScalar(string Value, bool IsPlain, int Line, int Column) : YamlNode(Line, Column)
{
    /// <summary>Whether the scalar is YAML's null (only plain scalars can be).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string Describe() => IsNull ? "nothing (null)" : $"'{Value}'";
}

/// <summary>A sequence, in document order.</summary>
internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, int Line, int Column) : YamlNode(Line, Column)
{
    /// <inheritdoc />
    public override string Describe() => "a list";
}

/// <summary>A mapping with scalar keys, in document order; keys are unique (the reader rejects duplicates).</summary>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, int Line, int Column)
    : YamlNode(Line, Column)
{
    /// <summary>The value under <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlNode? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
                return entry.Value;
        }
        return null;
    }

    /// <summary>The key scalar <paramref name="key"/> (for its position), or null when the key is absent.</summary>
    public YamlScalar? FindKey(string key) => Entries.FirstOrDefault(entry => entry.Key.Value == key).Key;

    /// <inheritdoc />
    public override string Describe() => "a mapping";
}
