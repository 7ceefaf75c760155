namespace EqNet.Optimization;

/// <summary>Why a minimiser stopped.</summary>
public enum ExitCondition
{
    /// <summary>The gradient's largest component fell below the gradient tolerance: converged.</summary>
    GradientTolerance,

    /// <summary>The objective stopped decreasing by more than the relative function tolerance: converged.</summary>
    FunctionTolerance,

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

    /// <summary>The line search found no point that lowers the objective along the search direction.</summary>
    LineSearchFailure,

    /// <summary>The Levenberg-Marquardt damping grew past its limit: no step lowers the cost.</summary>
    DampingOverflow,

    /// <summary>The objective or its derivatives were NaN or infinite at the starting point.</summary>
    NonFiniteValue,
}
