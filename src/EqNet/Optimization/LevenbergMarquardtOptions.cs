namespace EqNet.Optimization;

/// <summary>Settings of <see cref="LevenbergMarquardt"/> (the stopping tests apply to <see cref="LevenbergMarquardt.Minimize"/>).</summary>
public sealed record LevenbergMarquardtOptions
{
    /// <summary>Maximum number of iterations (damped solves, accepted or rejected).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Converged when the largest component of the gradient J^T r is at most this.</summary>
    public double GradientTolerance { get; init; } = 1e-12;

    /// <summary>Converged when the cost (sum of squared residuals) is at most this; 0, the default, turns the test off.</summary>
    public double CostTolerance { get; init; }

    /// <summary>Converged when an accepted step's length is at most this times (|x| + this).</summary>
    public double StepTolerance { get; init; } = 1e-14;

    /// <summary>Initial damping relative to the largest diagonal entry of J^T J (Nielsen's tau).</summary>
    public double InitialDampingScale { get; init; } = 1e-3;

    /// <summary>
    /// Damp by lambda diag(J^T J) (Marquardt's scaling: the step does not depend on the units of each parameter) instead
    /// of lambda I. Off by default: the trainer's residuals are already scaled, and lambda I keeps the step defined for
    /// parameters with a zero Jacobian column (dead units). Newton's polish turns it on: its unknowns span many decades.
    /// </summary>
    public bool DiagonalDamping { get; init; }

    /// <summary>
    /// How each damped step is solved: <see cref="DampedStepSolver.Direct"/> (the normal equations by Cholesky, the
    /// default) or <see cref="DampedStepSolver.ConjugateGradient"/> (products with J alone, always with Marquardt's
    /// scaling by J's column norms, for models whose normal matrix a step cannot afford).
    /// </summary>
    public DampedStepSolver StepSolver { get; init; }

    /// <summary>Stop with <see cref="ExitCondition.DampingOverflow"/> when the damping exceeds this.</summary>
    public double MaxDamping { get; init; } = 1e16;

    /// <summary>Worker threads for J^T J and the Cholesky factorisation; 0 for one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Stop with <see cref="ExitCondition.Deadline"/> once this much time has passed; null for no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Stop with <see cref="ExitCondition.Cancelled"/> when signalled.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal void Validate()
    {
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "the iteration limit must not be negative");
        if (!(GradientTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "the gradient tolerance must not be negative");
        if (!(CostTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(CostTolerance), CostTolerance, "the cost tolerance must not be negative");
        if (!(StepTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(StepTolerance), StepTolerance, "the step tolerance must not be negative");
        if (!(InitialDampingScale > 0)) throw new ArgumentOutOfRangeException(nameof(InitialDampingScale), InitialDampingScale, "the initial damping scale must be positive");
        if (!(MaxDamping > 0)) throw new ArgumentOutOfRangeException(nameof(MaxDamping), MaxDamping, "the damping limit must be positive");
        if (!Enum.IsDefined(StepSolver)) throw new ArgumentOutOfRangeException(nameof(StepSolver), StepSolver, "the step solver must be Direct or ConjugateGradient");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "the thread count must be 0 (one per core) or positive");
    }
}
