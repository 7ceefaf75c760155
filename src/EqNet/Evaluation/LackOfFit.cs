using System.Globalization;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;

namespace EqNet.Evaluation;

/// <summary>Whether a fit's residuals are at the data's noise level.</summary>
public enum NoiseVerdict
{
    /// <summary>The residuals are as large as the data's noise: no lack of fit is detected.</summary>
    AtNoise,

    /// <summary>The residuals exceed the noise: the model misses the data (or a declared sigma is too small).</summary>
    AboveNoise,

    /// <summary>The residuals are smaller than the declared sigmas: the sigmas are overstated (or the fit follows the noise).</summary>
    BelowNoise,

    /// <summary>The data cannot tell: no replicate rows and no sigma column (or too few of either).</summary>
    CannotTell,
}

/// <summary>
/// The pure-error F test on replicate rows (rows with the same inputs): the residual sum of squares split into pure
/// error (the replicates' scatter about their own means, which no model of the inputs can remove) and lack of fit (the
/// rest); F = (SS_lof / dof_lof) / (SS_pe / dof_pe) against F(dof_lof, dof_pe). Draper and Smith, "Applied Regression
/// Analysis", 3rd ed., 1998, section 2.1; NIST/SEMATECH e-Handbook of Statistical Methods, 4.4.4.4.
/// </summary>
/// <param name="Groups">Distinct input settings (per equation, summed) that hold two or more rows.</param>
/// <param name="PureError">SS_pe, in the fit's (weighted) units.</param>
/// <param name="PureErrorDof">dof_pe = sum over settings of (rows - 1).</param>
/// <param name="LackOfFitDof">dof_lof = the fit's dof - dof_pe (on held-out rows: their count).</param>
/// <param name="F">The F statistic (infinite when the replicates agree exactly and the fit does not).</param>
/// <param name="PValue">P(F(dof_lof, dof_pe) &gt;= F).</param>
public sealed record ReplicateTest(int Groups, double PureError, int PureErrorDof, int LackOfFitDof, double F, double PValue)
{
    /// <summary>The pure-error standard deviation sqrt(SS_pe / dof_pe): the noise the replicates show.</summary>
    public double PureErrorSd => Math.Sqrt(PureError / PureErrorDof);
}

/// <summary>
/// The reduced chi-square of a fit weighted by declared per-row sigmas: RSS / dof, which is 1 on average when the model
/// is right and the sigmas are the rows' true standard deviations, with the spread of chi-square(dof) / dof.
/// </summary>
/// <param name="ReducedChiSquare">RSS / dof (the weighted residuals' mean square).</param>
/// <param name="Dof">Degrees of freedom.</param>
/// <param name="Low">The 2.5% quantile of chi-square(dof) / dof: the smallest value expected 97.5% of the time.</param>
/// <param name="High">The 97.5% quantile of chi-square(dof) / dof.</param>
/// <param name="PAbove">P(chi-square(dof) &gt;= RSS): small when the residuals exceed the sigmas.</param>
public sealed record ChiSquareTest(double ReducedChiSquare, int Dof, double Low, double High, double PAbove);

