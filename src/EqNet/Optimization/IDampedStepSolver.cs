namespace EqNet.Optimization;

/// <summary>
/// The linear algebra of one Levenberg-Marquardt step: given J and r at the current point, the step h of
/// min |r + J h|^2 + lambda |D h|^2 for any damping lambda, and the reduction of |r + J h|^2 it predicts.
/// <see cref="LevenbergMarquardt"/> owns the damping rule and the acceptance test; a solver only solves.
/// </summary>
internal interface IDampedStepSolver
{
    /// <summary>J^T r at the point of the last <see cref="Prepare"/>.</summary>
    ReadOnlySpan<double> Gradient { get; }

    /// <summary>Largest diagonal entry of J^T J in the units lambda damps (the initial damping is tau times this).</summary>
    double MaxCurvature { get; }

    /// <summary>
    /// Takes J (m x n, row-major) and r (m) at the current point. The arrays stay the caller's and must not change
    /// until the last <see cref="Solve"/> from this point: a solver that needs only products with J keeps no copy.
    /// </summary>
    void Prepare(double[] jacobian, double[] residuals, int m, int n);

    /// <summary>
    /// Writes the step for damping <paramref name="lambda"/> and the reduction of |r + J h|^2 it predicts; false when
    /// no step can be computed at this damping (the damped matrix is not positive definite).
    /// </summary>
    bool Solve(double lambda, Span<double> step, out double predicted);
}
