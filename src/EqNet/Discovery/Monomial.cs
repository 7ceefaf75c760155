using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>A product of basis quantities to small integer or half-integer powers, <c>prod v_k^e_k</c>.</summary>
public sealed record Monomial(double[] Exponents)
{
    /// <summary>Sum of |exponents|: the order in which the dictionary lists monomials (simplest first).</summary>
    public double Degree => Exponents.Sum(Math.Abs);

    /// <summary>Number of quantities with a non-zero exponent.</summary>
    public int Support => Exponents.Count(e => e != 0);

    /// <summary>The monomial at each row of basis values (row-major count x basis).</summary>
    public void Evaluate(ReadOnlySpan<double> basis, int count, Span<double> output)
    {
        int b = Exponents.Length;
        for (int i = 0; i < count; i++)
        {
            double v = 1;
            for (int k = 0; k < b; k++)
                if (Exponents[k] != 0) v *= Power(basis[i * b + k], Exponents[k]);
            output[i] = v;
        }
    }

    /// <summary>x^e with the common exponents done exactly (no exp/log round trip).</summary>
    public static double Power(double x, double e) => e switch
    {
        1 => x,
        2 => x * x,
        -1 => 1 / x,
        -2 => 1 / (x * x),
        0.5 => Math.Sqrt(x),
        -0.5 => 1 / Math.Sqrt(x),
        3 => x * x * x,
        _ => Math.Pow(x, e),
    };

    /// <summary>The monomial as an expression: numerator over denominator, square roots for halves.</summary>
    public Expr ToExpr(IReadOnlyList<Expr> basis)
    {
        Expr? numerator = null, denominator = null;
        for (int k = 0; k < Exponents.Length; k++)
        {
            double e = Exponents[k];
            if (e == 0) continue;
            var factor = PowerExpr(basis[k], Math.Abs(e));
            if (e > 0) numerator = numerator is null ? factor : numerator * factor;
            else denominator = denominator is null ? factor : denominator * factor;
        }
        Expr top = numerator ?? new NumberExpr(1);
        return denominator is null ? top : top / denominator;
    }

    /// <summary>b^e for e &gt; 0: <c>b</c>, <c>sqrt(b)</c>, <c>b**2</c>, <c>b**1.5</c>.</summary>
    public static Expr PowerExpr(Expr b, double e)
    {
        if (e == 1) return b;
        if (e == 0.5) return new CallExpr(MathFunction.Sqrt, b);
        return new BinaryExpr(BinaryOperator.Power, b, new NumberExpr(e));
    }
}