/// <summary>
/// Whether a least-squares fit is at its data's noise level (<c>ParameterFitResult.LackOfFit</c>, and for a network fitted
/// to data <c>DataOutputMetrics.NoiseLevel</c>): with
/// replicate rows, the pure-error F test (<see cref="Replicates"/>); with a sigma column, the reduced chi-square against
/// its expected spread (<see cref="Sigma"/>); otherwise neither can tell, and <see cref="Text"/> says so.
/// </summary>
/// <param name="Verdict">The verdict: by the replicates when there are any, else by the sigmas.</param>
/// <param name="Replicates">The pure-error F test, or null without replicate rows (or without dof left for lack of fit).</param>
/// <param name="Sigma">The chi-square test, or null without a sigma column.</param>
/// <param name="Text">The verdict in a sentence or two, with the figures and what to do.</param>
public sealed record LackOfFit(NoiseVerdict Verdict, ReplicateTest? Replicates, ChiSquareTest? Sigma, string Text)
{
    /// <summary>Significance level of both tests (5%, two-sided for the chi-square).</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// The tests on a fit's weighted residuals. <paramref name="residuals"/> and <paramref name="weights"/> are
    /// equation-major (rows of equation 1, then 2, ...), each of <paramref name="rows"/> per equation; a residual is
    /// weight x (lhs - rhs). Rows are replicates when every column of <paramref name="inputs"/> agrees exactly.
    /// </summary>
    /// <param name="residuals">Weighted residuals at the optimum.</param>
    /// <param name="weights">Each residual's weight (1, 1/sigma or 1/|lhs|): the pure error of a setting is the scatter about its weighted mean.</param>
    /// <param name="rows">Rows per equation.</param>
    /// <param name="inputs">The input columns that define a setting (each of <paramref name="rows"/> values).</param>
    /// <param name="sigma">Whether the weights are declared sigmas (then the chi-square test applies).</param>
    /// <param name="dof">The fit's degrees of freedom (residuals minus fitted parameters).</param>
    /// <param name="residualSd">The fit's residual standard deviation, for the text.</param>
    public static LackOfFit Of(ReadOnlySpan<double> residuals, ReadOnlySpan<double> weights, int rows, IReadOnlyList<double[]> inputs, bool sigma, int dof, double residualSd)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        double rss = 0;
        foreach (var r in residuals) rss += r * r;
        var (pure, pureDof, groups) = PureError(residuals, weights, rows, inputs);
        ReplicateTest? replicates = null;
        string? replicateText = null;
        int lofDof = dof - pureDof;
        if (pureDof > 0 && lofDof > 0)
        {
            double lof = Math.Max(0, rss - pure);
            double f = pure > 0 ? lof / lofDof / (pure / pureDof) : lof > 0 ? double.PositiveInfinity : 0;
            double pValue = double.IsPositiveInfinity(f) ? 0 : 1 - FisherSnedecor.CDF(lofDof, pureDof, f);
            replicates = new ReplicateTest(groups, pure, pureDof, lofDof, f, pValue);
            replicateText = pValue < Alpha
                ? $"lack of fit: the residuals exceed the replicates' scatter (pure-error F test, F = {G(f)} on {lofDof} and {pureDof} dof, p = {P(pValue)}; " +
                  $"residual sd {G(residualSd)} against the replicates' {G(replicates.PureErrorSd)}): the model misses the data beyond their noise. Check the model's form, or the terms it lacks."
                : $"at the data's noise level: the residuals are as large as the replicates' scatter (pure-error F test, F = {G(f)} on {lofDof} and {pureDof} dof, p = {P(pValue)}; " +
                  $"residual sd {G(residualSd)}, the replicates' {G(replicates.PureErrorSd)}).";
        }
        else if (pureDof > 0)
            replicateText = $"cannot tell: the replicate rows leave no degrees of freedom for a lack-of-fit test (as many parameters as distinct input settings); measure at more settings.";

        var (chi, chiText) = sigma && dof > 0
            ? ChiSquare(rss, dof, "reduced chi-square", $"{dof} dof", "The model misses the data", " (or the model follows it)")
            : (null, null);

