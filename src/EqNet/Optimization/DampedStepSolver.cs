namespace EqNet.Optimization;

/// <summary>How <see cref="LevenbergMarquardt"/> solves each damped step (the damping rule and acceptance test are the same).</summary>
public enum DampedStepSolver
{
    /// <summary>
    /// The normal equations (J^T J + lambda D) h = -J^T r, or the m x m form when there are fewer residuals than
    /// parameters, factored by Cholesky: exact steps, memory m x n plus min(m, n)^2, time m n^2 per Jacobian.
    /// </summary>
    Direct,

    /// <summary>
    /// Conjugate gradients on the damped least-squares problem (CGLS, at most 20 iterations, Marquardt's scaling by J's
    /// column norms): inexact steps from products with J alone, memory m x n, time about 40 m n per step.
    /// </summary>
    ConjugateGradient,
}
