using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// An expression as a ratio of two polynomials in one unknown z, N(z) / D(z), each a list of coefficients (index = power)
/// free of z: <c>1/x + 1/(D - x) - 1/f</c> is (D - (D/f) x + x^2/f) / (D x - x^2). Where it is zero and D(z) is not, N(z)
/// is: clearing the denominators turns a lens equation into the quadratic it is.
/// </summary>
internal static class RationalForm
{
    /// <summary>Degrees above this are not followed: the roots used are of degree 2 at most, and products grow fast.</summary>
    private const int MaxDegree = 6;

    /// <summary>N and D, or null where z enters other than through +, -, *, / and integer powers, or the degree grows past <see cref="MaxDegree"/>.</summary>
    public static (Expr[] Numerator, Expr[] Denominator)? Of(Expr e, string z)
    {
        Expr[] one = [new NumberExpr(1)];
        if (!e.Variables.Contains(z)) return ([e], one);
        switch (e)
        {
            case VariableExpr:
                return ([new NumberExpr(0), new NumberExpr(1)], one);
            case UnaryExpr { Operator: UnaryOperator.Negate } u when Of(u.Operand, z) is (var n, var d):
                return ([.. n.Select(c => Simplify(Negate(c)))], d);
            case BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum when Of(sum.Left, z) is (var n1, var d1) && Of(sum.Right, z) is (var n2, var d2):
                int sign = sum.Operator == BinaryOperator.Add ? 1 : -1;
                if (d1.AsSpan().SequenceEqual(d2)) return Bounded(Combine(n1, n2, sign), d1);
                return Bounded(Combine(Product(n1, d2), Product(n2, d1), sign), Product(d1, d2));
            case BinaryExpr { Operator: BinaryOperator.Multiply } product when Of(product.Left, z) is (var n1, var d1) && Of(product.Right, z) is (var n2, var d2):
                return Bounded(Product(n1, n2), Product(d1, d2));
            case BinaryExpr { Operator: BinaryOperator.Divide } quotient when Of(quotient.Left, z) is (var n1, var d1) && Of(quotient.Right, z) is (var n2, var d2):
                return Bounded(Product(n1, d2), Product(d1, n2));
            case BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr { Value: var k } } power
                when k == Math.Floor(k) && Math.Abs(k) is >= 1 and <= MaxDegree && Of(power.Left, z) is (var n, var d):
                var (top, bottom) = k > 0 ? (n, d) : (d, n);
                Expr[] pn = one, pd = one;
                for (int i = 0; i < Math.Abs(k); i++) (pn, pd) = (Product(pn, top), Product(pd, bottom));
                return Bounded(pn, pd);
            default:
                return null;
        }
    }

    private static (Expr[], Expr[])? Bounded(Expr[] n, Expr[] d) => n.Length - 1 > MaxDegree || d.Length - 1 > MaxDegree ? null : (Trim(n), Trim(d));

    /// <summary>Drops leading coefficients that are zero.</summary>
    private static Expr[] Trim(Expr[] p)
    {
        int length = p.Length;
        while (length > 1 && p[length - 1] is NumberExpr { Value: 0 }) length--;
        return p[..length];
    }

    private static Expr[] Combine(Expr[] a, Expr[] b, int sign)
    {
        var r = new Expr[Math.Max(a.Length, b.Length)];
        for (int i = 0; i < r.Length; i++)
        {
            Expr x = i < a.Length ? a[i] : new NumberExpr(0), y = i < b.Length ? b[i] : new NumberExpr(0);
            r[i] = Simplify(sign > 0 ? Add(x, y) : Subtract(x, y));
        }
        return r;
    }

    private static Expr[] Product(Expr[] a, Expr[] b)
    {
        var r = Enumerable.Repeat<Expr>(new NumberExpr(0), a.Length + b.Length - 1).ToArray();
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
                r[i + j] = Simplify(Add(r[i + j], Multiply(a[i], b[j])));
        return r;
    }
}
