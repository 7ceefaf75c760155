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
            ["lack_of_fit"] = LackOfFitJson(result.LackOfFit),
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

    private static JsonObject? LackOfFitJson(LackOfFit? test) => test is null ? null : new JsonObject
    {
        ["verdict"] = test.Verdict switch
        {
            NoiseVerdict.AtNoise => "at_noise",
            NoiseVerdict.AboveNoise => "above_noise",
            NoiseVerdict.BelowNoise => "below_noise",
            _ => "cannot_tell",
        },
        ["text"] = test.Text,
        ["replicates"] = test.Replicates is not { } r ? null : new JsonObject
        {
            ["settings"] = r.Groups,
            ["pure_error_ss"] = Number(r.PureError),
            ["pure_error_sd"] = Number(r.PureErrorSd),
            ["pure_error_dof"] = r.PureErrorDof,
            ["lack_of_fit_dof"] = r.LackOfFitDof,
            ["f"] = Number(r.F),
            ["p_value"] = Number(r.PValue),
        },
        ["sigma"] = test.Sigma is not { } c ? null : new JsonObject
        {
            ["reduced_chi_square"] = Number(c.ReducedChiSquare),
            ["dof"] = c.Dof,
            ["expected_low"] = Number(c.Low),
            ["expected_high"] = Number(c.High),
            ["p_above"] = Number(c.PAbove),
        },
    };

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
