using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.IO;

namespace EqNet.Fitting;

/// <summary>Writes a <see cref="ParameterFitResult"/> as <c>parameters.json</c> (atomically; NaN and infinities as null).</summary>
public static class ParameterFile
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "parameters.json";

    /// <summary>The result as a JSON object (the content of parameters.json).</summary>
    public static JsonObject ToJson(ParameterFitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["problem"] = result.Problem,
            ["method"] = result.Method,
            ["data"] = result.DataFile,
            ["rows"] = result.Rows,
            ["residuals"] = result.Residuals,
            ["error"] = result.Error,
            ["converged"] = result.Converged,
            ["parameters"] = new JsonArray([.. result.Parameters.Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name,
                ["estimate"] = Number(e.Estimate),
                ["standard_error"] = Number(e.StandardError),
                ["ci_lower"] = Number(e.Lower),
                ["ci_upper"] = Number(e.Upper),
                ["start"] = Number(e.Start),
                ["profile_lower"] = Number(e.ProfileLower),
                ["profile_upper"] = Number(e.ProfileUpper),
                ["profile_shift"] = Number(e.ProfileShift),
                ["delta_method_poor"] = double.IsFinite(e.ProfileShift) ? e.ProfileShift > ParameterFitResult.PoorDeltaShift : null,
            })]),
            ["confidence"] = result.Confidence,
            ["t_quantile"] = Number(result.TQuantile),
            ["correlation"] = new JsonArray([.. result.Correlation.Select(row => (JsonNode)new JsonArray([.. row.Select(Number)]))]),
            ["rss"] = Number(result.ResidualSumOfSquares),
            ["residual_sd"] = Number(result.ResidualStandardDeviation),
            ["dof"] = result.DegreesOfFreedom,
            ["condition_number"] = Number(result.ConditionNumber),
            ["starts_tried"] = result.StartsTried,
            ["iterations"] = result.Iterations,
            ["profile_rss_cutoff"] = Number(result.ProfileCutoff),
            ["profile_note"] = result.ProfileNote,
            ["lack_of_fit"] = result.LackOfFit?.ToJson(),
            ["cross_validation"] = result.CrossValidation?.ToJson(),
            ["warnings"] = new JsonArray([.. result.Warnings.Concat(result.ProfileWarnings).Select(w => (JsonNode)JsonValue.Create(w))]),
        };
    }

    /// <summary>Writes <c>parameters.json</c> into <paramref name="folder"/> (created if missing); returns its path.</summary>
    public static string Write(ParameterFitResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(path, ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
