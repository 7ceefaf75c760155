using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

/// <summary>Chained Rosenbrock function: sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2; minimum 0 at all ones.</summary>
internal sealed class Rosenbrock : IObjective
{
    public int Evaluations { get; private set; }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Evaluations++;
        gradient.Clear();
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
            gradient[i] += -400 * a * x[i] - 2 * b;
            gradient[i + 1] += 200 * a;
        }
        return f;
    }

    /// <summary>The classic hard start: (-1.2, 1, -1.2, 1, ...).</summary>
    public static double[] Start(int n) => Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();

    public static double DistanceToMinimum(ReadOnlySpan<double> x)
    {
        double d = 0;
        foreach (var v in x) d = Math.Max(d, Math.Abs(v - 1));
        return d;
    }
}
