namespace EqNet.Solving;

/// <summary>Newton's answers for a batch of points (row-major arrays).</summary>
/// <param name="Solutions">n x outputs; the last iterate where not converged.</param>
/// <param name="Converged">Per point: every scale-relative residual at or below the tolerance.</param>
/// <param name="Residuals">n: the largest scale-relative residual at the returned solution.</param>
/// <param name="Iterations">n: Newton iterations used (over all starts).</param>
public sealed record SolveResult(double[] Solutions, bool[] Converged, double[] Residuals, int[] Iterations)
{
    /// <summary>
    /// Whether point <paramref name="i"/> has a solution: converged, or stopped at a scale-relative residual of at most
    /// <see cref="RoundingResidual"/>, which is rounding where an equation's terms cancel (x = r cos(el) cos(az) at x
    /// near 0: 1.2e-12 is the best float64 gives there), not the absence of a root.
    /// </summary>
    public bool Found(int i) => Converged[i] || Residuals[i] <= RoundingResidual;

    /// <summary>A residual this small says the root is there; a missing root leaves residuals of order 1e-3 and up.</summary>
    public const double RoundingResidual = 1e-9;

    /// <summary>Share of points that converged.</summary>
    public double ConvergedFraction => Converged.Length == 0 ? 1 : Converged.Count(c => c) / (double)Converged.Length;
}
