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
        var singular = problem.Equations.SelectMany((equation, i) => Singularities(i + 1, equation, problem, rows, count)).ToList();
        return new DomainReport(count, Ranges(inputNames, rows, count), equations, singular);
    }

    /// <summary>
    /// A denominator or a root's argument that comes this close to 0 (relative to its largest magnitude on the probe
    /// sample), or an inverse sine's argument this close to +-1, is reported: 2,000 uniform probes of a law that is
    /// regular land no nearer than about 1e-3 of a boundary, so 1e-3 separates reaching from approaching.
    /// </summary>
    public const double NearZeroRatio = 1e-3;

    /// <summary>
    /// Every equation's input-only denominators and root or inverse-sine arguments (what <see cref="Run"/> probes for poles
    /// and infinite slopes), without the probe: 1-based equation number, the part, its kind (Pole or InfiniteSlope), and
    /// whether its distance to +-1 (an inverse sine's argument) rather than to 0 counts.
    /// </summary>
    public static IReadOnlyList<(int Number, Expr Part, SingularityKind Kind, bool Unit)> SingularParts(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var outputs = problem.OutputNames.ToHashSet(StringComparer.Ordinal);
        var parts = new List<(int, Expr, SingularityKind, bool)>();
        for (int i = 0; i < problem.Equations.Count; i++)
        {
            var candidates = new List<(Expr Part, SingularityKind Kind, bool Unit)>();
            Candidates(problem.Equations[i].Equation.Lhs, outputs, candidates);
            Candidates(problem.Equations[i].Equation.Rhs, outputs, candidates);
            parts.AddRange(candidates.DistinctBy(c => $"{c.Kind}:{c.Unit}:{c.Part}").Select(c => (i + 1, c.Part, c.Kind, c.Unit)));
        }
        return parts;
    }

    /// <summary>Poles and infinite slopes of the equation's input-only parts on the probe points.</summary>
    private static IEnumerable<SingularPoint> Singularities(int number, EquationSpec equation, Problem problem, double[] rows, int count)
    {
        var inputNames = problem.InputNames;
        var outputs = problem.OutputNames.ToHashSet(StringComparer.Ordinal);
        var candidates = new List<(Expr Part, SingularityKind Kind, bool Unit)>();
        Candidates(equation.Equation.Lhs, outputs, candidates);
        Candidates(equation.Equation.Rhs, outputs, candidates);
        var seen = new HashSet<string>();
        var values = new double[count];
        foreach (var (part, kind, unit) in candidates)
        {
            if (!seen.Add($"{kind}:{unit}:{part}")) continue;
            part.Compile(inputNames).EvaluateBatch(rows, count, values);
            // A sum nears 0 only by cancelling: its distance is relative to its terms at the same point, not to its
            // largest value over the domain (K**nH + A**nH spans decades and never cancels).
            var terms = AdditiveTerms.Of(part);
            double[]? termSums = null;
            if (kind == SingularityKind.Pole && terms.Count > 1)
            {
                termSums = new double[count];
                var term = new double[count];
                foreach (var t in terms)
                {
                    t.Compile(inputNames).EvaluateBatch(rows, count, term);
                    for (int r = 0; r < count; r++) termSums[r] += Math.Abs(term[r]);
                }
            }
            int closest = -1, positive = 0, negative = 0;
            double largest = 0, nearest = double.PositiveInfinity;
            for (int r = 0; r < count; r++)
            {
                double v = values[r];
                if (!double.IsFinite(v)) continue;
                if (v > 0) positive++;
                else if (v < 0) negative++;
                // Distance to the singular set: |v| for a denominator or root, 1 - |v| for an inverse sine's argument.
                double distance = unit ? 1 - Math.Abs(v) : termSums is null ? Math.Abs(v) : Math.Abs(v) / termSums[r];
                largest = Math.Max(largest, unit || termSums is not null ? 1 : Math.Abs(v));
                if (distance < nearest) (nearest, closest) = (distance, r);
            }
            if (closest < 0 || largest == 0) continue;
            var point = inputNames.Select((name, j) => KeyValuePair.Create(name, rows[closest * inputNames.Count + j])).ToArray();
            if (kind == SingularityKind.Pole && positive > 0 && negative > 0)
                yield return new SingularPoint(number, SingularityKind.Pole, part.ToString(), point, values[closest]);
            else if (nearest < NearZeroRatio * largest)
            {
                var reported = kind == SingularityKind.Pole ? SingularityKind.NearPole : kind;
                yield return new SingularPoint(number, reported, part.ToString(), point, nearest / largest);
            }
        }
    }

    /// <summary>
    /// An input or a power of one: it reaches 0 only where its own range does, which its bounds and log features already
    /// account for; only a compound expression (a difference, a trigonometric factor) makes a pole the bounds do not show.
    /// </summary>
    private static bool IsPowerOfInput(Expr e) => e is VariableExpr || e is BinaryExpr { Operator: BinaryOperator.Power, Left: VariableExpr };

    /// <summary>
    /// A function with no zero on the real line (exp, cosh, gamma): small only relative to its largest value, which a
    /// ratio of gamma functions spans by decades (gamma(nu/2) from 0.89 to 6e62 for nu in [1, 100]) without a pole.
    /// </summary>
    private static bool NeverZero(Expr e) => e is CallExpr { Function: MathFunction.Exp or MathFunction.Cosh or MathFunction.Gamma };

    /// <summary>
    /// Input-only denominators (kind Pole) and root arguments (kind InfiniteSlope; for an asin/acos argument, Unit: the
    /// distance to +-1 counts).
    /// </summary>
    private static void Candidates(Expr e, HashSet<string> outputs, List<(Expr, SingularityKind, bool)> into)
    {
        bool inputOnly = !e.Variables.Any(outputs.Contains);
        switch (e)
        {
            case BinaryExpr { Operator: BinaryOperator.Divide } b when b.Right.Variables.Count > 0 && !b.Right.Variables.Any(outputs.Contains):
                // A product of powers spans decades without nearing a pole; its factors are what can reach 0.
                var factors = new List<(Expr, bool)>();
                Symbolic.ZeroStructure.Factors(b.Right, false, factors);
                for (int i = 0; i < factors.Count; i++)
                {
                    var factor = factors[i].Item1;
                    if (factor is BinaryExpr { Operator: BinaryOperator.Power, Right.Variables.Count: 0 } power) Symbolic.ZeroStructure.Factors(power.Left, false, factors);
                    else if (factor.Variables.Count > 0 && factor is not VariableExpr && !NeverZero(factor)) into.Add((factor, SingularityKind.Pole, false));
                }
                break;
            case BinaryExpr { Operator: BinaryOperator.Power } b when b.Right.Variables.Count == 0 && inputOnly && b.Left.Variables.Count > 0:
                double k = b.Right.Evaluate(new Dictionary<string, double>());
                if (k < 0 && !IsPowerOfInput(b.Left)) into.Add((b.Left, SingularityKind.Pole, false));
                else if (k > 0 && k < 1) into.Add((b.Left, SingularityKind.InfiniteSlope, false));
                break;
            case CallExpr { Function: MathFunction.Sqrt } c when inputOnly && c.Arguments[0].Variables.Count > 0:
                into.Add((c.Arguments[0], SingularityKind.InfiniteSlope, false));
                break;
            case CallExpr { Function: MathFunction.Asin or MathFunction.Acos } c when inputOnly && c.Arguments[0].Variables.Count > 0:
                into.Add((c.Arguments[0], SingularityKind.InfiniteSlope, true));
                break;
        }
        switch (e)
        {
            case BinaryExpr b:
                Candidates(b.Left, outputs, into);
                Candidates(b.Right, outputs, into);
                break;
            case UnaryExpr u:
                Candidates(u.Operand, outputs, into);
                break;
            case CallExpr c:
                foreach (var a in c.Arguments) Candidates(a, outputs, into);
                break;
        }
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
