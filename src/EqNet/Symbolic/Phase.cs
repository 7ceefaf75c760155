using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// A phase linear in the unknowns, alpha = sum_u m_u u + beta: constant multipliers m_u (none zero, sorted by name,
/// the first positive) and an offset beta free of the unknowns.
/// </summary>
internal sealed record Phase(IReadOnlyList<(string Unknown, double Multiplier)> Multipliers, Expr Offset)
{
    /// <summary>A key equal for equal phases: the multipliers and the printed offset.</summary>
    public string Key => string.Join(",", Multipliers.Select(m => $"{m.Unknown}:{m.Multiplier:R}")) + "|" + Offset;

    /// <summary>The multiplier of <paramref name="unknown"/> (0 where it is absent).</summary>
    public double Of(string unknown) => Multipliers.FirstOrDefault(m => m.Unknown == unknown).Multiplier;

    /// <summary>alpha as an expression.</summary>
    public Expr ToExpr() => Multipliers.Aggregate(Offset, (sum, m) => Simplify(Add(Multiply(new NumberExpr(m.Multiplier), new VariableExpr(m.Unknown)), sum)));

    /// <summary>alpha +- other, unnormalized (the multipliers may be zero, or the first negative).</summary>
    public static (Dictionary<string, double> Multipliers, Expr Offset) Combine(Phase a, Phase b, int sign)
    {
        var multipliers = a.Multipliers.ToDictionary(m => m.Unknown, m => m.Multiplier, StringComparer.Ordinal);
        foreach (var (u, m) in b.Multipliers) multipliers[u] = multipliers.GetValueOrDefault(u) + sign * m;
        return (multipliers, Simplify(sign > 0 ? Add(a.Offset, b.Offset) : Subtract(a.Offset, b.Offset)));
    }

    /// <summary>The phase with these multipliers (zeros dropped) and offset, and -1 where it had to be negated to put a positive multiplier first.</summary>
    public static (Phase Phase, int Sign) Normalized(IReadOnlyDictionary<string, double> multipliers, Expr offset)
    {
        var kept = multipliers.Where(m => m.Value != 0).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, m.Value)).ToList();
        if (kept.Count > 0 && kept[0].Value < 0)
            return (new Phase(kept.Select(m => (m.Key, -m.Value)).ToList(), Simplify(Negate(offset))), -1);
        return (new Phase(kept, offset), 1);
    }
}
