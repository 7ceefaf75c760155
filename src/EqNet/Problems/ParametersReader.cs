using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Reads and checks the optional <c>parameters</c> section: unknown constants with optional start, bounds and log scale.</summary>
internal static class ParametersReader
{
    private const string Example = "{k0: {start: 1e6, min: 1, max: 1e12, log: true}, Ea: {}}";
    private static readonly string[] Keys = ["start", "min", "max", "log"];

    /// <summary>The parameters in file order (empty without the section).</summary>
    public static IReadOnlyList<ParameterSpec> Read(FieldReader reader, YamlNode? section)
    {
        if (section is null or YamlScalar { IsNull: true })
            return [];
        var map = reader.Mapping(section, "parameters", Example);
        var parameters = new List<ParameterSpec>();
        foreach (var (key, value) in map.Entries)
        {
            string field = $"parameters.{key.Value}";
            if (VariableNames.Problem(key.Value) is { } problem)
                throw reader.Error(key, field, problem);
            if (value is YamlScalar { IsNull: true })
            {
                parameters.Add(new ParameterSpec(key.Value, null, null, null, false, key.Line));
                continue;
            }
            var spec = reader.Mapping(value, field, "{start: 1, min: 0, max: 10, log: false} or {}");
            reader.RejectUnknownKeys(spec, field, Keys);
            double? Number(string name) => spec.Find(name) is { } node ? reader.Number(node, $"{field}.{name}") : null;
            double? start = Number("start"), min = Number("min"), max = Number("max");
            bool log = spec.Find("log") is { } logNode && ReadBool(reader, logNode, $"{field}.log");
            string Show(double v) => ConstantBoundChecks.Show(v);
            if (min > max)
                throw reader.Error(spec.Find("min")!, $"{field}.min", $"min {Show(min!.Value)} > max {Show(max!.Value)}; no value fits. Swap them.");
            if (start < min || start > max)
                throw reader.Error(spec.Find("start")!, $"{field}.start",
                    $"start {Show(start!.Value)} lies outside [{(min is { } lo ? Show(lo) : "-inf")}, {(max is { } hi ? Show(hi) : "inf")}]; move the start inside the bounds or widen them.");
            if (log && (min <= 0 || start <= 0 || max <= 0))
                throw reader.Error(spec.Find("log")!, $"{field}.log",
                    "'log: true' fits log(value), so the value must be positive; give a positive start and min, or drop 'log'.");
            parameters.Add(new ParameterSpec(key.Value, start, min, max, log, key.Line));
        }
        return parameters;
    }

    private static bool ReadBool(FieldReader reader, YamlNode node, string field) =>
        reader.Text(node, field).ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var text => throw reader.Error(node, field, $"expected true or false, found '{text}'."),
        };
}
