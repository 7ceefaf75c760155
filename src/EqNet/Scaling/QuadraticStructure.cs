using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Solving;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Scaling;

/// <summary>
/// Structure of an output that an implicit equation makes a root of a quadratic: once every output that an equation
/// defines linearly (<c>2*r1 + g = -b</c>, <c>K = exp(..)</c>) is substituted, an equation left with one output z whose
/// second derivative in z holds no output is A z^2 + B z + C = 0, with A, B, C and the discriminant D = B^2 - 4AC
/// functions of the inputs alone. The root (-B +- sqrt(D)) / (2A) that agrees with Newton's solutions (the output bounds
/// pick the branch), and the substituted outputs through it, are closed forms of the inputs: an implicit output takes its
/// closed form as its signed factor (y = exp(m) u with m constant), and the logs of |A|, |B|, |C| and D become features,
/// so sizes such as (|B| + sqrt(D)) / (2|A|) are exact in the log-sum-exp units and power terms.
/// </summary>
/// <remarks>
/// Why: near a double root (D -> 0) a tanh network meets sqrt(D) and the cancellation in -B + sqrt(D), and stalls
/// (quadratic-roots, 60 s: held-out p99 4.4e-4, root-relative 1.1e-3; 300 steps: 5.2e-4, against 8.9e-9 with the
/// structure). A coefficient is a feature only where it keeps one sign, stays finite and varies over the sample, and not
/// when its log is affine in an earlier one's (sqrt(D) adds nothing to D). Outputs an equation defines outright are
/// substituted but get no closed form: they keep their own structure (<see cref="ZeroStructure"/>). The features are
/// functions of the inputs: the prediction still reads the inputs alone.
/// </remarks>
public static class QuadraticStructure
{
    /// <summary>
    /// The arguments (each positive over the sample) whose logs become features, and per output the closed-form root
    /// (an expression of the inputs, null where there is none) that matches Newton's solutions on the sample.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="sample">Row-major count x inputs sample of the domain.</param>
    /// <param name="count">Rows of <paramref name="sample"/>.</param>
    /// <param name="explicitOutputs">Outputs an equation defines outright: substituted like the others, but given no root (they keep their own structure).</param>
    public static (IReadOnlyList<Expr> LogArguments, Expr?[] Roots) Of(Problem problem, double[] sample, int count, IReadOnlySet<string> explicitOutputs)
    {
        var inputs = problem.Inputs.Select(i => i.Name).ToArray();
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var residuals = problem.Equations.Select(e => Subtract(e.Equation.Lhs, e.Equation.Rhs)).ToList();
        var eliminated = EliminateLinear(residuals, outputs, inputs, sample, count);

        var found = new List<Expr>();
        var logs = new List<double[]>();
        var branches = new List<Dictionary<string, Expr>>();
        foreach (var residual in residuals)
        {
            var left = residual.Variables.Where(outputs.Contains).ToArray();
            if (left.Length != 1) continue;
            string z = left[0];
            var first = Differentiator.Differentiate(residual, z);
            var second = Differentiator.Differentiate(first, z);
            if (second.Variables.Any(outputs.Contains) || second is NumberExpr { Value: 0 }) continue;
            var zero = new Dictionary<string, Expr> { [z] = new NumberExpr(0) };
            var (sa, a) = Peel(Simplify(Divide(second, new NumberExpr(2))));
            var (sb, b) = Peel(Simplify(Substituter.Substitute(first, zero)));
            var (sc, c) = Peel(Simplify(Substituter.Substitute(residual, zero)));
            // -(A z^2 + B z + C) has the same roots: with A's sign out front, D and the roots print as written by hand.
            if (sa < 0) (sb, sc) = (-sb, -sc);
            var square = Power(b, new NumberExpr(2));
            var fourAc = Multiply(Multiply(new NumberExpr(4), a), c);
            var discriminant = Simplify(sc > 0 ? Subtract(square, fourAc) : Add(square, fourAc));
            foreach (var candidate in new[] { discriminant, a, b, c })
                Consider(candidate, inputs, sample, count, found, logs);
            var sqrt = Call(MathFunction.Sqrt, discriminant);
            // Where B keeps one sign, the root whose -B and sqrt(D) would cancel is written as 2C / (-B -+ sqrt(D)) instead
            // (the same number; Numerical Recipes, section 5.6): a small root is then exact to rounding, not to |B| eps.
            var bValues = ZeroStructure.Evaluate(b, inputs, sample, count);
            int bSign = bValues.All(v => v > 0) ? sb : bValues.All(v => v < 0) ? -sb : 0;
            var twoC = Multiply(new NumberExpr(2), c);
            foreach (var sign in new[] { 1, -1 })
            {
                // (-B +- sqrt(D)) / (2A), with B = sb * b, C = sc * c.
                var root = (sign * bSign > 0, sb > 0, sign > 0) switch
                {
                    // -B + sqrt(D) with B > 0, or -B - sqrt(D) with B < 0: cancellation; 2C / (-B -+ sqrt(D)).
                    (true, _, true) => Divide(sc > 0 ? Negate(twoC) : twoC, sb > 0 ? Add(b, sqrt) : Subtract(sqrt, b)),
                    (true, _, false) => Divide(sc > 0 ? twoC : Negate(twoC), sb > 0 ? Subtract(sqrt, b) : Add(b, sqrt)),
                    (false, true, true) => Divide(Subtract(sqrt, b), Multiply(new NumberExpr(2), a)),
                    (false, true, false) => Divide(Negate(Add(b, sqrt)), Multiply(new NumberExpr(2), a)),
                    (false, false, true) => Divide(Add(b, sqrt), Multiply(new NumberExpr(2), a)),
                    (false, false, false) => Divide(Subtract(b, sqrt), Multiply(new NumberExpr(2), a)),
                };
                root = Simplify(root);
                var branch = new Dictionary<string, Expr> { [z] = root };
                // Back through the eliminations, last first: each value holds only outputs eliminated after it, or z.
                for (int k = eliminated.Count - 1; k >= 0; k--)
                    branch[eliminated[k].Output] = Simplify(Substituter.Substitute(eliminated[k].Value, branch));
                branches.Add(branch);
            }
        }
        var roots = Matching(problem, branches, inputs, sample, count);
        for (int j = 0; j < roots.Length; j++)
            if (explicitOutputs.Contains(problem.Outputs[j].Name)) roots[j] = null;
        return (found, roots);
    }

