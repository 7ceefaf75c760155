using System.Globalization;
using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>
/// Checks an input's bounds when they are constants. Bounds that depend on other inputs are checked on a probe
/// sample by the domain sampler, which can show the point where they fail.
/// </summary>
internal static class ConstantBoundChecks
{
    private static readonly Dictionary<string, double> NoVariables = [];

    public static void Check(FieldReader reader, YamlMapping spec, string field, InputSpec input)
    {
        double? min = Constant(reader, spec, field, "min", input.Min);
        double? max = Constant(reader, spec, field, "max", input.Max);
        var minNode = spec.Find("min") ?? (YamlNode)spec;

        if (min is { } lo && max is { } hi && lo > hi)
            throw reader.Error(minNode, $"{field}.min", $"min {Show(lo)} > max {Show(hi)}; the range is empty. Swap them.");

        if (input.Sampling == SamplingKind.Log && min is <= 0)
            throw reader.Error(minNode, $"{field}.min",
                $"log sampling needs min > 0, but min is {Show(min.Value)}. Use a positive min or 'sampling: uniform'.");

        if (input.Transform == InputTransformKind.Log && min is <= 0)
            throw reader.Error(minNode, $"{field}.min",
                $"'transform: log' needs a positive input, but min is {Show(min.Value)}. Use 'transform: linear' or 'auto'.");

        if (input.Sampling == SamplingKind.Integer)
        {
            foreach (var (key, value) in new[] { ("min", min), ("max", max) })
            {
                if (value is { } v && v != Math.Floor(v))
                    throw reader.Error(spec.Find(key) ?? (YamlNode)spec, $"{field}.{key}",
                        $"integer sampling needs whole-number bounds, but {key} is {Show(v)}. " +
                        "Use a whole number or 'sampling: uniform'.");
            }
        }
    }

    private static double? Constant(FieldReader reader, YamlMapping spec, string field, string key, Expressions.Expr bound)
    {
        if (bound.Variables.Count > 0)
            return null;
        double value = bound.Evaluate(NoVariables);
        if (!double.IsFinite(value))
            throw reader.Error(spec.Find(key)!, $"{field}.{key}", $"evaluates to {Show(value)}; a bound must be a finite number.");
        return value;
    }

    /// <summary>A number as the user would write it (round-trip, invariant culture).</summary>
    internal static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
