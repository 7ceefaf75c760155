namespace EqNet.Optimization;

/// <summary>A nonlinear least-squares problem: minimise the sum of squared residuals r(x).</summary>
public interface ILeastSquaresProblem
{
    /// <summary>Number of parameters x.</summary>
    int ParameterCount { get; }

    /// <summary>Number of residuals r.</summary>
    int ResidualCount { get; }

    /// <summary>Evaluates residuals and, when <paramref name="jacobian"/> is not empty, dr/dx row-major (residuals x parameters).</summary>
    void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian);
}
