using System.Globalization;
using EqNet.Problems.Compiled;

namespace EqNet.Solving;

/// <summary>
/// Looks for inputs at which the equations have more than one solution within the output bounds (a symmetric system
/// such as p + q = s, p*q = r; both roots of a quadratic): Newton from several starts at a sample of points, and the
/// distinct roots it reaches. A network fitted there mixes the branches, and no error metric says why.
/// </summary>
public static class MultipleRoots
{
    /// <summary>Starts per point. Eight finds both roots of the test problems at every probe point (tests/.../MultipleRootsTests).</summary>
    public const int Starts = 8;

    /// <summary>Two solutions are distinct when some output differs by more than this, relative to the larger |value| (Newton converges to 1e-12).</summary>
    public const double DistinctRelative = 1e-6;

    /// <summary>Probes the first <paramref name="count"/> points of <paramref name="inputs"/> (row-major, inputs in problem order).</summary>
    public static MultipleRootsResult Find(CompiledSystem system, ReadOnlySpan<double> inputs, int count, int seed = 11)
    {
        int o = system.OutputCount;
        var x = inputs[..(count * system.InputCount)].ToArray();
        var solver = new NewtonSolver(system);
        var random = new Random(seed);
        var roots = Enumerable.Range(0, count).Select(_ => new List<double[]>()).ToArray();
        var starts = new double[count * o];
        for (int s = 0; s < Starts; s++)
        {
            for (int i = 0; i < count; i++)
                for (int j = 0; j < o; j++) starts[i * o + j] = Start(system.Problem.Outputs[j], random);
            var solved = solver.Solve(x, count, starts);
            for (int i = 0; i < count; i++)
            {
                if (!solved.Converged[i]) continue;
                var y = solved.Solutions.AsSpan(i * o, o).ToArray();
                if (!roots[i].Any(r => !Distinct(r, y))) roots[i].Add(y);
            }
        }
        int d = system.InputCount, several = 0;
        string? example = null;
        for (int i = 0; i < count; i++)
        {
            if (roots[i].Count < 2) continue;
            several++;
            if (example is not null) continue;
            var (a, b) = (roots[i][0], roots[i][1]);
            string point = string.Join(", ", Enumerable.Range(0, d).Select(k => $"{system.Variables[k]}={G(x[i * d + k])}"));
            string Solution(double[] y) => string.Join(", ", Enumerable.Range(0, o).Select(j => $"{system.Variables[d + j]}={G(y[j])}"));
            int differing = Enumerable.Range(0, o).MaxBy(j => Math.Abs(a[j] - b[j]) / Math.Max(Math.Abs(a[j]), Math.Abs(b[j])));
            string name = system.Variables[d + differing];
            double low = Math.Min(a[differing], b[differing]), high = Math.Max(a[differing], b[differing]);
            string ordering = o > 1 ? $", or an ordering that picks one (e.g. write {name} = {system.Variables[d + (differing + 1) % o]} + t with a new output t: {{min: 0}})" : "";
            example = $"at {point}: {Solution(a)} and {Solution(b)}. Pick one: a bound between them (e.g. {name}: {{min: {G((low + high) / 2)}}} keeps the larger {name}, max: the smaller){ordering}";
        }
        return new MultipleRootsResult(count, several / (double)Math.Max(1, count), example);
    }

    private static double Start(Problems.OutputSpec output, Random random)
    {
        double u = random.NextDouble();
        return (output.Min, output.Max) switch
        {
            ({ } min, { } max) => min + (max - min) * (0.02 + 0.96 * u),
            ({ } min, null) => min + Math.Max(1, Math.Abs(min)) * Math.Pow(10, 6 * u - 3),
            (null, { } max) => max - Math.Max(1, Math.Abs(max)) * Math.Pow(10, 6 * u - 3),
            // Unbounded: either sign, magnitudes 1e-3 .. 1e3.
            _ => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, 6 * u - 3),
        };
    }

    private static bool Distinct(double[] a, double[] b)
    {
        for (int j = 0; j < a.Length; j++)
            if (Math.Abs(a[j] - b[j]) > DistinctRelative * Math.Max(Math.Abs(a[j]), Math.Abs(b[j])) + 1e-300) return true;
        return false;
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="MultipleRoots.Find"/> found.</summary>
/// <param name="Points">Probe points.</param>
/// <param name="Fraction">Share of them with two or more distinct solutions within the output bounds.</param>
/// <param name="Example">A point, two of its solutions and the fix; null when every point has at most one.</param>
public sealed record MultipleRootsResult(int Points, double Fraction, string? Example)
{
    /// <summary>The warning, or null.</summary>
    public string? Warning => Example is null ? null
        : $"more than one solution within the output bounds at {Fraction:P0} of {Points} probe points, e.g. {Example}. " +
          "Otherwise the network mixes the solutions and no metric says why.";
}
