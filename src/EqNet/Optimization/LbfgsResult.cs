namespace EqNet.Optimization;

/// <summary>Outcome of <see cref="Lbfgs.Minimize"/>.</summary>
/// <param name="Minimizer">The best point found (the same array that was passed in, updated in place).</param>
/// <param name="Value">Objective at <paramref name="Minimizer"/>.</param>
/// <param name="GradientNorm">Largest gradient component at <paramref name="Minimizer"/>.</param>
/// <param name="Iterations">Completed iterations (accepted steps).</param>
/// <param name="Evaluations">Objective evaluations, line searches included.</param>
/// <param name="Exit">Why the run stopped.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record LbfgsResult(double[] Minimizer, double Value, double GradientNorm, int Iterations, int Evaluations,
    ExitCondition Exit, TimeSpan Elapsed)
{
    /// <summary>True when the run stopped on a convergence test (gradient or function tolerance).</summary>
    public bool Converged => Exit is ExitCondition.GradientTolerance or ExitCondition.FunctionTolerance;
}