    /// <summary>
    /// Per output, the branch's expression that agrees with Newton's solution (within the output's bounds) at every
    /// point where Newton converged and the expression is finite; null where no branch does, or where it holds an output.
    /// </summary>
    private static Expr?[] Matching(Problem problem, List<Dictionary<string, Expr>> branches, string[] inputs, double[] sample, int count)
    {
        var roots = new Expr?[problem.Outputs.Count];
        if (branches.Count == 0) return roots;
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var solved = new NewtonSolver(problem).Solve(sample, count);
        int o = problem.Outputs.Count;
        for (int j = 0; j < o; j++)
        {
            string name = problem.Outputs[j].Name;
            double size = 0;
            for (int i = 0; i < count; i++) if (solved.Converged[i]) size = Math.Max(size, Math.Abs(solved.Solutions[i * o + j]));
            foreach (var branch in branches)
            {
                if (!branch.TryGetValue(name, out var root) || root.Variables.Any(outputs.Contains)) continue;
                var v = ZeroStructure.Evaluate(root, inputs, sample, count);
                int agree = 0, checkedPoints = 0;
                for (int i = 0; i < count; i++)
                {
                    if (!solved.Converged[i]) continue;
                    checkedPoints++;
                    double reference = solved.Solutions[i * o + j];
                    if (double.IsFinite(v[i]) && Math.Abs(v[i] - reference) <= RootAgreement * Math.Max(Math.Abs(reference), 1e-6 * size)) agree++;
                }
                if (checkedPoints >= count / 2 && agree == checkedPoints)
                {
                    roots[j] = root;
                    break;
                }
            }
        }
        return roots;
    }

    /// <summary>
    /// A closed-form root is taken when it agrees with Newton's (tolerance 1e-12 on the residual) to this, relative:
    /// the two differ by rounding (near a double root, by rounding times the condition number), a wrong branch by O(1).
    /// </summary>
    private const double RootAgreement = 1e-6;

