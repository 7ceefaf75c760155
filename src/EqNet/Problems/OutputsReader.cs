using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Reads and checks the <c>outputs</c> section: a list of names, or a map name -> {min, max}.</summary>
internal static class OutputsReader
{
    private const string Example = "[y] or {y: {}, w: {min: 0}}";
    private static readonly string[] Keys = ["min", "max", "scale", "inputs"];

    /// <summary>The outputs in file order, with unique, usable names.</summary>
    public static IReadOnlyList<OutputSpec> Read(FieldReader reader, YamlNode section)
    {
        var outputs = section switch
        {
            YamlSequence list => list.Items.Select((item, i) => FromListItem(reader, item, i)).ToList(),
            YamlMapping map => map.Entries.Select(entry => FromMapEntry(reader, entry.Key, entry.Value)).ToList(),
            _ => throw reader.Error(section, "outputs", $"expected a list or a mapping like {Example}, found {section.Describe()}."),
        };
        if (outputs.Count == 0)
            throw reader.Error(section, "outputs", $"no outputs given; list at least one, e.g. {Example}.");

        var seen = new Dictionary<string, OutputSpec>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            if (seen.TryGetValue(output.Name, out var first))
                throw new ProblemException(reader.File, output.Line, "outputs",
                    $"duplicate output '{output.Name}' (first at line {first.Line}); each output may appear once.");
            seen.Add(output.Name, output);
        }
        return outputs;
    }

    /// <summary>
    /// The output names as written, without validation, so that inputs (read first, in file order) can tell
    /// "this bound uses an output" from "unknown variable".
    /// </summary>
    public static IReadOnlySet<string> DeclaredNames(YamlNode section) => section switch
    {
        YamlSequence list => list.Items.OfType<YamlScalar>().Select(s => s.Value.Trim()).ToHashSet(StringComparer.Ordinal),
        YamlMapping map => map.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal),
        _ => new HashSet<string>(),
    };

    private static OutputSpec FromListItem(FieldReader reader, YamlNode item, int index)
    {
        string field = $"outputs[{index + 1}]";
        if (item is not YamlScalar)
            throw reader.Error(item, field, $"expected an output name, found {item.Describe()}. For bounds use a mapping: {{y: {{min: 0}}}}.");
        string name = reader.Text(item, field);
        CheckName(reader, item, field, name);
        return new OutputSpec(name, null, null, item.Line);
    }

    private static OutputSpec FromMapEntry(FieldReader reader, YamlScalar key, YamlNode value)
    {
        string field = $"outputs.{key.Value}";
        CheckName(reader, key, field, key.Value);
        if (value is YamlScalar { IsNull: true })
            return new OutputSpec(key.Value, null, null, key.Line);

        var spec = reader.Mapping(value, field, "{min: 0, max: 1} or {}");
        reader.RejectUnknownKeys(spec, field, Keys);
        double? min = spec.Find("min") is { } minNode ? reader.Number(minNode, $"{field}.min") : null;
        double? max = spec.Find("max") is { } maxNode ? reader.Number(maxNode, $"{field}.max") : null;
        if (min > max)
            throw reader.Error(spec.Find("min")!, $"{field}.min",
                $"min {ConstantBoundChecks.Show(min.Value)} > max {ConstantBoundChecks.Show(max!.Value)}; no value fits. Swap them.");
        double? scale = spec.Find("scale") is { } scaleNode ? reader.Number(scaleNode, $"{field}.scale") : null;
        if (scale is { } s && !(s > 0 && double.IsFinite(s)))
            throw reader.Error(spec.Find("scale")!, $"{field}.scale",
                $"scale {ConstantBoundChecks.Show(s)} is not a positive number; give the output's typical size (e.g. scale: 0.1 for an angle of tenths of a radian).");
        return new OutputSpec(key.Value, min, max, key.Line) { Scale = scale, LearnedFrom = spec.Find("inputs") is { } inputs ? LearnedFrom(reader, inputs, $"{field}.inputs") : null };
    }

    /// <summary>The names of a learned term's <c>inputs</c> list (checked against the inputs by <see cref="ProblemFile"/>).</summary>
    private static IReadOnlyList<string> LearnedFrom(FieldReader reader, YamlNode node, string field)
    {
        var list = reader.Sequence(node, field, "[T] (the inputs the learned term's network reads)");
        if (list.Items.Count == 0)
            throw reader.Error(node, field, "no inputs given; a learned term's network reads at least one input, e.g. inputs: [T]. Without inputs it is a constant: declare it under parameters.");
        var names = list.Items.Select((item, i) => reader.Text(item, $"{field}[{i + 1}]")).ToList();
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw reader.Error(node, field, $"'{twice.Key}' is listed twice; list each input once.");
        return names;
    }

    private static void CheckName(FieldReader reader, YamlNode node, string field, string name)
    {
        if (VariableNames.Problem(name) is { } problem)
            throw reader.Error(node, field, problem);
    }
}
