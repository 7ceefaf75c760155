using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// The fitted constants of a formula: the numbers that are not small integers or halves (which the searches put
/// there on purpose, as exponents or counts), read in pre-order and written back in the same order, so that
/// <see cref="PowerLawSearch.Recognise"/> can offer exact forms (<c>1/2</c>, <c>1/(4*pi)</c>) for any formula.
/// </summary>
public static class FormulaConstants
{
    /// <summary>Constants of fits worse than this are left as fitted: recognising them would not make the formula exact.</summary>
    private const double RecogniseBelow = 1e-8;

    /// <summary>The fitted numbers of <paramref name="formula"/>, in pre-order.</summary>
    public static List<double> Of(Expr formula)
    {
        var found = new List<double>();
        Walk(formula, found);
        return found;
    }

    /// <summary><paramref name="formula"/> with its fitted numbers replaced, in the order <see cref="Of"/> gives them.</summary>
    public static Expr Replace(Expr formula, IReadOnlyList<Expr> values)
    {
        int next = 0;
        return Rebuild(formula, values, ref next);
    }

    /// <summary>
    /// Replaces each fitted number of the (simplified) <paramref name="formula"/> by its simplest recognised form
    /// (<see cref="ConstantRecognizer"/>) that keeps the search-sample p99 within twice the fitted formula's (and
    /// within <see cref="SparseRegression.ExactError"/> when that was exact). The result is not simplified again:
    /// simplification would fold <c>1/16</c> back into <c>0.0625</c>.
    /// </summary>
    public static (Expr Formula, double P99) Recognise(Expr formula, DiscoveryContext context)
    {
        double baseP99 = context.P99(formula);
        var fitted = Of(formula);
        if (fitted.Count == 0 || !(baseP99 <= RecogniseBelow)) return (formula, baseP99);
        double allowed = Math.Max(2 * baseP99, 1e-14);
        var current = fitted.Select(c => (Expr)new NumberExpr(c)).ToList();
        var best = (Formula: formula, P99: baseP99);
        for (int k = 0; k < fitted.Count; k++)
        {
            // 0 first: a split's constants may cancel to rounding noise (5.6e-16) that belongs out of the formula.
            foreach (var candidate in ConstantRecognizer.Candidates(fitted[k]).Prepend(new NumberExpr(0)))
            {
                var trial = new List<Expr>(current) { [k] = candidate };
                var replaced = Replace(formula, trial);
                double p99 = context.P99(replaced);
                if (p99 <= allowed)
                {
                    current = trial;
                    best = (replaced, p99);
                    break;
                }
            }
        }
        var simplified = best.Formula.Simplify();
        double simplifiedP99 = context.P99(simplified);
        return simplifiedP99 <= allowed ? (simplified, simplifiedP99) : best;
    }

    /// <summary>
    /// The formula as printed for people: a number that is a fraction with a small denominator becomes <c>p/q</c>
    /// (<c>0.5*theta</c> -> <c>theta/2</c>, <c>0.0625</c> -> <c>1/16</c>), and one whose reciprocal is a short decimal
    /// becomes a division (<c>0.12027235504</c> -> <c>1/8.314462618</c>). Run last: <see cref="Expr.Simplify"/> folds both back.
    /// </summary>
    public static Expr Tidy(Expr e) => e switch
    {
        BinaryExpr { Operator: BinaryOperator.Multiply, Left: NumberExpr n } b when Fraction(n.Value) is var (p, q) && q > 1 =>
            Math.Abs(p) == 1 ? Sign(p, Tidy(b.Right) / new NumberExpr(q)) : new NumberExpr(p) * Tidy(b.Right) / new NumberExpr(q),
        BinaryExpr { Operator: BinaryOperator.Multiply, Left: NumberExpr n } b when Reciprocal(n.Value) is { } r =>
            Sign(Math.Sign(n.Value), Tidy(b.Right) / new NumberExpr(r)),
        NumberExpr n when Fraction(n.Value) is var (p, q) && q > 1 => new NumberExpr(p) / new NumberExpr(q),
        NumberExpr n when Reciprocal(n.Value) is { } r => Sign(Math.Sign(n.Value), new NumberExpr(1) / new NumberExpr(r)),
        UnaryExpr u => new UnaryExpr(u.Operator, Tidy(u.Operand)),
        BinaryExpr { Operator: BinaryOperator.Power } b => new BinaryExpr(b.Operator, Tidy(b.Left), b.Right),
        BinaryExpr b => new BinaryExpr(b.Operator, Tidy(b.Left), Tidy(b.Right)),
        CallExpr c => new CallExpr(c.Function, [.. c.Arguments.Select(Tidy)]),
        _ => e,
    };

    private static Expr Sign(long sign, Expr e) => sign < 0 ? -e : e;

    /// <summary>|1/v| when that has at most 10 significant digits and v itself needs more than 6, else null.</summary>
    private static double? Reciprocal(double v)
    {
        if (v == 0 || !double.IsFinite(v) || ShortDecimal(v, 6)) return null;
        double r = Math.Abs(1 / v);
        for (int digits = 1; digits <= 10; digits++)
        {
            double rounded = double.Parse(r.ToString("G" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            if (1 / rounded == Math.Abs(v)) return rounded;
        }
        return null;
    }

    private static bool ShortDecimal(double v, int digits) =>
        double.Parse(v.ToString("G" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) == v;

    /// <summary>p/q with the least q &lt;= 100 equal to <paramref name="v"/> in float64; q = 1 for an integer or no such fraction.</summary>
    private static (long P, long Q) Fraction(double v)
    {
        for (long q = 1; q <= 100; q++)
        {
            double p = Math.Round(v * q);
            if (Math.Abs(p) < 1e6 && p / q == v) return ((long)p, q);
        }
        return (0, 1);
    }

    private static bool Fitted(double v) => double.IsFinite(v) && !(Math.Abs(v) <= 16 && Math.Round(2 * v) == 2 * v);

    private static void Walk(Expr e, List<double> found)
    {
        switch (e)
        {
            case NumberExpr n when Fitted(n.Value): found.Add(n.Value); break;
            case UnaryExpr u: Walk(u.Operand, found); break;
            case BinaryExpr b: Walk(b.Left, found); Walk(b.Right, found); break;
            case CallExpr c: foreach (var a in c.Arguments) Walk(a, found); break;
        }
    }

    private static Expr Rebuild(Expr e, IReadOnlyList<Expr> values, ref int next)
    {
        switch (e)
        {
            case NumberExpr n when Fitted(n.Value): return values[next++];
            case UnaryExpr u: return new UnaryExpr(u.Operator, Rebuild(u.Operand, values, ref next));
            case BinaryExpr b:
                var left = Rebuild(b.Left, values, ref next);
                return new BinaryExpr(b.Operator, left, Rebuild(b.Right, values, ref next));
            case CallExpr c:
                var args = new List<Expr>();
                foreach (var a in c.Arguments) args.Add(Rebuild(a, values, ref next));
                return new CallExpr(c.Function, args);
            default: return e;
        }
    }
}
