using EqNet.Evaluation;
namespace EqNet.Fitting;

/// <summary>
/// What a parameter identification learned (<see cref="Surrogate.Fit"/>, <c>eqnet train</c> on a problem with
/// <c>parameters</c>): the estimates with standard errors and confidence intervals (delta method), their correlation,
/// the residual sum of squares, and warnings where the data cannot tell parameters apart.
/// </summary>
/// <param name="Problem">The problem's name.</param>
/// <param name="DataFile">The data file.</param>
/// <param name="Rows">Measured rows used.</param>
/// <param name="Residuals">Residuals fitted (rows x equations).</param>
/// <param name="Error">How residuals were scaled: "absolute", "relative" or "sigma" (weighted by 1/sigma).</param>
/// <param name="Parameters">The estimates, in the problem's order.</param>
/// <param name="Correlation">Correlation matrix of the estimates (p x p, row-major as nested arrays); NaN where undefined.</param>
/// <param name="ResidualSumOfSquares">Sum of squared (scaled) residuals at the estimates.</param>
/// <param name="ResidualStandardDeviation">sqrt(RSS / dof); with a sigma column, near 1 when the fit is at the data's noise level.</param>
/// <param name="DegreesOfFreedom">Residuals minus parameters.</param>
/// <param name="Confidence">The confidence level of the intervals (0.95).</param>
/// <param name="TQuantile">Student's t quantile used for the intervals.</param>
/// <param name="ConditionNumber">Condition number of the Jacobian with unit-length columns (large: parameters hard to tell apart).</param>
/// <param name="Converged">Whether the optimum passed the convergence test (the residual vector orthogonal to J's columns to 1e-6, or zero).</param>
/// <param name="StartsTried">Levenberg-Marquardt runs started (1 from a given start; more in a multi-start search).</param>
/// <param name="Iterations">Damped solves of the runs that led to the estimate.</param>
/// <param name="Warnings">Identifiability and convergence warnings, each saying which parameters and what data would help.</param>
public sealed record ParameterFitResult(
    string Problem,
    string DataFile,
    int Rows,
    int Residuals,
    string Error,
    IReadOnlyList<ParameterEstimate> Parameters,
    double[][] Correlation,
    double ResidualSumOfSquares,
    double ResidualStandardDeviation,
    int DegreesOfFreedom,
    double Confidence,
    double TQuantile,
    double ConditionNumber,
    bool Converged,
    int StartsTried,
    int Iterations,
    IReadOnlyList<string> Warnings)
{
    /// <summary>How the result was produced, for files and reports.</summary>
    public string Method =>
        "Levenberg-Marquardt least squares of the equations at the measured rows (float64, symbolic Jacobian); " +
        $"standard errors and {Confidence * 100:0.#}% intervals by the delta method (s^2 (J^T J)^-1 at the optimum, Student's t with {DegreesOfFreedom} degrees of freedom)" +
        (Nuisance is null ? "" : $"; {Nuisance}") +
        (double.IsFinite(ProfileCutoff) ? "; profile-likelihood intervals where the residual sum of squares, minimised over the others, reaches RSS_min (1 + F(1, dof) / dof)" : "");

    /// <summary>
    /// Shift of a profile interval's end from the delta method's, in delta half-widths, above which the delta method is
    /// called poor: a tenth, the size a reader of a two-digit interval notices.
    /// </summary>
    public const double PoorDeltaShift = 0.1;

    /// <summary>
    /// The residual sum of squares at the profile intervals' ends, RSS_min (1 + F(1, dof, confidence) / dof) (the F test
    /// of R's <c>confint</c> on <c>nls</c> and lmfit's <c>conf_interval</c>); NaN when the profiles were not computed
    /// (<see cref="ProfileNote"/> says why).
    /// </summary>
    public double ProfileCutoff { get; init; } = double.NaN;

    /// <summary>
    /// What the profiles showed, apart from <see cref="Warnings"/> (which judge the fit and identifiability): where a
    /// profile interval differs much from the delta method's (the delta method is poor there), where a side is open,
    /// or where profiling found a lower RSS. parameters.json lists them with the others under <c>warnings</c>.
    /// </summary>
    public IReadOnlyList<string> ProfileWarnings { get; init; } = [];

    /// <summary>Why the profile intervals were not computed, or null when they were.</summary>
    public string? ProfileNote { get; init; }

    /// <summary>
    /// Whether the fit is at the data's noise level: a pure-error F test on replicate rows, the reduced chi-square
    /// against its spread with a sigma column, or that neither can tell.
    /// </summary>
    public LackOfFit? LackOfFit { get; init; }

    /// <summary>The k-fold cross-validation <c>data.folds</c> asked for, or null.</summary>
    public ParameterCrossValidation? CrossValidation { get; init; }

    /// <summary>
    /// For a fit with a learned term (<see cref="LearnedTermFitter"/>): what else was fitted jointly (the network's
    /// weights, nuisance parameters) and how the intervals treat it; null for parameter identification alone.
    /// </summary>
    public string? Nuisance { get; init; }

    /// <summary>The estimate of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    public ParameterEstimate this[string name] =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no parameter '{name}'; the parameters are {string.Join(", ", Parameters.Select(p => p.Name))}", nameof(name));
}
