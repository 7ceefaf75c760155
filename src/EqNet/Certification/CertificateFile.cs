using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.IO;

namespace EqNet.Certification;

/// <summary>certificate.json: a <see cref="Certificate"/> as a JSON object, written atomically.</summary>
public static class CertificateFile
{
    /// <summary>The file's name beside the model.</summary>
    public const string FileName = "certificate.json";

    /// <summary>
    /// The certificate as JSON: <c>certified</c>, <c>bound</c> (null when not certified), <c>bound_reached</c>,
    /// <c>exact_arithmetic_bound</c> and <c>rounding_estimate</c> (bound_reached = their sum), <c>searched_max</c>,
    /// <c>ratio</c>, the root bounds, per equation, <c>boxes</c>, <c>seconds</c>, <c>method</c>, <c>exit</c>, and
    /// <c>reason</c> when not certified. Errors are scale-relative residuals |lhs - rhs| / S.
    /// </summary>
    public static JsonObject ToJson(Certificate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var equations = new JsonArray();
        foreach (var e in c.Equations) equations.Add(new JsonObject { ["equation"] = e.Equation, ["bound_reached"] = Number(e.BoundReached) });
        var o = new JsonObject
        {
            ["problem"] = c.Problem,
            ["certified"] = c.Certified,
            ["bound"] = Number(c.Bound),
            ["bound_reached"] = Number(c.BoundReached),
            ["exact_arithmetic_bound"] = Number(c.ExactBound),
            ["rounding_estimate"] = Number(c.RoundingEstimate),
            ["bound_is"] = "exact_arithmetic_bound (guaranteed, the model in exact real arithmetic) + rounding_estimate (an estimate of what float64 prediction adds)",
            ["searched_max"] = Number(c.SearchedMax),
            ["ratio"] = Number(c.Ratio),
            ["root_exact_arithmetic_bound"] = Number(c.RootBoundReached),
            ["root_searched_max"] = Number(c.RootSearchedMax),
            ["equations"] = equations,
            ["boxes"] = c.Boxes,
            ["seconds"] = Math.Round(c.Seconds, 2),
            ["method"] = c.Method,
            ["exit"] = c.Exit.ToString(),
        };
        if (c.Reason is not null) o["reason"] = c.Reason;
        return o;
    }

    /// <summary>A number, or null where there is none or it is not finite (JSON has no NaN or infinity).</summary>
    private static JsonNode? Number(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(x) : null;

    /// <summary>Writes <paramref name="c"/> to <paramref name="path"/> atomically (a reader sees the old file or the whole new one).</summary>
    public static void Write(Certificate c, string path) => AtomicFile.WriteAllText(path, ToText(c) + "\n");

    /// <summary>The certificate as indented JSON text, with the equations' + &lt; ' left readable (no HTML escaping: the file is data, not markup).</summary>
    public static string ToText(Certificate c) =>
        ToJson(c).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
