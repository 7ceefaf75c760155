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
        (Nuisance is null ? "" : $"; {Nuisance}");

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
