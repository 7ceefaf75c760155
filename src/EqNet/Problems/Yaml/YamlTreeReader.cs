using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EqNet.Problems.Yaml;

/// <summary>
/// Reads one YAML document into <see cref="YamlNode"/>s with YamlDotNet's event parser, so that every node keeps
/// its line and column, key order is preserved, and duplicate keys are reported (YAML forbids them; a silent
/// "last one wins" would hide typos such as two <c>x1:</c> inputs).
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Parses <paramref name="text"/>; returns null for an empty document.</summary>
    /// <exception cref="YamlTreeException">The text is not valid YAML, has duplicate keys or several documents.</exception>
    public static YamlNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
                return null;
            parser.Consume<DocumentStart>();
            YamlNode? root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, anchors, "");
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
                throw new YamlTreeException(Line(second.Start), Column(second.Start),
                    "a problem file holds one YAML document; remove the second '---' section");
            return root;
        }
        catch (YamlException e)
        {
            throw new YamlTreeException(Line(e.Start), Column(e.Start), "invalid YAML: " + Describe(e));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed input, e.g. an unclosed '{'
            // followed by more lines; the last event the parser produced marks where the document stopped making sense.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlTreeException(Line(at), Column(at),
                "invalid YAML after this point; check for an unclosed bracket or quote, or wrong indentation");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet rejects some tokens this way, without a position: a tag that is not a valid URI ('!!b[inary').
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlTreeException(Line(at), Column(at), $"invalid YAML after this point ({e.Message.Split(" (Parameter")[0]}); check tags ('!...') and special characters");
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, string path)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlTreeException(Line(alias.Start), Column(alias.Start),
                    $"unknown YAML alias '*{alias.Value.Value}'; define the anchor '&{alias.Value.Value}' before using it", path);
        }

        YamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
                Line(scalar.Start), Column(scalar.Start));
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(parser, anchors, $"{path}[{items.Count + 1}]"));
            node = new YamlSequence(items, Line(sequenceStart.Start), Column(sequenceStart.Start));
            anchor = sequenceStart.Anchor;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            node = ReadMapping(parser, anchors, mappingStart, path);
            anchor = mappingStart.Anchor;
        }

        if (!anchor.IsEmpty)
            anchors[anchor.Value] = node;
        return node;
    }

    private static YamlMapping ReadMapping(
        IParser parser, Dictionary<string, YamlNode> anchors, MappingStart start, string path)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (ReadNode(parser, anchors, path) is not YamlScalar key)
                throw new YamlTreeException(Line(parser.Current!.Start), Column(parser.Current!.Start),
                    "a mapping key must be a plain name, not a list or a mapping", path);
            string keyPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            if (seen.TryGetValue(key.Value, out var first))
                throw new YamlTreeException(key.Line, key.Column,
                    $"duplicate key '{key.Value}' (first at line {first.Line}); each key may appear once. Rename or remove one.",
                    keyPath);
            seen.Add(key.Value, key);
            entries.Add(new(key, ReadNode(parser, anchors, keyPath)));
        }
        return new YamlMapping(entries, Line(start.Start), Column(start.Start));
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (...): "; we report the position ourselves.
        string message = e.Message;
        int marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 ? message[(marker + 3)..] : message;
    }

    private static int Line(Mark mark) => (int)mark.Line;

    private static int Column(Mark mark) => (int)mark.Column;
}
