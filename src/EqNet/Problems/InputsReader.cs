using EqNet.Expressions;
using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Reads and checks the <c>inputs</c> section.</summary>
internal static class InputsReader
{
    private const string Example = "{x1: {min: 500, max: 1000}, x2: {min: 1, max: x1}}";
    private static readonly string[] Keys = ["min", "max", "sampling", "transform"];

    /// <summary>The inputs in file order; each bound uses only earlier inputs, constant bounds are checked.</summary>
    /// <param name="reader">The file's reader.</param>
    /// <param name="section">The <c>inputs</c> node.</param>
    /// <param name="outputNames">The outputs as declared (a bound may not use them).</param>
    /// <param name="fromData">
    /// With a data file: an input's range in the data (called with its name and node) for a <c>min</c> or <c>max</c> left
    /// out; null: both are required.
    /// </param>
    public static IReadOnlyList<InputSpec> Read(FieldReader reader, YamlNode section, IReadOnlySet<string> outputNames,
        Func<string, YamlNode, (double Min, double Max)>? fromData = null)
    {
        var mapping = reader.Mapping(section, "inputs", Example);
        if (mapping.Entries.Count == 0)
            throw reader.Error(section, "inputs", $"no inputs given; list at least one, e.g. {Example}.");

        var lines = mapping.Entries.ToDictionary(entry => entry.Key.Value, entry => entry.Key.Line);
        var names = mapping.Entries.Select(entry => entry.Key.Value).ToList();
        var inputs = new List<InputSpec>();
        foreach (var (key, value) in mapping.Entries)
        {
            string field = $"inputs.{key.Value}";
            if (VariableNames.Problem(key.Value) is { } problem)
                throw reader.Error(key, field, problem);
            var spec = fromData is not null && value is YamlScalar { IsNull: true } ? new YamlMapping([], value.Line, value.Column) : reader.Mapping(value, field, "{min: 1, max: 10}");
            reader.RejectUnknownKeys(spec, field, Keys);

            var context = new BoundContext(key.Value, names.Take(inputs.Count).ToList(), lines, outputNames);
            (double Min, double Max)? range = fromData is not null && (spec.Find("min") is null || spec.Find("max") is null) ? fromData(key.Value, key) : null;
            var min = range is { } lo && spec.Find("min") is null ? new NumberExpr(lo.Min) : ReadBound(reader, spec, "min", context);
            var max = range is { } hi && spec.Find("max") is null ? new NumberExpr(hi.Max) : ReadBound(reader, spec, "max", context);
            var sampling = ReadEnum(reader, spec, "sampling", field, SamplingKind.Uniform);
            var transform = ReadEnum(reader, spec, "transform", field, InputTransformKind.Auto);
            var input = new InputSpec(key.Value, min, max, sampling, transform, key.Line);
            ConstantBoundChecks.Check(reader, spec, field, input);
            inputs.Add(input);
        }
        return inputs;
    }

    private sealed record BoundContext(
        string Input, IReadOnlyList<string> Earlier, IReadOnlyDictionary<string, int> Lines, IReadOnlySet<string> Outputs);

    private static Expr ReadBound(FieldReader reader, YamlMapping spec, string key, BoundContext context)
    {
        string field = $"inputs.{context.Input}.{key}";
        var node = reader.Required(spec, key, $"inputs.{context.Input}",
            $"Each input needs a min and a max, e.g. {context.Input}: {{min: 1, max: 10}}.");
        var bound = reader.Expression(node, field);
        foreach (string name in bound.Variables.Order(StringComparer.Ordinal))
        {
            if (!context.Earlier.Contains(name))
                throw reader.Error(node, field, WhyNotAllowed(name, context));
        }
        return bound;
    }

    private static string WhyNotAllowed(string name, BoundContext context)
    {
        const string Rule = "A bound may use only inputs listed before it.";
        if (name == context.Input)
            return $"a bound of {name} cannot use {name} itself. {Rule}";
        if (context.Lines.TryGetValue(name, out int line))
            return $"'{name}' is listed later (line {line}); move {name} above {context.Input}. {Rule}";
        if (context.Outputs.Contains(name))
            return $"'{name}' is an output; bounds cannot depend on outputs. {Rule}";
        string sofar = context.Earlier.Count == 0
            ? $"no inputs before {context.Input}"
            : $"inputs so far: {string.Join(", ", context.Earlier)}";
        return $"unknown variable '{name}' ({sofar}).{Spelling.Hint(name, context.Earlier)} {Rule}";
    }

    private static T ReadEnum<T>(FieldReader reader, YamlMapping spec, string key, string parent, T fallback)
        where T : struct, Enum
    {
        if (spec.Find(key) is not { } node)
            return fallback;
        string field = $"{parent}.{key}";
        string text = reader.Text(node, field);
        string[] allowed = [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];
        if (allowed.Contains(text) && Enum.TryParse(text, ignoreCase: true, out T value))
            return value;
        throw reader.Error(node, field,
            $"unknown {key} '{text}'.{Spelling.Hint(text, allowed)} Use one of: {string.Join(", ", allowed)}.");
    }
}
