namespace EqNet.Discovery;

/// <summary>
/// A function of named variables the searches may query at points they choose, with the box each variable is drawn
/// from: an output of the problem, or a piece of one that a separability or symmetry test split off (AI Feynman's
/// recursion queries its fitted network the same way; Udrescu and Tegmark 2020).
/// </summary>
public sealed class BlackBox
{
    private readonly Func<double[], int, double[]> _evaluate;

    /// <summary>Creates the box from variable names, their ranges and the function (rows row-major count x names -> values; NaN where undefined).</summary>
    public BlackBox(IReadOnlyList<string> names, double[] min, double[] max, Func<double[], int, double[]> evaluate)
    {
        Names = names;
        Min = min;
        Max = max;
        _evaluate = evaluate;
    }

    /// <summary>Variable names, in row order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Lower end of each variable's range.</summary>
    public double[] Min { get; }

    /// <summary>Upper end of each variable's range.</summary>
    public double[] Max { get; }

    /// <summary>Number of variables.</summary>
    public int Width => Names.Count;

    /// <summary>The function at <paramref name="count"/> rows (row-major); non-finite values come back as NaN.</summary>
    public double[] Evaluate(double[] rows, int count)
    {
        var values = _evaluate(rows, count);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) values[i] = double.NaN;
        return values;
    }

    /// <summary>
    /// <paramref name="count"/> rows drawn from the ranges: log-uniform for a positive range spanning more than a decade
    /// (its natural scale), uniform otherwise.
    /// </summary>
    public double[] Sample(int count, Random random)
    {
        int d = Width;
        var rows = new double[count * d];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double lo = Min[j], hi = Max[j], u = random.NextDouble();
                rows[i * d + j] = lo > 0 && hi > 10 * lo ? lo * Math.Pow(hi / lo, u) : lo + (hi - lo) * u;
            }
        }
        return rows;
    }

    /// <summary>The box over the range each column of <paramref name="rows"/> spans.</summary>
    public static (double[] Min, double[] Max) Ranges(double[] rows, int count, int width)
    {
        var min = Enumerable.Repeat(double.PositiveInfinity, width).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, width).ToArray();
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < width; j++)
            {
                min[j] = Math.Min(min[j], rows[i * width + j]);
                max[j] = Math.Max(max[j], rows[i * width + j]);
            }
        }
        return (min, max);
    }
}
