using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.IO;

namespace EqNet.Evaluation;

/// <summary>
/// The <c>metrics.json</c> document other tools read. Keys are a contract: problem, samples, seed, train_seconds,
/// steps, scale_relative_error {median, p90, p99, max}, equations [{equation, scale_relative_error}], outputs {name: {r2,
/// root_relative_error, root_error_kind (root-relative or scale-relative: then root_relative_error holds
/// |yhat - y*| / root_error_scale), structure {kind, rule, equations, expression, network_share, text}}},
/// worst_case {searched_max, root_searched_max, at, method}; for a model with Newton steps after its network,
/// network_alone {scale_relative_error, newton_steps, missed, farthest_start, farthest_start_error, text} (the same
/// points before the steps, and where the steps stopped short) and each output's
/// structure.refinement.
/// </summary>
public static class MetricsJson
{
    /// <summary>Builds the document; <paramref name="extra"/> keys are appended (e.g. stop_reason, reference_loss).</summary>
    public static JsonObject Build(EvaluationResult result, double? trainSeconds, long? steps, IEnumerable<KeyValuePair<string, JsonNode?>>? extra = null)
    {
        var outputs = new JsonObject();
        foreach (var o in result.Outputs)
        {
            var node = new JsonObject { ["r2"] = Number(o.R2) };
            if (o.RootRelativeError is { } rre)
            {
                node["root_relative_error"] = Summary(rre);
                node["root_error_kind"] = RootErrorScale.Name(o.RootErrorKind);
                if (o.RootErrorScale is { } scale) node["root_error_scale"] = Number(scale);
            }
            if (o.Structure is { } structure) node["structure"] = Structure(structure);
            outputs[o.Name] = node;
        }
        var root = new JsonObject
        {
            ["problem"] = result.Problem,
            ["samples"] = result.Samples,
            ["seed"] = result.Seed,
            ["train_seconds"] = trainSeconds is { } s ? Math.Round(s, 2) : null,
            ["steps"] = steps,
            ["scale_relative_error"] = Summary(result.Overall),
            ["equations"] = new JsonArray(result.Equations.Select(e => (JsonNode)new JsonObject
            {
                ["equation"] = e.Equation,
                ["scale_relative_error"] = Summary(e.ScaleRelativeError),
            }).ToArray()),
            ["outputs"] = outputs,
            ["newton"] = new JsonObject
            {
                ["converged_fraction"] = result.Newton.ConvergedFraction,
                ["far_root_fraction"] = result.Newton.FarRootFraction,
                ["unconverged_example"] = result.Newton.UnconvergedExample,
                ["far_root_example"] = result.Newton.FarRootExample,
            },
        };
        if (result.NetworkAlone is { } alone)
            root["network_alone"] = new JsonObject
            {
                ["scale_relative_error"] = Summary(alone.Overall),
                ["newton_steps"] = alone.Refinement,
                ["missed"] = alone.Missed,
                ["farthest_start"] = alone.FarthestStart,
                ["farthest_start_error"] = Number(alone.FarthestStartError),
                ["text"] = alone.Describe(result.Samples),
            };
        if (result.WorstRegion is { } worst) root["worst_region"] = Worst(worst);
        if (result.WorstCase is { } searched) root["worst_case"] = WorstCase(searched);
        if (extra is not null)
            foreach (var (key, value) in extra) root[key] = value;
        return root;
    }

    /// <summary>An output's structure: kind, rule, equations (from 1), expression, network_share, and text (one line for people).</summary>
    public static JsonObject Structure(Models.OutputStructure s) => new()
    {
        ["kind"] = s.KindText,
        ["rule"] = s.Rule,
        ["equations"] = new JsonArray(s.Equations.Select(k => (JsonNode)k).ToArray()),
        ["expression"] = s.Expression,
        ["after"] = s.After is { Count: > 0 } after ? new JsonArray(after.Select(a => (JsonNode)a).ToArray()) : null,
        ["network_share"] = Number(s.NetworkShare),
        ["refinement"] = s.Refinement,
        ["text"] = s.Describe(),
    };

    /// <summary>{median, p90, p99, max}; non-finite values are written as null (JSON has no infinity).</summary>
    public static JsonObject Summary(ErrorSummary s) => new()
    {
        ["median"] = Number(s.Median),
        ["p90"] = Number(s.P90),
        ["p99"] = Number(s.P99),
        ["max"] = Number(s.Max),
    };

    /// <summary>
    /// {threshold, points, concentrated_in, inputs {name: {worst_range, domain_range, quantile_range, decile, decile_share}},
    /// causes [{kind, text, ratio}], summary}: see <see cref="WorstRegion"/>.
    /// </summary>
    public static JsonObject Worst(WorstRegion worst)
    {
        var inputs = new JsonObject();
        foreach (var i in worst.Inputs)
        {
            inputs[i.Input] = new JsonObject
            {
                ["worst_range"] = new JsonArray(Number(i.WorstLow), Number(i.WorstHigh)),
                ["domain_range"] = new JsonArray(Number(i.DomainLow), Number(i.DomainHigh)),
                ["quantile_range"] = new JsonArray(Number(i.QuantileLow), Number(i.QuantileHigh)),
                ["decile"] = i.Decile,
                ["decile_share"] = Number(i.DecileShare),
            };
        }
        return new JsonObject
        {
            ["threshold"] = Number(worst.Threshold),
            ["points"] = worst.Points,
            ["concentrated_in"] = worst.Concentrated?.Input,
            ["inputs"] = inputs,
            ["causes"] = new JsonArray(worst.Causes.Select(c => (JsonNode)new JsonObject
            {
                ["kind"] = c.Kind,
                ["text"] = c.Text,
                ["ratio"] = Number(c.Ratio),
            }).ToArray()),
            ["summary"] = worst.Describe(),
        };
    }

    /// <summary>{searched_max, root_searched_max, at {input: value}, root_at, method, evaluations}: see <see cref="WorstCaseSearch"/>.</summary>
    public static JsonObject WorstCase(WorstCase searched)
    {
        JsonObject Point(double[] x)
        {
            var at = new JsonObject();
            for (int k = 0; k < x.Length; k++) at[searched.InputNames[k]] = Number(x[k]);
            return at;
        }
        return new JsonObject
        {
            ["searched_max"] = Number(searched.SearchedMax),
            ["root_searched_max"] = Number(searched.RootSearchedMax),
            ["at"] = Point(searched.At),
            ["root_at"] = searched.RootAt is { } r ? Point(r) : null,
            ["method"] = searched.Method,
            ["evaluations"] = searched.Evaluations,
        };
    }

    /// <summary>Serialises indented.</summary>
    public static string ToText(JsonObject document) => document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes the document atomically.</summary>
    public static void Write(JsonObject document, string path) => AtomicFile.WriteAllText(path, ToText(document) + "\n");

    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
