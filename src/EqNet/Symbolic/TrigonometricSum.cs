using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// An expression written as Rest + sum_k (C_k cos(alpha_k) + S_k sin(alpha_k)), every phase alpha_k linear in the
/// unknowns and distinct: the form in which sums of angles (a planar linkage's x and y equations) can be eliminated.
/// Products and integer powers of sines and cosines are turned into sums (product-to-sum identities), so
/// <c>cos(a)*cos(b) - sin(a)*sin(b)</c> is read as <c>cos(a + b)</c>. The coefficients and the rest may hold unknowns
/// outside sines and cosines (<c>r*cos(th)</c>); an unknown inside any other function, or inside a sine or cosine
/// non-linearly, leaves no such form.
/// </summary>
internal sealed record TrigonometricSum(Expr Rest, IReadOnlyList<(Expr Cos, Expr Sin, Phase Phase)> Waves)
{
    private enum Kind { One, Cos, Sin }

    /// <summary>The unknowns in some phase.</summary>
    public IEnumerable<string> Angles => Waves.SelectMany(w => w.Phase.Multipliers.Select(m => m.Unknown)).Distinct();

    /// <summary><paramref name="e"/> as a trigonometric sum in <paramref name="unknowns"/>, or null.</summary>
    public static TrigonometricSum? Of(Expr e, IReadOnlySet<string> unknowns)
    {
        var terms = Expand(e, unknowns);
        if (terms is null) return null;
        Expr rest = new NumberExpr(0);
        var waves = new List<(Expr Cos, Expr Sin, Phase Phase)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (coefficient, kind, phase) in terms)
        {
            if (kind == Kind.One)
            {
                rest = Simplify(Add(rest, coefficient));
                continue;
            }
            if (!index.TryGetValue(phase.Key, out int k))
            {
                index[phase.Key] = k = waves.Count;
                waves.Add((new NumberExpr(0), new NumberExpr(0), phase));
            }
            var w = waves[k];
            waves[k] = kind == Kind.Cos ? (Simplify(Add(w.Cos, coefficient)), w.Sin, w.Phase) : (w.Cos, Simplify(Add(w.Sin, coefficient)), w.Phase);
        }
        waves.RemoveAll(w => w.Cos is NumberExpr { Value: 0 } && w.Sin is NumberExpr { Value: 0 });
        return new TrigonometricSum(rest, waves);
    }

    /// <summary>Terms coefficient * (1, cos(alpha) or sin(alpha)), alpha normalized; null where the form does not hold.</summary>
    private static List<(Expr, Kind, Phase)>? Expand(Expr e, IReadOnlySet<string> unknowns)
    {
        if (!HasTrigonometricUnknown(e, unknowns)) return [(e, Kind.One, None)];
        switch (e)
        {
            case UnaryExpr { Operator: UnaryOperator.Negate } u:
                return Expand(u.Operand, unknowns)?.Select(t => (Simplify(Negate(t.Item1)), t.Item2, t.Item3)).ToList();
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum:
                var left = Expand(sum.Left, unknowns);
                var right = Expand(sum.Right, unknowns);
                if (left is null || right is null) return null;
                return Merged(sum.Operator == BinaryOperator.Add ? [.. left, .. right] : [.. left, .. right.Select(t => (Simplify(Negate(t.Item1)), t.Item2, t.Item3))]);
            case BinaryExpr { Operator: BinaryOperator.Multiply } product:
                var a = Expand(product.Left, unknowns);
                var b = Expand(product.Right, unknowns);
                return a is null || b is null ? null : Merged(a.SelectMany(x => b.SelectMany(y => Multiply(x, y))));
            case BinaryExpr { Operator: BinaryOperator.Divide } quotient when !HasTrigonometricUnknown(quotient.Right, unknowns):
                return Expand(quotient.Left, unknowns)?.Select(t => (Simplify(Divide(t.Item1, quotient.Right)), t.Item2, t.Item3)).ToList();
            case BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr { Value: >= 1 and <= MaxPower } n } power when n.Value == Math.Floor(n.Value):
                var factor = Expand(power.Left, unknowns);
                if (factor is null) return null;
                var result = factor;
                for (int k = 1; k < n.Value && result is not null; k++) result = Merged(result.SelectMany(x => factor.SelectMany(y => Multiply(x, y))));
                return result;
            case CallExpr { Function: MathFunction.Sin or MathFunction.Cos } call when LinearPhase(call.Arguments[0], unknowns) is (var multipliers, var offset):
                var (phase, sign) = Phase.Normalized(multipliers, offset);
                var kind = call.Function == MathFunction.Cos ? Kind.Cos : Kind.Sin;
                return [Wave(new NumberExpr(kind == Kind.Sin ? sign : 1), kind, phase)];
            default:
                return null;
        }
    }

    /// <summary>sin^4 is the highest power expanded: more gives more terms than any law we met needs.</summary>
    private const double MaxPower = 4;

    /// <summary>
    /// A product or power whose terms, like ones merged, number more than this leaves no form: nested powers multiply
    /// the count at every level (a linkage's equation has a few terms; ((cos t + sin t)^4)^4 would have thousands).
    /// </summary>
    private const int MaxTerms = 64;

    /// <summary>The terms with like ones (same kind and phase) summed; null above <see cref="MaxTerms"/>.</summary>
    private static List<(Expr, Kind, Phase)>? Merged(IEnumerable<(Expr, Kind, Phase)> terms)
    {
        var merged = new List<(Expr Coefficient, Kind Kind, Phase Phase)>();
        var index = new Dictionary<(Kind, string), int>();
        foreach (var (coefficient, kind, phase) in terms)
        {
            if (index.TryGetValue((kind, phase.Key), out int k))
            {
                merged[k] = (Simplify(Add(merged[k].Coefficient, coefficient)), kind, phase);
                continue;
            }
            if (merged.Count == MaxTerms) return null;
            index[(kind, phase.Key)] = merged.Count;
            merged.Add((coefficient, kind, phase));
        }
        return merged;
    }

    private static readonly Phase None = new([], new NumberExpr(0));

    /// <summary>One term; a phase without unknowns is a number times cos(beta) or sin(beta), part of the rest.</summary>
    private static (Expr, Kind, Phase) Wave(Expr coefficient, Kind kind, Phase phase) =>
        phase.Multipliers.Count > 0 || kind == Kind.One
            ? (coefficient, kind, phase)
            : (Simplify(Simplifier.Multiply(coefficient, Call(kind == Kind.Cos ? MathFunction.Cos : MathFunction.Sin, phase.Offset))), Kind.One, None);

    /// <summary>The product of two terms, by the product-to-sum identities.</summary>
    private static IEnumerable<(Expr, Kind, Phase)> Multiply((Expr C, Kind K, Phase P) x, (Expr C, Kind K, Phase P) y)
    {
        var c = Simplify(Simplifier.Multiply(x.C, y.C));
        if (x.K == Kind.One) return [(c, y.K, y.P)];
        if (y.K == Kind.One) return [(c, x.K, x.P)];
        var half = Simplify(Divide(c, new NumberExpr(2)));
        var (sumMultipliers, sumOffset) = Phase.Combine(x.P, y.P, 1);
        var (differenceMultipliers, differenceOffset) = Phase.Combine(x.P, y.P, -1);
        var (sum, sumSign) = Phase.Normalized(sumMultipliers, sumOffset);
        var (difference, differenceSign) = Phase.Normalized(differenceMultipliers, differenceOffset);
        Expr Signed(int s) => s > 0 ? half : Simplify(Negate(half));
        return (x.K, y.K) switch
        {
            // cos a cos b = (cos(a - b) + cos(a + b)) / 2; sin a sin b = (cos(a - b) - cos(a + b)) / 2.
            (Kind.Cos, Kind.Cos) => [Wave(half, Kind.Cos, difference), Wave(half, Kind.Cos, sum)],
            (Kind.Sin, Kind.Sin) => [Wave(half, Kind.Cos, difference), Wave(Signed(-1), Kind.Cos, sum)],
            // sin a cos b = (sin(a + b) + sin(a - b)) / 2; cos a sin b = (sin(a + b) - sin(a - b)) / 2.
            (Kind.Sin, Kind.Cos) => [Wave(Signed(sumSign), Kind.Sin, sum), Wave(Signed(differenceSign), Kind.Sin, difference)],
            _ => [Wave(Signed(sumSign), Kind.Sin, sum), Wave(Signed(-differenceSign), Kind.Sin, difference)],
        };
    }

    /// <summary>alpha = sum_u m_u u + beta with every m_u a constant, or null.</summary>
    internal static (Dictionary<string, double> Multipliers, Expr Offset)? LinearPhase(Expr argument, IReadOnlySet<string> unknowns)
    {
        var multipliers = new Dictionary<string, double>(StringComparer.Ordinal);
        var zero = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (string u in argument.Variables.Where(unknowns.Contains))
        {
            if (Constant(Differentiator.Differentiate(argument, u)) is not { } m) return null;
            multipliers[u] = m;
            zero[u] = new NumberExpr(0);
        }
        var offset = Simplify(Substituter.Substitute(argument, zero));
        return offset.Variables.Any(unknowns.Contains) ? null : (multipliers, offset);
    }

    /// <summary>
    /// The value of <paramref name="e"/> where it holds no variable (<c>pi/180</c>, an angle in degrees), else null.
    /// </summary>
    internal static double? Constant(Expr e)
    {
        var simplified = Simplify(e);
        if (simplified.Variables.Count > 0) return null;
        double value = simplified.Evaluate(new Dictionary<string, double>());
        return double.IsFinite(value) ? value : null;
    }

    /// <summary>Whether an unknown appears inside a sine or cosine of <paramref name="e"/>.</summary>
    private static bool HasTrigonometricUnknown(Expr e, IReadOnlySet<string> unknowns) => e switch
    {
        CallExpr { Function: MathFunction.Sin or MathFunction.Cos } c => c.Arguments[0].Variables.Any(unknowns.Contains),
        CallExpr c => c.Arguments.Any(a => HasTrigonometricUnknown(a, unknowns)),
        UnaryExpr u => HasTrigonometricUnknown(u.Operand, unknowns),
        BinaryExpr b => HasTrigonometricUnknown(b.Left, unknowns) || HasTrigonometricUnknown(b.Right, unknowns),
        _ => false,
    };
}
