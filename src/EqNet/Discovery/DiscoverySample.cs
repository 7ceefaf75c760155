using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Discovery;

/// <summary>
/// Points of a problem's domain with the outputs' true values: from an output's explicit equation evaluated
/// numerically, or from Newton's solutions where no equation defines it outright. Only the values are used to build
/// candidates; the equations' text is never read for that.
/// </summary>
public sealed class DiscoverySample
{
    private DiscoverySample(Problem problem, double[] inputs, double[] truth, int count)
    {
        Problem = problem;
        Inputs = inputs;
        Truth = truth;
        Count = count;
    }

    /// <summary>The problem (its domain may be a widened copy of the user's).</summary>
    public Problem Problem { get; }

    /// <summary>Raw inputs, row-major count x inputs.</summary>
    public double[] Inputs { get; }

    /// <summary>True outputs, row-major count x outputs; NaN where the value is not defined or Newton failed.</summary>
    public double[] Truth { get; }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Draws <paramref name="count"/> points of <paramref name="problem"/>'s domain with <paramref name="seed"/>.</summary>
    /// <exception cref="ProblemException">The domain is empty somewhere (see <see cref="DomainSampler"/>).</exception>
    public static DiscoverySample Draw(Problem problem, int count, int seed)
    {
        var sampler = new DomainSampler(problem, probeCount: 0);
        var inputs = sampler.Sample(count, seed);
        var values = Evaluate(problem, inputs, count);
        return new DiscoverySample(problem, inputs, values, count);
    }

    /// <summary>
    /// The outputs' true values (row-major count x outputs) at arbitrary input rows: the black box the searches may
    /// query, as AI Feynman queries its fitted network (Udrescu and Tegmark 2020); NaN where undefined.
    /// </summary>
    public static double[] Evaluate(Problem problem, double[] inputs, int count)
    {
        var definitions = new ExplicitDefinitions(problem);
        var (values, _) = definitions.Evaluate(inputs, count);
        if (!definitions.AllExplicit)
        {
            int o = problem.Outputs.Count;
            var solved = new NewtonSolver(problem).Solve(inputs, count);
            for (int i = 0; i < count; i++)
                for (int j = 0; j < o; j++)
                    if (!definitions.IsExplicit(j))
                        values[i * o + j] = solved.Converged[i] ? solved.Solutions[i * o + j] : double.NaN;
        }
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) values[i] = double.NaN;
        return values;
    }

    /// <summary>The indices of points where output <paramref name="output"/> has a finite true value.</summary>
    public int[] Defined(int output)
    {
        int o = Problem.Outputs.Count;
        return Enumerable.Range(0, Count).Where(i => double.IsFinite(Truth[i * o + output])).ToArray();
    }

    /// <summary>The column of output <paramref name="output"/> at the given points.</summary>
    public double[] Output(int output, int[] points)
    {
        int o = Problem.Outputs.Count;
        return points.Select(i => Truth[i * o + output]).ToArray();
    }

    /// <summary>The inputs (row-major) of the given points.</summary>
    public double[] InputRows(int[] points)
    {
        int d = Problem.Inputs.Count;
        var rows = new double[points.Length * d];
        for (int k = 0; k < points.Length; k++)
            Inputs.AsSpan(points[k] * d, d).CopyTo(rows.AsSpan(k * d, d));
        return rows;
    }
}
