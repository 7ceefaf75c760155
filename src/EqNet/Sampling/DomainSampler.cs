using System.Globalization;
using EqNet.Problems;

namespace EqNet.Sampling;

/// <summary>
/// Draws input points from a problem's domain: each input in file order, its bounds evaluated from the inputs
/// drawn before it. Rows are row-major, one column per input in file order. Building a sampler probes the domain
/// so an empty range (e.g. <c>min &gt; max</c> for some earlier values) is reported before any training starts.
/// </summary>
public sealed class DomainSampler
{
    /// <summary>Points drawn when the sampler is built to find empty ranges up front.</summary>
    public const int DefaultProbeCount = 2000;

    /// <summary>Seed of the probe sample (independent of any training or validation seed).</summary>
    public const int ProbeSeed = 20261124;

    private readonly InputSpec[] _inputs;
    private readonly InputBound[] _min;
    private readonly InputBound[] _max;

    /// <summary>Prepares the sampler and probes <paramref name="probeCount"/> points.</summary>
    /// <exception cref="ProblemException">Some input has an empty or invalid range on the probe sample.</exception>
    public DomainSampler(Problem problem, int probeCount = DefaultProbeCount)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfNegative(probeCount);
        Problem = problem;
        _inputs = [.. problem.Inputs];
        var names = problem.InputNames;
        _min = [.. _inputs.Select((input, i) => new InputBound(input.Min, names.Take(i).ToList()))];
        _max = [.. _inputs.Select((input, i) => new InputBound(input.Max, names.Take(i).ToList()))];
        if (probeCount > 0)
            Sample(probeCount, ProbeSeed);
    }

    /// <summary>The problem whose domain is sampled.</summary>
    public Problem Problem { get; }

    /// <summary>Number of inputs, i.e. values per row.</summary>
    public int InputCount => _inputs.Length;

    /// <summary>Draws <paramref name="count"/> points with a fresh <see cref="Random"/>(<paramref name="seed"/>).</summary>
    /// <returns>count x <see cref="InputCount"/> values, row-major.</returns>
    /// <exception cref="ProblemException">An input's range is empty at some drawn point.</exception>
    public double[] Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rows = new double[count * _inputs.Length];
        Sample(rows, new Random(seed));
        return rows;
    }

    /// <summary>
    /// Fills <paramref name="rows"/> (row-major, length a multiple of <see cref="InputCount"/>) with points drawn
    /// from <paramref name="random"/>; the same generator state gives the same points.
    /// </summary>
    /// <exception cref="ProblemException">An input's range is empty at some drawn point.</exception>
    public void Sample(Span<double> rows, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int width = _inputs.Length;
        if (rows.Length % width != 0)
            throw new ArgumentException($"Length {rows.Length} is not a multiple of the input count {width}.", nameof(rows));
        for (int start = 0; start < rows.Length; start += width)
        {
            var row = rows.Slice(start, width);
            for (int i = 0; i < width; i++)
                row[i] = Draw(i, row[..i], random);
        }
    }

    private double Draw(int index, ReadOnlySpan<double> earlier, Random random)
    {
        var input = _inputs[index];
        double min = _min[index].Evaluate(earlier);
        double max = _max[index].Evaluate(earlier);
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw EmptyRange(input, earlier, $"bounds are not finite (min {Show(min)}, max {Show(max)})");
        if (min > max)
        {
            // Six digits can make a tiny overlap read "min 10 > max 10"; show every digit then.
            var (lo, hi) = Show(min) == Show(max)
                ? (min.ToString("R", CultureInfo.InvariantCulture), max.ToString("R", CultureInfo.InvariantCulture))
                : (Show(min), Show(max));
            throw EmptyRange(input, earlier, $"min {lo} > max {hi}");
        }
        if ((input.Sampling == SamplingKind.Log || input.Transform == InputTransformKind.Log) && min <= 0)
        {
            string what = input.Sampling == SamplingKind.Log ? "log sampling" : "'transform: log'";
            throw EmptyRange(input, earlier, $"{what} needs min > 0, but min is {Show(min)}");
        }

        double u = random.NextDouble();
        switch (input.Sampling)
        {
            case SamplingKind.Log:
                double logMin = Math.Log(min);
                return Math.Clamp(Math.Exp(logMin + u * (Math.Log(max) - logMin)), min, max);
            case SamplingKind.Integer:
                double low = Math.Ceiling(min), high = Math.Floor(max);
                if (low > high)
                    throw EmptyRange(input, earlier, $"no whole number between min {Show(min)} and max {Show(max)}");
                return Math.Min(low + Math.Floor(u * (high - low + 1)), high);
            default:
                return Math.Clamp(min + u * (max - min), min, max);
        }
    }

    private ProblemException EmptyRange(InputSpec input, ReadOnlySpan<double> earlier, string what)
    {
        var point = new List<string>();
        for (int j = 0; j < earlier.Length; j++)
        {
            if (input.BoundVariables.Contains(_inputs[j].Name))
                point.Add($"{_inputs[j].Name}={Show(earlier[j])}");
        }
        string at = point.Count > 0 ? $" at {string.Join(", ", point)}" : "";
        return new ProblemException(Problem.SourcePath, input.Line, $"inputs.{input.Name}",
            $"{what}{at}. Change the bounds so the range is non-empty for every value of the inputs they use.");
    }

    /// <summary>A value for messages: up to 6 significant digits, exponent as in the problem file (1e-06).</summary>
    internal static string Show(double value) =>
        value.ToString("G6", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
