namespace EqNet.Optimization;

/// <summary>Why <see cref="LevenbergMarquardt.Minimize"/> stopped.</summary>
public enum ExitCondition
{
    /// <summary>The gradient's largest component fell below the gradient tolerance: converged.</summary>
    GradientTolerance,

    /// <summary>The least-squares cost fell to the cost tolerance: converged.</summary>
    CostTolerance,

    /// <summary>The step became negligible relative to the parameters: converged.</summary>
    StepTolerance,

    /// <summary>The iteration budget ran out before convergence.</summary>
    MaxIterations,

    /// <summary>The time limit passed before convergence.</summary>
    Deadline,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,

    /// <summary>The Levenberg-Marquardt damping grew past its limit: no step lowers the cost.</summary>
    DampingOverflow,

    /// <summary>The objective or its derivatives were NaN or infinite at the starting point.</summary>
    NonFiniteValue,
}
