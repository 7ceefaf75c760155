using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// The roots of an equation in one unknown z that is a quadratic, A z^2 + B z + C = 0 with A, B, C expressions of the
/// inputs: read from the symbolic derivatives where the second holds no unknown, or from the numerator of the equation's
/// rational form in z (<c>1/x + 1/(D - x) = 1/f</c>; degree 1 gives -C/B). Both roots are offered, written without
/// cancellation where B keeps one sign; <see cref="ClosedFormRoots"/> keeps the one Newton's solutions agree with. The
/// logs of |A|, |B|, |C| and D = B^2 - 4AC are offered as features, so sizes such as (|B| + sqrt(D)) / (2|A|) are exact
/// in the log-sum-exp units and power terms.
/// </summary>
/// <remarks>
/// Why: near a double root (D -> 0) a tanh network meets sqrt(D) and the cancellation in -B + sqrt(D), and stalls
/// (quadratic-roots, 60 s: held-out p99 4.4e-4, root-relative 1.1e-3; 300 steps: 5.2e-4, against 8.9e-9 with the
/// closed form). A coefficient is a feature only where it keeps one sign, stays finite and varies over the sample, and
/// not when its log is affine in an earlier one's (sqrt(D) adds nothing to D).
/// </remarks>
internal static class QuadraticStructure
{
    /// <summary>
    /// The roots of <paramref name="residual"/> = 0 where it is A z^2 + B z + C with A, B, C free of any unknown (none
    /// where it is not); offers |A|, |B|, |C| and D to <paramref name="features"/> (when given) as log features.
    /// </summary>
    public static IEnumerable<RootCandidate> Roots(Expr residual, string z, IReadOnlySet<string> unknowns, DesignSample sample, LogFeatureSet? features)
    {
        // z inside a function (or past the sixth degree) is no polynomial: no need to differentiate (which swells).
        if (RationalForm.Of(residual, z) is not var (numerator, _)) return [];
        if (Coefficients(residual, z, unknowns, numerator) is var (a2, b1, c0)) return Roots(a2, b1, c0, sample, features);
        // A z^4 + B z^2 + C = 0 (a projectile's time from the modulus of its x and y): z^2 is a root of the quadratic.
        if (numerator is { Length: 5 } n && n[1] is NumberExpr { Value: 0 } && n[3] is NumberExpr { Value: 0 })
        {
            return Roots(n[4], n[2], n[0], sample, null)
                .Select(w => Call(MathFunction.Sqrt, Call(MathFunction.Max, w.Value, new NumberExpr(0))))
                .SelectMany(root => new[] { root, Negate(root) })
                .Select(r => new RootCandidate(Simplify(r), 0)).ToList();
        }
        return [];
    }

    /// <summary>The roots of a2 z^2 + b1 z + c0 = 0 (of b1 z + c0 = 0 where a2 is 0), each coefficient an expression of the inputs.</summary>
    private static IEnumerable<RootCandidate> Roots(Expr a2, Expr b1, Expr c0, DesignSample sample, LogFeatureSet? features)
    {
        if (a2 is NumberExpr { Value: 0 })
            return sample.OfInputs(b1) && sample.OfInputs(c0) ? [new RootCandidate(Simplify(Negate(Divide(c0, b1))), 0)] : [];
        var (sa, a) = Peel(a2);
        var (sb, b) = Peel(b1);
        var (sc, c) = Peel(c0);
        if (!sample.OfInputs(a) || !sample.OfInputs(b) || !sample.OfInputs(c)) return [];
        // -(A z^2 + B z + C) has the same roots: with A's sign out front, D and the roots print as written by hand.
        if (sa < 0) (sb, sc) = (-sb, -sc);
        var square = Power(b, new NumberExpr(2));
        var fourAc = Multiply(Multiply(new NumberExpr(4), a), c);
        var discriminant = Simplify(sc > 0 ? Subtract(square, fourAc) : Add(square, fourAc));
        if (features is not null)
            foreach (var candidate in new[] { discriminant, a, b, c })
                features.Consider(candidate);
        // sqrt(max(D, 0)): where the domain reaches the double root, rounding takes D a few ulps below 0 (a lens at D = 4f).
        var sqrt = Call(MathFunction.Sqrt, Call(MathFunction.Max, discriminant, new NumberExpr(0)));
        // Where B keeps one sign, the root whose -B and sqrt(D) would cancel is written as 2C / (-B -+ sqrt(D)) instead
        // (the same number; Numerical Recipes, section 5.6): a small root is then exact to rounding, not to |B| eps.
        int bSign = sample.Sign(b) * sb;
        var twoC = Multiply(new NumberExpr(2), c);
        var roots = new List<RootCandidate>();
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
            roots.Add(new RootCandidate(Simplify(root), 0));
        }
        return roots;
    }

    /// <summary>
    /// A, B, C of A z^2 + B z + C: from the derivatives where the second holds no unknown (and is not zero); else from
    /// <paramref name="numerator"/>, that of the residual's rational form in z, where it is of degree 1 or 2 (A = 0 for
    /// degree 1); else null.
    /// </summary>
    private static (Expr A, Expr B, Expr C)? Coefficients(Expr residual, string z, IReadOnlySet<string> unknowns, Expr[] numerator)
    {
        var first = Differentiator.Differentiate(residual, z);
        var second = Differentiator.Differentiate(first, z);
        if (!second.Variables.Any(unknowns.Contains) && second is not NumberExpr { Value: 0 })
        {
            var zero = new Dictionary<string, Expr> { [z] = new NumberExpr(0) };
            return (Simplify(Divide(second, new NumberExpr(2))), Simplify(Substituter.Substitute(first, zero)), Simplify(Substituter.Substitute(residual, zero)));
        }
        if (second is NumberExpr { Value: 0 })
        {
            // Linear: a substituted tan(E/2) in tan(nu/2) = k tan(E/2), once nu is known.
            if (first.Variables.Any(unknowns.Contains)) return null;
            return (new NumberExpr(0), Simplify(first), Simplify(Substituter.Substitute(residual, new Dictionary<string, Expr> { [z] = new NumberExpr(0) })));
        }
        if (!second.Variables.Contains(z) || numerator is not { Length: 2 or 3 } n) return null;
        return (n.Length == 3 ? n[2] : new NumberExpr(0), n[1], n[0]);
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
}
