using System.Diagnostics;
using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// AI Feynman's recursion (Udrescu and Tegmark, "AI Feynman: a physics-inspired method for symbolic regression",
/// Science Advances 2020): query the output as a black box (<see cref="BlackBox"/>) to test, numerically on point
/// pairs, whether it is additively or multiplicatively separable in two groups of variables
/// (<see cref="Separability"/>), or depends on two variables only through <c>x - y</c>, <c>x + y</c>, <c>x/y</c> or
/// <c>x*y</c>; then solve the smaller pieces the same way and put them back together. Where neither holds, the same
/// tests run on <c>1/f</c>, <c>f^2</c>, <c>1/f^2</c>, <c>sqrt(f)</c>, <c>1/sqrt(f)</c>. A piece that does not split is
/// fitted directly by the power-law and expression stages, which are fast and exact on few variables. The pieces'
/// fitted constants are folded into one per product or sum and recognised (<see cref="ConstantRecognizer"/>).
/// </summary>
public sealed class SeparabilitySearch
{
    /// <summary>p99 on a piece's own sample at which its fit counts as exact; float64 fits of exact laws land near 1e-15, inexact ones far above.</summary>
    private const double PieceExact = 1e-10;

    /// <summary>Points each piece is sampled at: 16 per term of the widest sparse fit (6 terms), and the 40 pairs the tests use; fewer points make the many leaf fits cheap.</summary>
    private const int PiecePoints = 100;

    /// <summary>Deepest recursion; a split removes at least one variable, and FSReD's widest laws have 9.</summary>
    private const int MaxDepth = 8;

    private static readonly string[] TransformNames = ["1/y", "y^2", "1/y^2", "sqrt(y)", "1/sqrt(y)"];

    /// <summary>Powers of one variable f is multiplied by before the split tests are repeated: FSReD's prefactors are mostly squares and inverses.</summary>
    private static readonly double[] ScalePowers = [-2, -1, 1, 2];

    private readonly Stopwatch _clock;
    private readonly double _deadline;
    private readonly Random _random;
    private int _fresh;

    private SeparabilitySearch(Stopwatch clock, double deadline, int seed)
    {
        _clock = clock;
        _deadline = deadline;
        _random = new Random(seed);
    }

    /// <summary>
    /// Candidates for output <paramref name="output"/> of <paramref name="box"/> (empty when no split leads to an exact
    /// fit), starting from the search sample <paramref name="context"/>, until <paramref name="deadline"/> seconds on
    /// <paramref name="clock"/>. Deterministic for <paramref name="seed"/> when the deadline does not cut it short.
    /// </summary>
    public static List<FormulaCandidate> Run(int output, BlackBox box, DiscoveryContext context, Stopwatch clock, double deadline, int seed)
    {
        var search = new SeparabilitySearch(clock, deadline, seed);
        var solved = search.Split(box, context.Inputs, context.Y, 0);
        if (solved is null) return [];
        var (formula, p99) = FormulaConstants.Recognise(solved.Simplify(), context);
        return [new FormulaCandidate(output, formula, "separable", p99)];
    }

    private bool Expired => _clock.Elapsed.TotalSeconds >= _deadline;

    /// <summary>An exact formula for the box, or null.</summary>
    private Expr? Solve(BlackBox box, int depth)
    {
        if (Expired || depth > MaxDepth) return null;
        var (rows, y) = Draw(box);
        if (y.Length < 40) return null;
        if (y.All(v => Math.Abs(v - y[0]) <= 1e-14 * Math.Abs(y[0]))) return new NumberExpr(y[0]);
        var direct = Direct(box, rows, y, quick: box.Width > 2);
        if (direct is not null) return direct;
        if (box.Width == 1) return null;
        return Split(box, rows, y, depth) ?? (box.Width > 2 ? Direct(box, rows, y, quick: false) : null);
    }

    /// <summary>Separability of f, then symmetry, then separability of a transform of f.</summary>
    private Expr? Split(BlackBox box, double[] rows, double[] y, int depth)
    {
        if (box.Width < 2 || Expired) return null;
        var context = Context(box, rows, y);
        var test = new Separability(box, rows, y);
        if (test.Best() is { } split && Separate(box, test, split, depth) is { } joined && Exact(joined, context)) return joined;
        if (test.Symmetry() is { } symmetry && Symmetric(box, test, symmetry, depth) is { } reduced && Exact(reduced, context)) return reduced;
        foreach (var name in TransformNames)
        {
            if (Expired) return null;
            var transform = TargetTransform.All.First(t => t.Name == name);
            double sign = y.All(v => v < 0) ? -1 : 1;
            var z = y.Select(v => transform.Forward(sign * v)).ToArray();
            if (z.Count(double.IsFinite) < y.Length * 0.9) continue;
            var inner = new BlackBox(box.Names, box.Min, box.Max, (r, n) => box.Evaluate(r, n).Select(v => transform.Forward(sign * v)).ToArray());
            var innerTest = new Separability(inner, rows, z);
            if (innerTest.Best() is not { } s) continue;
            if (Separate(inner, innerTest, s, depth) is not { } piece) continue;
            var formula = transform.Inverse(piece);
            if (sign < 0) formula = -formula;
            if (Exact(formula, context)) return formula;
        }
        return Scaled(box, rows, y, depth, context);
    }

