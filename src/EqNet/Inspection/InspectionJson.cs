using System.Text.Json.Nodes;

namespace EqNet.Inspection;

/// <summary>An <see cref="InspectionReport"/> as JSON (snake_case keys; non-finite numbers as null).</summary>
public static class InspectionJson
{
    /// <summary>Builds the JSON document.</summary>
    public static JsonObject ToJson(InspectionReport r) => new()
    {
        ["problem"] = r.Problem,
        ["samples"] = r.Samples,
        ["inputs"] = new JsonArray(r.Inputs.Select(i => (JsonNode)new JsonObject
        {
            ["name"] = i.Name,
            ["min"] = N(i.Min),
            ["max"] = N(i.Max),
            ["decades"] = i.Decades is { } d ? N(d) : null,
            ["sampling"] = i.Sampling,
            ["bounds"] = i.Bounds,
            ["features"] = new JsonArray(i.Features.Select(f => (JsonNode)f).ToArray()),
        }).ToArray()),
        ["equations"] = new JsonArray(r.Equations.Select(e => (JsonNode)new JsonObject
        {
            ["equation"] = e.Equation,
            ["terms"] = new JsonArray(e.Terms.Select(t => (JsonNode)new JsonObject { ["term"] = t.Term, ["magnitude"] = Range(t.Magnitude) }).ToArray()),
            ["term_scale"] = Range(e.TermScale),
            ["cancellation_fraction"] = N(e.CancellationFraction),
        }).ToArray()),
        ["outputs"] = new JsonArray(r.Outputs.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["values"] = Range(o.Values),
            ["changes_sign"] = o.ChangesSign,
            ["solved_fraction"] = N(o.SolvedFraction),
            ["closed_form"] = o.ClosedForm,
        }).ToArray()),
        ["structure"] = r.Structure is { } structure ? Structure(structure, r.StructureUsed) : null,
        ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode)new JsonObject
        {
            ["code"] = w.Code,
            ["message"] = w.Message,
            ["reason"] = w.Reason,
            ["fix"] = w.Fix,
        }).ToArray()),
    };

    private static JsonObject Structure(Structure.SystemStructure structure, bool used)
    {
        var json = structure.ToJson();
        json["used_in_training"] = used;
        return json;
    }

    private static JsonObject Range(RangeSummary s) => new()
    {
        ["min"] = N(s.Min),
        ["p1"] = N(s.P1),
        ["median"] = N(s.Median),
        ["p99"] = N(s.P99),
        ["max"] = N(s.Max),
    };

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
