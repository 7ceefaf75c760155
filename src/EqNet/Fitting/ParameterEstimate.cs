namespace EqNet.Fitting;

/// <summary>One fitted parameter with its uncertainty (delta method: linearised at the optimum).</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Estimate">The least-squares estimate.</param>
/// <param name="StandardError">s sqrt([(J^T J)^-1]_jj), with s the residual standard deviation; NaN without degrees of freedom or when J is rank-deficient.</param>
/// <param name="Lower">Lower end of the confidence interval, estimate - t(1 - alpha/2, n - p) x standard error.</param>
/// <param name="Upper">Upper end of the confidence interval.</param>
/// <param name="Start">The start the winning run began from.</param>
public sealed record ParameterEstimate(string Name, double Estimate, double StandardError, double Lower, double Upper, double Start);
