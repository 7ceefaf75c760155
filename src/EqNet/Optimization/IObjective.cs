namespace EqNet.Optimization;

/// <summary>A smooth scalar function to minimise, with its gradient.</summary>
public interface IObjective
{
    /// <summary>Returns f(x) and writes df/dx into <paramref name="gradient"/> (same length as <paramref name="x"/>).</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
