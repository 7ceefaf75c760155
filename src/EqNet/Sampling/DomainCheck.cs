using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Sampling;

/// <summary>
/// Probes a problem's domain: the observed range of each input, and where each equation's parts that depend on
/// inputs alone (additive terms without outputs, and input-only <c>scale:</c> expressions) are NaN or infinite.
/// Such a point has no valid target, so training there would only produce NaN losses.
/// </summary>
public static class DomainCheck
{
    /// <summary>Probe points drawn by default.</summary>
    public const int DefaultSampleCount = 2000;

    /// <summary>Draws <paramref name="count"/> points with <paramref name="seed"/> and reports on them.</summary>
    /// <exception cref="ProblemException">An input's range is empty at some drawn point.</exception>
    public static DomainReport Run(DomainSampler sampler, int count = DefaultSampleCount, int seed = DomainSampler.ProbeSeed)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var problem = sampler.Problem;
        var inputNames = problem.InputNames;
        double[] rows = sampler.Sample(count, seed);
        var equations = problem.Equations.Select((equation, i) => Check(i + 1, equation, problem, rows, count)).ToList();
        return new DomainReport(count, Ranges(inputNames, rows, count), equations);
    }

    private static List<InputRange> Ranges(IReadOnlyList<string> names, double[] rows, int count)
    {
        int width = names.Count;
        var ranges = new List<InputRange>(width);
        for (int j = 0; j < width; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int r = 0; r < count; r++)
            {
                double value = rows[r * width + j];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
            ranges.Add(new InputRange(names[j], min, max));
        }
        return ranges;
    }

    private static EquationDomainResult Check(int number, EquationSpec equation, Problem problem, double[] rows, int count)
    {
        var inputNames = problem.InputNames;
        var outputs = problem.OutputNames.ToHashSet(StringComparer.Ordinal);
        var parts = AdditiveTerms.Of(equation.Equation.Lhs).Concat(AdditiveTerms.Of(equation.Equation.Rhs)).ToList();
        if (equation.Scale is not null)
            parts.Add(equation.Scale);
        parts.RemoveAll(part => part.Variables.Any(outputs.Contains));

        var undefined = new bool[count];
        int firstBad = -1;
        Expr? firstBadPart = null;
        var values = new double[count];
        foreach (var part in parts)
        {
            part.Compile(inputNames).EvaluateBatch(rows, count, values);
            for (int r = 0; r < count; r++)
            {
                if (double.IsFinite(values[r]))
                    continue;
                undefined[r] = true;
                if (firstBad < 0 || r < firstBad)
                    (firstBad, firstBadPart) = (r, part);
            }
        }

        int undefinedCount = undefined.Count(flag => flag);
        IReadOnlyList<KeyValuePair<string, double>>? point = firstBad < 0
            ? null
            : [.. inputNames.Select((name, j) => KeyValuePair.Create(name, rows[firstBad * inputNames.Count + j]))];
        return new EquationDomainResult(number, equation, (double)undefinedCount / count, point, firstBadPart?.ToString());
    }
}
