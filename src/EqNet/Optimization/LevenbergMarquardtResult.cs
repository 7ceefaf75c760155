namespace EqNet.Optimization;

/// <summary>Outcome of <see cref="LevenbergMarquardt.Minimize"/>.</summary>
/// <param name="Minimizer">The best point found (the same array that was passed in, updated in place).</param>
/// <param name="Cost">Sum of squared residuals at <paramref name="Minimizer"/>.</param>
/// <param name="GradientNorm">Largest component of J^T r at the last Jacobian evaluation.</param>
/// <param name="Iterations">Damped solves, accepted or rejected.</param>
/// <param name="AcceptedSteps">Solves whose step lowered the cost.</param>
/// <param name="Damping">Damping lambda at the end of the run.</param>
/// <param name="CostHistory">Cost at the start and after every accepted step.</param>
/// <param name="Exit">Why the run stopped.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record LevenbergMarquardtResult(double[] Minimizer, double Cost, double GradientNorm, int Iterations,
    int AcceptedSteps, double Damping, IReadOnlyList<double> CostHistory, ExitCondition Exit, TimeSpan Elapsed)
{
    /// <summary>True when the run stopped on a convergence test (gradient, cost or step tolerance).</summary>
    public bool Converged => Exit is ExitCondition.GradientTolerance or ExitCondition.CostTolerance or ExitCondition.StepTolerance;
}