    /// <summary>
    /// Substitutes, one at a time, every output that some equation holds linearly with a coefficient of the inputs alone
    /// that never vanishes on the sample, and drops that equation; returns each output with its value, in order.
    /// </summary>
    private static List<(string Output, Expr Value)> EliminateLinear(List<Expr> residuals, HashSet<string> outputs, string[] inputs, ReadOnlySpan<double> sample, int count)
    {
        var eliminated = new List<(string, Expr)>();
        for (bool progress = true; progress;)
        {
            progress = false;
            for (int k = 0; k < residuals.Count && !progress; k++)
            {
                foreach (string y in residuals[k].Variables.Where(outputs.Contains).Order(StringComparer.Ordinal))
                {
                    var slope = Differentiator.Differentiate(residuals[k], y);
                    if (slope.Variables.Any(outputs.Contains)) continue;
                    var values = ZeroStructure.Evaluate(slope, inputs, sample, count);
                    if (values.Length == 0 || !values.All(v => double.IsFinite(v) && v != 0)) continue;
                    var rest = Substituter.Substitute(residuals[k], new Dictionary<string, Expr> { [y] = new NumberExpr(0) });
                    var value = Simplify(Negate(Divide(rest, slope)));
                    var map = new Dictionary<string, Expr> { [y] = value };
                    residuals.RemoveAt(k);
                    for (int i = 0; i < residuals.Count; i++) residuals[i] = Simplify(Substituter.Substitute(residuals[i], map));
                    eliminated.Add((y, value));
                    progress = true;
                    break;
                }
            }
        }
        return eliminated;
    }

    /// <summary>
    /// <paramref name="e"/> as a sign times an expression, the negations and negative constants of its products and
    /// quotients taken out, so the features print as <c>b**2 - 4*c</c>, not <c>(-b)**2 - -4*(-c)</c>.
    /// </summary>
    private static (int Sign, Expr Magnitude) Peel(Expr e)
    {
        switch (e)
        {
            case UnaryExpr { Operator: UnaryOperator.Negate } negated:
                var (sign, magnitude) = Peel(negated.Operand);
                return (-sign, magnitude);
            case NumberExpr { Value: < 0 } number:
                return (-1, new NumberExpr(-number.Value));
            case BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } product:
                var (left, l) = Peel(product.Left);
                var (right, r) = Peel(product.Right);
                return (left * right, Binary(product.Operator, l, r));
            default:
                return (1, e);
        }
    }

    /// <summary>Adds |<paramref name="candidate"/>| when it keeps one sign, is finite, varies, and is new up to a constant factor.</summary>
    private static void Consider(Expr candidate, string[] inputs, ReadOnlySpan<double> sample, int count, List<Expr> found, List<double[]> logs)
    {
        if (candidate.Variables.Count == 0) return;
        var v = ZeroStructure.Evaluate(candidate, inputs, sample, count);
        int sign = ZeroStructure.LogFeatureSign(v);
        if (sign == 0) return;
        var log = v.Select(x => Math.Log(Math.Abs(x))).ToArray();
        if (log.Max() - log.Min() < SameLog) return;
        if (logs.Any(l => Affine(l, log))) return;
        found.Add(sign > 0 ? candidate : Simplify(Negate(candidate)));
        logs.Add(log);
    }

    /// <summary>Two logs that are affine in each other to this many units (rounding of a sum of a few terms) carry one feature.</summary>
    private const double SameLog = 1e-9;

    /// <summary>Whether <paramref name="b"/> = alpha <paramref name="a"/> + beta over the sample (sqrt(D) adds nothing to D).</summary>
    private static bool Affine(double[] a, double[] b)
    {
        int lo = 0, hi = 0;
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] < a[lo]) lo = i;
            if (a[i] > a[hi]) hi = i;
        }
        if (a[hi] - a[lo] < SameLog) return false;
        double alpha = (b[hi] - b[lo]) / (a[hi] - a[lo]), beta = b[lo] - alpha * a[lo];
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(b[i] - alpha * a[i] - beta) > SameLog * (1 + Math.Abs(b[i]))) return false;
        return true;
    }
}