    /// <summary>
    /// Separability of f times a power of one positive variable: <c>c^4*k/r^2 + H^2*c^2*(1 - 2*alpha)</c> splits into
    /// sums only after division by c^2 (what AI Feynman's dimensional analysis achieves with units; here without them).
    /// </summary>
    private Expr? Scaled(BlackBox box, double[] rows, double[] y, int depth, DiscoveryContext context)
    {
        int d = box.Width;
        foreach (double power in ScalePowers)
        {
            for (int k = 0; k < d; k++)
            {
                if (Expired) return null;
                if (!(box.Min[k] > 0)) continue;
                int column = k;
                var z = Enumerable.Range(0, y.Length).Select(i => y[i] * Math.Pow(rows[i * d + column], power)).ToArray();
                var inner = new BlackBox(box.Names, box.Min, box.Max, (r, n) =>
                {
                    var v = box.Evaluate(r, n);
                    for (int i = 0; i < n; i++) v[i] *= Math.Pow(r[i * d + column], power);
                    return v;
                });
                var test = new Separability(inner, rows, z);
                if (test.Best() is not { } split || Separate(inner, test, split, depth) is not { } piece) continue;
                var x = Monomial.PowerExpr(new VariableExpr(box.Names[k]), Math.Abs(power));
                var formula = (power > 0 ? piece / x : piece * x).Simplify();
                if (Exact(formula, context)) return formula;
            }
        }
        return null;
    }

    private Expr? Separate(BlackBox box, Separability test, Separability.Split split, int depth)
    {
        var (a, b) = (split.Left, split.Right);
        double offset = split.Offset, f0 = test.ReferenceValue - offset;
        var reference = test.Reference;
        BlackBox Piece(int[] group, Func<double[], double[]> adjust)
        {
            var names = group.Select(k => box.Names[k]).ToArray();
            return new BlackBox(names, group.Select(k => box.Min[k]).ToArray(), group.Select(k => box.Max[k]).ToArray(), (r, n) =>
            {
                var full = new double[n * box.Width];
                for (int i = 0; i < n; i++)
                {
                    reference.CopyTo(full.AsSpan(i * box.Width, box.Width));
                    for (int k = 0; k < group.Length; k++) full[i * box.Width + group[k]] = r[i * group.Length + k];
                }
                return adjust(box.Evaluate(full, n));
            });
        }
        var g = Solve(Piece(a, v => [.. v.Select(x => x - offset)]), depth + 1);
        if (g is null) return null;
        var h = Solve(Piece(b, v => split.Multiplicative ? [.. v.Select(x => (x - offset) / f0)] : [.. v.Select(x => x - f0)]), depth + 1);
        if (h is null) return null;
        if (split.Multiplicative)
        {
            var (cg, gRest) = Coefficient(g);
            var (ch, hRest) = Coefficient(h);
            var product = new NumberExpr(cg * ch) * gRest * hRest;
            return (offset == 0 ? product : product + new NumberExpr(offset)).Simplify();
        }
        var terms = AdditiveTerms.Of(g).Concat(AdditiveTerms.Of(h)).Where(t => t.Simplify() is not NumberExpr).ToList();
        Expr sum = terms.Count == 0 ? new NumberExpr(0) : terms.Aggregate((l, r) => l + r);
        var compiled = sum.Compile(box.Names);
        var (rows, y) = Draw(box);
        var values = new double[y.Length];
        compiled.EvaluateBatch(rows, y.Length, values);
        var residuals = y.Zip(values, (t, v) => t - v).Where(double.IsFinite).Order().ToArray();
        if (residuals.Length == 0) return null;
        double constant = residuals[residuals.Length / 2];
        return (constant == 0 ? sum : sum + new NumberExpr(constant)).Simplify();
    }