        var verdict = VerdictOf(replicates, chi);
        var parts = new List<string>();
        if (replicateText is not null) parts.Add(replicateText);
        if (chiText is not null) parts.Add((replicates is null ? "" : "With the sigma column: ") + chiText);
        if (replicates is null && chi is null)
            parts.Add($"cannot tell whether the fit is at the data's noise level: the rows have no replicates (repeated inputs) and no '{Problems.DataSettings.SigmaColumn}' column, " +
                $"so nothing says how large the noise is apart from the residual sd ({G(residualSd)}) itself. Repeat some measurements, or give each row's sigma.");
        return new LackOfFit(verdict, replicates, chi, string.Join(" ", parts));
    }

    /// <summary>
    /// The pure error of replicate rows: per equation and setting of two or more rows, the scatter of the weighted values
    /// about their weighted mean (min over d of sum (r_i - w_i d)^2, which a shift of every r_i by w_i c leaves alone).
    /// </summary>
    private static (double Pure, int Dof, int Groups) PureError(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, int rows, IReadOnlyList<double[]> inputs)
    {
        int equations = rows == 0 ? 0 : values.Length / rows;
        var settings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < rows; i++)
        {
            string key = string.Join(",", inputs.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture)));
            if (!settings.TryGetValue(key, out var list)) settings[key] = list = [];
            list.Add(i);
        }
        double pure = 0;
        int dof = 0, groups = 0;
        foreach (var list in settings.Values.Where(l => l.Count > 1))
        {
            for (int k = 0; k < equations; k++)
            {
                double rr = 0, wr = 0, ww = 0;
                foreach (int i in list)
                {
                    double r = values[k * rows + i], w = weights[k * rows + i];
                    (rr, wr, ww) = (rr + r * r, wr + w * r, ww + w * w);
                }
                pure += Math.Max(0, rr - (ww > 0 ? wr * wr / ww : 0));
                dof += list.Count - 1;
                groups++;
            }
        }
        return (pure, dof, groups);
    }

    /// <summary>
    /// Whether a model's error on held-out rows is at the data's noise level: with replicates among the other rows, their
    /// pure-error variance against the held-out mean square, F = (SS_test / n_test) / (SS_pe / dof_pe) against
    /// F(n_test, dof_pe) (the held-out rows took no part in the fit, so they keep all their degrees of freedom); with a
    /// sigma column, the held-out rows' reduced chi-square against chi-square(n_test) / n_test; else that it cannot tell.
    /// </summary>
    /// <param name="heldOut">The held-out rows' scaled residuals (prediction - y) / scale.</param>
    /// <param name="values">The other rows' scaled values y / scale (the fit's rows: where replicates are looked for).</param>
    /// <param name="weights">The other rows' 1 / scale.</param>
    /// <param name="inputs">The other rows' input columns.</param>
    /// <param name="sigma">Whether the scales are declared sigmas.</param>
    public static LackOfFit OnHeldOut(ReadOnlySpan<double> heldOut, ReadOnlySpan<double> values, ReadOnlySpan<double> weights, IReadOnlyList<double[]> inputs, bool sigma)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int n = heldOut.Length;
        double ss = 0;
        foreach (var r in heldOut) ss += r * r;
        double rms = n > 0 ? Math.Sqrt(ss / n) : double.NaN;
        var (pure, pureDof, groups) = PureError(values, weights, values.Length, inputs);
        ReplicateTest? replicates = null;
        string? replicateText = null;
        if (pureDof > 0 && n > 0)
        {
            double f = pure > 0 ? ss / n / (pure / pureDof) : ss > 0 ? double.PositiveInfinity : 0;
            double pValue = double.IsPositiveInfinity(f) ? 0 : 1 - FisherSnedecor.CDF(n, pureDof, f);
            replicates = new ReplicateTest(groups, pure, pureDof, n, f, pValue);
            string figures = $"held-out RMS (scaled) {G(rms)} against the replicates' {G(replicates.PureErrorSd)}; F = {G(f)} on {n} and {pureDof} dof, p = {P(pValue)}";
            replicateText = pValue < Alpha
                ? $"the held-out error exceeds the replicates' scatter ({figures}): the network misses the data beyond their noise. More rows, or a wider network (model: {{hidden: [...]}})."
                : $"at the data's noise level on the held-out rows ({figures}).";
        }
        var (chi, chiText) = sigma && n > 0
            ? ChiSquare(ss, n, "held-out reduced chi-square", $"{n} rows", "The network misses the data", "")
            : (null, null);
        var verdict = VerdictOf(replicates, chi);
        var parts = new List<string>();
        if (replicateText is not null) parts.Add(replicateText);
        if (chiText is not null) parts.Add((replicates is null ? "" : "With the sigma column: ") + chiText);
        if (parts.Count == 0)
            parts.Add($"cannot tell whether the held-out error (RMS {G(rms)}, scaled) is the data's noise: the fitted rows have no replicates (repeated inputs) and the file no " +
                $"'{Problems.DataSettings.SigmaColumn}' column. Repeat some measurements, or give each row's sigma.");
        return new LackOfFit(verdict, replicates, chi, string.Join(" ", parts));
    }

    /// <summary>
    /// The chi-square test of a weighted sum of squares <paramref name="ss"/> on <paramref name="dof"/> degrees of freedom
    /// against the declared sigmas, and its sentence; <paramref name="misses"/> and <paramref name="follows"/> name what
    /// an excess or a shortfall means for this fit.
    /// </summary>
    private static (ChiSquareTest? Test, string? Text) ChiSquare(double ss, int dof, string label, string count, string misses, string follows)
    {
        double low = ChiSquared.InvCDF(dof, Alpha / 2) / dof, high = ChiSquared.InvCDF(dof, 1 - Alpha / 2) / dof;
        double reduced = ss / dof;
        string range = $"{label} {G(reduced)}, expected within [{G(low)}, {G(high)}] for {count}";
        string text = reduced > high
            ? $"above the declared noise: {range}. {misses}, or the sigma column understates the noise."
            : reduced < low
                ? $"below the declared noise: {range}. The sigma column overstates the noise{follows}."
                : $"at the declared noise level: {range}.";
        return (new ChiSquareTest(reduced, dof, low, high, 1 - ChiSquared.CDF(dof, ss)), text);
    }

    /// <summary>The replicates' verdict where there are replicates, else the sigma column's, else that neither can tell.</summary>
    private static NoiseVerdict VerdictOf(ReplicateTest? replicates, ChiSquareTest? chi) =>
        replicates is { } rt ? (rt.PValue < Alpha ? NoiseVerdict.AboveNoise : NoiseVerdict.AtNoise)
            : chi is { } ct ? (ct.ReducedChiSquare > ct.High ? NoiseVerdict.AboveNoise : ct.ReducedChiSquare < ct.Low ? NoiseVerdict.BelowNoise : NoiseVerdict.AtNoise)
            : NoiseVerdict.CannotTell;

    /// <summary>The verdict's name in files: at_noise, above_noise, below_noise or cannot_tell.</summary>
    public string VerdictName => Verdict switch
    {
        NoiseVerdict.AtNoise => "at_noise",
        NoiseVerdict.AboveNoise => "above_noise",
        NoiseVerdict.BelowNoise => "below_noise",
        _ => "cannot_tell",
    };

    /// <summary>The tests as JSON (parameters.json's <c>lack_of_fit</c>, metrics.json's <c>outputs.NAME.data.noise_level</c>); NaN as null.</summary>
    public JsonObject ToJson() => new()
    {
        ["verdict"] = VerdictName,
        ["text"] = Text,
        ["replicates"] = Replicates is not { } r ? null : new JsonObject
        {
            ["settings"] = r.Groups,
            ["pure_error_ss"] = Number(r.PureError),
            ["pure_error_sd"] = Number(r.PureErrorSd),
            ["pure_error_dof"] = r.PureErrorDof,
            ["lack_of_fit_dof"] = r.LackOfFitDof,
            ["f"] = Number(r.F),
            ["p_value"] = Number(r.PValue),
        },
        ["sigma"] = Sigma is not { } c ? null : new JsonObject
        {
            ["reduced_chi_square"] = Number(c.ReducedChiSquare),
            ["dof"] = c.Dof,
            ["expected_low"] = Number(c.Low),
            ["expected_high"] = Number(c.High),
            ["p_above"] = Number(c.PAbove),
        },
    };

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string G(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : v > 0 ? "infinite" : "n/a";

    private static string P(double p) => p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
