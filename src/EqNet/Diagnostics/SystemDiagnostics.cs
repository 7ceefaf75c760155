using System.Globalization;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Symbolic;

namespace EqNet.Diagnostics;

/// <summary>
/// Checks a problem's system over a probe sample before training: where Newton finds no solution inside the declared
/// output bounds, and where the Jacobian of the equations with respect to the outputs is singular at the solution.
/// </summary>
public static class SystemDiagnostics
{
    /// <summary>Relative size of the smallest pivot below which a Jacobian counts as singular.</summary>
    public const double SingularThreshold = 1e-10;

    /// <summary>Probe points of the several-solutions check: 100 at 8 starts each costs a few ms on the examples (docs/robustness.md).</summary>
    public const int MultipleRootPoints = 100;

    /// <summary>Probes <paramref name="count"/> points of the domain.</summary>
    public static SystemDiagnosis Run(Problem problem, int count = 500, int seed = 7)
    {
        var system = new CompiledSystem(problem);
        var inputs = new DomainSampler(problem).Sample(count, seed);
        var solved = ClosedFormStarts.Retry(problem, inputs, count, new NewtonSolver(system).Solve(inputs, count));
        int d = system.InputCount, o = system.OutputCount, e = system.EquationCount;
        int unsolved = 0, singular = 0;
        string? unsolvedExample = null, singularExample = null;
        var points = system.Join(inputs, solved.Solutions, count);
        var residuals = new double[count * e];
        var scales = new double[count * e];
        var derivatives = new double[count * e * o];
        system.Evaluate(points, count, residuals, scales, default, derivatives);
        for (int i = 0; i < count; i++)
        {
            if (!solved.Found(i))
            {
                unsolved++;
                unsolvedExample ??= Point(system, inputs, i, d);
                continue;
            }
            if (IsSingular(derivatives.AsSpan(i * e * o, e * o), scales.AsSpan(i * e, e), solved.Solutions.AsSpan(i * o, o), e, o))
            {
                singular++;
                singularExample ??= Point(system, inputs, i, d);
            }
        }
        return new SystemDiagnosis(count, unsolved / (double)count, unsolvedExample, singular / (double)count, singularExample)
        {
            MultipleRoots = MultipleRoots.Find(system, inputs, Math.Min(count, MultipleRootPoints)),
        };
    }

    /// <summary>Rank test of the Jacobian scaled to relative units (rows by S, columns by |y|), by Gaussian elimination.</summary>
    private static bool IsSingular(ReadOnlySpan<double> j, ReadOnlySpan<double> scales, ReadOnlySpan<double> y, int e, int o) =>
        SmallestPivot(j, scales, y, e, o) <= SingularThreshold;

    /// <summary>
    /// Per point, the smallest pivot of the Jacobian of the equations with respect to the outputs in relative units (rows
    /// by S, columns by |y|), by Gaussian elimination with partial pivoting: near 0 where the outputs are barely
    /// determined (a double root). NaN where an output is not finite.
    /// </summary>
    /// <param name="system">The compiled system.</param>
    /// <param name="points">Row-major n x (inputs + outputs), see <see cref="CompiledSystem.Join"/>.</param>
    /// <param name="outputs">Row-major n x outputs.</param>
    /// <param name="count">Points.</param>
    public static double[] SmallestPivots(CompiledSystem system, double[] points, double[] outputs, int count)
    {
        ArgumentNullException.ThrowIfNull(system);
        int e = system.EquationCount, o = system.OutputCount;
        var residuals = new double[count * e];
        var scales = new double[count * e];
        var derivatives = new double[count * e * o];
        system.Evaluate(points, count, residuals, scales, default, derivatives);
        var pivots = new double[count];
        for (int i = 0; i < count; i++)
        {
            var y = outputs.AsSpan(i * o, o);
            bool finite = true;
            foreach (double v in y) finite &= double.IsFinite(v);
            pivots[i] = finite ? SmallestPivot(derivatives.AsSpan(i * e * o, e * o), scales.AsSpan(i * e, e), y, e, o) : double.NaN;
        }
        return pivots;
    }

    /// <summary>The smallest pivot of the scaled Jacobian; 0 when a column has none above <see cref="SingularThreshold"/>.</summary>
    private static double SmallestPivot(ReadOnlySpan<double> j, ReadOnlySpan<double> scales, ReadOnlySpan<double> y, int e, int o)
    {
        var m = new double[e * o];
        for (int r = 0; r < e; r++)
            for (int c = 0; c < o; c++)
                m[r * o + c] = j[r * o + c] * Math.Max(Math.Abs(y[c]), 1e-300) / Math.Max(scales[r], 1e-300);
        double smallest = double.PositiveInfinity;
        var used = new bool[e];
        for (int c = 0; c < o; c++)
        {
            int pivot = -1;
            double best = SingularThreshold;
            for (int r = 0; r < e; r++)
                if (!used[r] && Math.Abs(m[r * o + c]) > best) { best = Math.Abs(m[r * o + c]); pivot = r; }
            if (pivot < 0)
            {
                smallest = 0;
                continue;
            }
            used[pivot] = true;
            smallest = Math.Min(smallest, best);
            for (int r = 0; r < e; r++)
            {
                if (r == pivot) continue;
                double f = m[r * o + c] / m[pivot * o + c];
                for (int k = c; k < o; k++) m[r * o + k] -= f * m[pivot * o + k];
            }
        }
        return smallest;
    }

    private static string Point(CompiledSystem system, double[] inputs, int i, int d) =>
        string.Join(", ", Enumerable.Range(0, d).Select(k => $"{system.Variables[k]}={inputs[i * d + k].ToString("G6", CultureInfo.InvariantCulture)}"));
}

/// <summary>What <see cref="SystemDiagnostics.Run"/> found.</summary>
/// <param name="Points">Probe points.</param>
/// <param name="UnsolvedFraction">Share of points where Newton found no solution within the output bounds.</param>
/// <param name="UnsolvedExample">Such a point, or null.</param>
/// <param name="SingularFraction">Share of solved points where the Jacobian with respect to the outputs is singular.</param>
/// <param name="SingularExample">Such a point, or null.</param>
public sealed record SystemDiagnosis(int Points, double UnsolvedFraction, string? UnsolvedExample, double SingularFraction, string? SingularExample)
{
    /// <summary>Points with more than one solution within the output bounds (null when not probed).</summary>
    public MultipleRootsResult? MultipleRoots { get; init; }

    /// <summary>Human-readable warnings (empty when all is well).</summary>
    public IEnumerable<string> Warnings()
    {
        if (MultipleRoots?.Warning is { } several)
            yield return several;
        if (UnsolvedExample is not null)
            yield return $"no solution within the declared output bounds was found at {Percent(UnsolvedFraction)} of {Points} probe points, e.g. at {UnsolvedExample}. " +
                "Check the output bounds (min/max) and the input domain; the model cannot be right where no solution exists. " +
                "(Newton can also stall where a root exists but the equations cannot be evaluated finely there: 'eqnet solve PROBLEM --at ...' at that point shows its best residual.)";
        if (SingularExample is not null)
            yield return $"the Jacobian of the equations with respect to the outputs is singular at {SingularFraction:P1} of the probe points, e.g. at {SingularExample}. " +
                "The outputs are not determined there (a missing or redundant equation?).";
    }

    /// <summary>A share as a percentage with two significant digits, so one point in 20,000 reads 0.005 %, not 0.0 %.</summary>
    internal static string Percent(double fraction) => $"{(fraction * 100).ToString("G2", CultureInfo.InvariantCulture)} %";
}
