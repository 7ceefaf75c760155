namespace EqNet.Solving;

/// <summary>Newton's answers for a batch of points (row-major arrays).</summary>
/// <param name="Solutions">n x outputs; the last iterate where not converged.</param>
/// <param name="Converged">Per point: every scale-relative residual at or below the tolerance.</param>
/// <param name="Residuals">n: the largest scale-relative residual at the returned solution.</param>
/// <param name="Iterations">n: Newton iterations used (over all starts).</param>
public sealed record SolveResult(double[] Solutions, bool[] Converged, double[] Residuals, int[] Iterations)
{
    /// <summary>Share of points that converged.</summary>
    public double ConvergedFraction => Converged.Length == 0 ? 1 : Converged.Count(c => c) / (double)Converged.Length;
}
