namespace EqNet.Optimization;

/// <summary>Settings of <see cref="Lbfgs.Minimize"/>.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Number of (step, gradient change) pairs kept for the inverse-Hessian estimate. 5 to 20 is typical.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Converged when the largest gradient component is at most this.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>
    /// Converged when an iteration lowers f by at most this times max(|f_old|, |f_new|); the default stops only when
    /// progress is down to a few rounding errors.
    /// </summary>
    public double FunctionTolerance { get; init; } = 1e-15;

    /// <summary>Maximum number of iterations (line searches).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Maximum objective evaluations per line search.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 25;

    /// <summary>Armijo (sufficient decrease) constant c1 of the strong Wolfe conditions.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Curvature constant c2 of the strong Wolfe conditions (0.9 is the usual choice for quasi-Newton methods).</summary>
    public double Curvature { get; init; } = 0.9;

    /// <summary>Stop with <see cref="ExitCondition.Deadline"/> once this much time has passed; null for no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Stop with <see cref="ExitCondition.Cancelled"/> when signalled.</summary>
    public CancellationToken CancellationToken { get; init; }

    internal void Validate()
    {
        if (Memory < 1) throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "L-BFGS memory must be at least 1");
        if (!(GradientTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "the gradient tolerance must not be negative");
        if (!(FunctionTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(FunctionTolerance), FunctionTolerance, "the function tolerance must not be negative");
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "the iteration limit must not be negative");
        if (MaxLineSearchEvaluations < 2) throw new ArgumentOutOfRangeException(nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "a line search needs at least 2 evaluations");
        if (!(SufficientDecrease > 0 && SufficientDecrease < Curvature && Curvature < 1))
            throw new ArgumentException($"strong Wolfe constants need 0 < c1 < c2 < 1; got c1 = {SufficientDecrease}, c2 = {Curvature}");
    }
}
