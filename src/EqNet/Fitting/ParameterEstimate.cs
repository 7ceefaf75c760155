namespace EqNet.Fitting;

/// <summary>One fitted parameter with its uncertainty (delta method: linearised at the optimum).</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Estimate">The least-squares estimate.</param>
/// <param name="StandardError">s sqrt([(J^T J)^-1]_jj), with s the residual standard deviation; NaN without degrees of freedom or when J is rank-deficient.</param>
/// <param name="Lower">Lower end of the confidence interval, estimate - t(1 - alpha/2, n - p) x standard error.</param>
/// <param name="Upper">Upper end of the confidence interval.</param>
/// <param name="Start">The start the winning run began from.</param>
public sealed record ParameterEstimate(string Name, double Estimate, double StandardError, double Lower, double Upper, double Start)
{
    /// <summary>
    /// Lower end of the profile-likelihood interval: the value below the estimate where the residual sum of squares,
    /// minimised over the other parameters with this one fixed there, reaches the F-test cutoff
    /// (<see cref="ParameterFitResult.ProfileCutoff"/>). NaN when the profile was not computed or does not reach the
    /// cutoff on this side (the data do not bound the parameter there; a warning says which).
    /// </summary>
    public double ProfileLower { get; init; } = double.NaN;

    /// <summary>Upper end of the profile-likelihood interval (as <see cref="ProfileLower"/>).</summary>
    public double ProfileUpper { get; init; } = double.NaN;

    /// <summary>
    /// How far the profile interval's ends lie from the delta method's, the larger of the two in units of the delta
    /// half-width t x standard error: 0 for a model linear in its parameters; above
    /// <see cref="ParameterFitResult.PoorDeltaShift"/> the delta method is poor here and the profile interval is the one to
    /// trust; NaN when either is missing.
    /// </summary>
    public double ProfileShift => Math.Max(Math.Abs(ProfileLower - Lower), Math.Abs(ProfileUpper - Upper)) / ((Upper - Lower) / 2);
}