    private Expr? Symmetric(BlackBox box, Separability test, Separability.Pair pair, int depth)
    {
        var reference = test.Reference;
        int i = pair.First, j = pair.Second, d = box.Width;
        var others = Enumerable.Range(0, d).Where(k => k != i && k != j).ToArray();
        string u = $"u_{++_fresh}";
        while (box.Names.Contains(u)) u = $"u_{++_fresh}";
        var (rows, y) = Draw(box);
        var combined = Enumerable.Range(0, y.Length).Select(r => pair.Combine(rows[r * d + i], rows[r * d + j])).Where(double.IsFinite).ToArray();
        if (combined.Length == 0) return null;
        var names = others.Select(k => box.Names[k]).Append(u).ToArray();
        var min = others.Select(k => box.Min[k]).Append(combined.Min()).ToArray();
        var max = others.Select(k => box.Max[k]).Append(combined.Max()).ToArray();
        var reduced = new BlackBox(names, min, max, (r, n) =>
        {
            var full = new double[n * d];
            int w = names.Length;
            for (int p = 0; p < n; p++)
            {
                for (int k = 0; k < others.Length; k++) full[p * d + others[k]] = r[p * w + k];
                full[p * d + j] = reference[j];
                full[p * d + i] = pair.Solve(r[p * w + w - 1], reference[j]);
            }
            return box.Evaluate(full, n);
        });
        var solved = Solve(reduced, depth + 1);
        if (solved is null) return null;
        var x = new VariableExpr(box.Names[i]);
        var v = new VariableExpr(box.Names[j]);
        return solved.Substitute(new Dictionary<string, Expr> { [u] = pair.Expression(x, v) }).Simplify();
    }

    /// <summary>A direct fit: the power-law stage, then (when <paramref name="quick"/> is false) the expression stage.</summary>
    private Expr? Direct(BlackBox box, double[] rows, double[] y, bool quick)
    {
        if (Expired) return null;
        var context = Context(box, rows, y);
        double remaining = _deadline - _clock.Elapsed.TotalSeconds;
        double now = _clock.Elapsed.TotalSeconds;
        var found = PowerLawSearch.Run(0, context, _clock, now + Math.Min(remaining * (quick ? 0.1 : 0.3), quick ? 1 : 4));
        // The simplest exact fit: a sparser sum's extra terms are rounding noise (6.8e-15*H**3.5).
        var best = Simplest(found);
        if (best is not null) return best.Formula;
        if (quick || Expired) return null;
        now = _clock.Elapsed.TotalSeconds;
        remaining = _deadline - now;
        var expression = ExpressionSearch.Run(0, context, found, _clock, now + Math.Min(remaining * 0.3, 4));
        return Simplest(expression)?.Formula;
    }

    private static FormulaCandidate? Simplest(List<FormulaCandidate> found) =>
        found.Where(c => c.SearchP99 <= PieceExact).OrderBy(c => c.Complexity).ThenBy(c => c.SearchP99).FirstOrDefault();

    private (double[] Rows, double[] Y) Draw(BlackBox box)
    {
        var rows = box.Sample(PiecePoints, _random);
        var y = box.Evaluate(rows, PiecePoints);
        var keep = Enumerable.Range(0, PiecePoints).Where(i => double.IsFinite(y[i])).ToArray();
        int d = box.Width;
        var kept = new double[keep.Length * d];
        for (int k = 0; k < keep.Length; k++) rows.AsSpan(keep[k] * d, d).CopyTo(kept.AsSpan(k * d, d));
        return (kept, [.. keep.Select(i => y[i])]);
    }

    private static DiscoveryContext Context(BlackBox box, double[] rows, double[] y) =>
        new(box.Names, rows, y, new BasisVariables(box.Names, rows, y.Length));

    private static bool Exact(Expr formula, DiscoveryContext context) => context.P99(formula) <= PieceExact;

    /// <summary>A formula as its leading number times the rest: <c>3*x*y</c> -> (3, <c>x*y</c>); a sum as its first term's number times the sum divided by it.</summary>
    private static (double Value, Expr Remainder) Coefficient(Expr e)
    {
        var terms = AdditiveTerms.Signed(e);
        if (terms.Count < 2) return Leading(e);
        var parts = terms.Select(t => Leading(t.Term) is var (c, r) ? (C: t.Sign * c, R: r) : default).ToList();
        double first = parts[0].C;
        if (first == 0) return (1, e);
        return (first, parts.Select(p => new NumberExpr(p.C / first) * p.R).Aggregate((l, r) => l + r));
    }

    private static (double Value, Expr Remainder) Leading(Expr e) => e switch
    {
        NumberExpr n => (n.Value, new NumberExpr(1)),
        UnaryExpr { Operator: UnaryOperator.Negate } u => (-Leading(u.Operand).Value, Leading(u.Operand).Remainder),
        BinaryExpr { Operator: BinaryOperator.Multiply, Left: NumberExpr n } b => (n.Value, b.Right),
        BinaryExpr { Operator: BinaryOperator.Multiply } b when Coefficient(b.Left) is var (c, r) && c != 1 => (c, r * b.Right),
        BinaryExpr { Operator: BinaryOperator.Multiply } b when Coefficient(b.Right) is var (c, r) && c != 1 => (c, b.Left * r),
        BinaryExpr { Operator: BinaryOperator.Divide } b when Coefficient(b.Left) is var (c, r) && c != 1 => (c, r / b.Right),
        _ => (1, e),
    };
}
