using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// Starting points for the multi-start search: a Halton sequence (bases 2, 3, 5, ...) shifted by a seeded random
/// offset (Cranley-Patterson rotation), so the starts cover the box evenly and differ by seed. A parameter with a start
/// keeps it; one with both bounds is drawn inside them (log-spaced for <c>log: true</c> or bounds spanning more than
/// two decades of one sign); one without is drawn log-spaced over 10^-decades .. 10^decades, with a sign.
/// </summary>
internal static class StartSampler
{
    public static IReadOnlyList<double[]> Starts(IReadOnlyList<ParameterSpec> parameters, int count, int seed, double decades)
    {
        int p = parameters.Count;
        // Two coordinates per parameter: position in the range, and the sign where the sign is free.
        int dimensions = 2 * p;
        var primes = Primes(dimensions);
        var random = new Random(seed);
        var shift = Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray();
        var starts = new List<double[]>(count);
        for (int k = 1; k <= count; k++)
        {
            var start = new double[p];
            for (int j = 0; j < p; j++)
            {
                double u = Frac(Halton(k, primes[2 * j]) + shift[2 * j]);
                double v = Frac(Halton(k, primes[2 * j + 1]) + shift[2 * j + 1]);
                start[j] = Draw(parameters[j], u, v, decades);
            }
            starts.Add(start);
        }
        return starts;
    }

    private static double Draw(ParameterSpec q, double u, double v, double decades)
    {
        if (q.Start is { } fixedStart) return fixedStart;
        if (q.Min is { } lo && q.Max is { } hi)
        {
            bool logSpaced = lo > 0 && (q.Log || hi / lo > 100);
            return logSpaced ? lo * Math.Pow(hi / lo, u) : lo + (hi - lo) * u;
        }
        // Over decades, one-sided bounds respected: a lower bound >= 0 (or log scale) means positive, an upper <= 0 negative.
        double magnitude = Math.Pow(10, decades * (2 * u - 1));
        double sign = q.Log || q.Min >= 0 ? 1 : q.Max <= 0 ? -1 : v < 0.5 ? 1 : -1;
        double value = sign * magnitude;
        if (q.Min is { } min && value < min) value = min + magnitude;
        if (q.Max is { } max && value > max) value = max - magnitude;
        return value;
    }

    private static double Halton(int index, int radix)
    {
        double result = 0, f = 1.0 / radix;
        for (int i = index; i > 0; i /= radix, f /= radix) result += f * (i % radix);
        return result;
    }

    private static double Frac(double x) => x - Math.Floor(x);

    private static int[] Primes(int count)
    {
        var primes = new List<int>();
        for (int candidate = 2; primes.Count < count; candidate++)
            if (primes.All(q => candidate % q != 0)) primes.Add(candidate);
        return [.. primes];
    }
}
