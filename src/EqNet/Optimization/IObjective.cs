namespace EqNet.Optimization;

/// <summary>A smooth function to minimise: its value and gradient at x.</summary>
public interface IObjective
{
    /// <summary>Number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Returns f(x) and writes the gradient into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
