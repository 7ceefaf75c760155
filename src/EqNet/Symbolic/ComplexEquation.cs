using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// R + sum_k C_k e^(i alpha_k) = 0 with R = <see cref="RestRe"/> + i <see cref="RestIm"/> and, per wave, C = Cos - i Sin
/// (the real equation's coefficients of cos(alpha) and sin(alpha)).
/// </summary>
internal sealed record ComplexEquation(Expr RestRe, Expr RestIm, IReadOnlyList<(Expr Cos, Expr Sin, Phase Phase)> Waves)
{
    /// <summary>The angles that can be taken out: each in every wave it enters with one multiplier, and in no coefficient.</summary>
    public IEnumerable<(string Angle, double Multiplier)> Separable()
    {
        foreach (string t in Waves.SelectMany(w => w.Phase.Multipliers.Select(m => m.Unknown)).Distinct().Order(StringComparer.Ordinal))
        {
            var multipliers = Waves.Select(w => w.Phase.Of(t)).Where(m => m != 0).Distinct().ToList();
            bool inCoefficient = RestRe.Variables.Contains(t) || RestIm.Variables.Contains(t) || Waves.Any(w => w.Cos.Variables.Contains(t) || w.Sin.Variables.Contains(t));
            if (multipliers.Count == 1 && !inCoefficient) yield return (t, multipliers[0]);
        }
    }

    /// <summary>P + Q e^(i m t) = 0: P the waves without t and R, Q the waves with t, their phases less m t; each as (re, im).</summary>
    public ((Expr Re, Expr Im) P, (Expr Re, Expr Im) Q) Split(string t)
    {
        Expr pRe = RestRe, pIm = RestIm, qRe = new NumberExpr(0), qIm = new NumberExpr(0);
        foreach (var (c, s, phase) in Waves)
        {
            bool inQ = phase.Of(t) != 0;
            var alpha = inQ ? Without(phase, t) : phase.ToExpr();
            var (cos, sin) = (Call(MathFunction.Cos, alpha), Call(MathFunction.Sin, alpha));
            // (c - i s)(cos + i sin) = (c cos + s sin) + i (c sin - s cos).
            var re = Add(Multiply(c, cos), Multiply(s, sin));
            var im = Subtract(Multiply(c, sin), Multiply(s, cos));
            if (inQ) (qRe, qIm) = (Add(qRe, re), Add(qIm, im));
            else (pRe, pIm) = (Add(pRe, re), Add(pIm, im));
        }
        return ((Simplify(pRe), Simplify(pIm)), (Simplify(qRe), Simplify(qIm)));
    }

    /// <summary>
    /// |P|^2 - |Q|^2 (zero wherever the equation holds, and free of t), written from the coefficients as sums of
    /// cos and sin of alpha_j - alpha_k; where Q is one wave with a real coefficient c, also c - |P| and c + |P| (one holds
    /// where c keeps a sign: r cos(el) = sqrt(x^2 + y^2) for spherical coordinates).
    /// </summary>
    public IReadOnlyList<Expr> Eliminate(string t)
    {
        var p = Waves.Where(w => w.Phase.Of(t) == 0).ToList();
        var q = Waves.Where(w => w.Phase.Of(t) != 0).ToList();
        var two = new NumberExpr(2);
        // |sum_k C_k e^(i alpha_k)|^2 = sum_k |C_k|^2 + 2 sum_(j<k) Re(C_j conj(C_k) e^(i (alpha_j - alpha_k))), C = c - i s:
        // C_j conj(C_k) = (c_j c_k + s_j s_k) + i (c_j s_k - s_j c_k), and Re(X e^(i d)) = Re(X) cos d - Im(X) sin d.
        Expr Squares(List<(Expr Cos, Expr Sin, Phase Phase)> waves)
        {
            Expr sum = new NumberExpr(0);
            for (int j = 0; j < waves.Count; j++)
            {
                var (cj, sj, pj) = waves[j];
                sum = Add(sum, Add(Power(cj, two), Power(sj, two)));
                for (int k = j + 1; k < waves.Count; k++)
                {
                    var (ck, sk, pk) = waves[k];
                    var (multipliers, offset) = Phase.Combine(pj, pk, -1);
                    var (phase, sign) = Phase.Normalized(multipliers, offset);
                    var d = phase.ToExpr();
                    var re = Add(Multiply(cj, ck), Multiply(sj, sk));
                    var im = Subtract(Multiply(cj, sk), Multiply(sj, ck));
                    // sin(-d) = -sin(d) where the difference was negated to normalise it.
                    var cross = Subtract(Multiply(re, Call(MathFunction.Cos, d)), Multiply(new NumberExpr(sign), Multiply(im, Call(MathFunction.Sin, d))));
                    sum = Add(sum, Multiply(two, cross));
                }
            }
            return sum;
        }
        Expr pSquared = Add(Add(Power(RestRe, two), Power(RestIm, two)), Squares(p));
        foreach (var (c, s, phase) in p)
        {
            // 2 Re(conj(R) C e^(i alpha)) = 2 ((R1 c - R2 s) cos(alpha) + (R1 s + R2 c) sin(alpha)).
            var alpha = phase.ToExpr();
            var cosPart = Subtract(Multiply(RestRe, c), Multiply(RestIm, s));
            var sinPart = Add(Multiply(RestRe, s), Multiply(RestIm, c));
            pSquared = Add(pSquared, Multiply(two, Add(Multiply(cosPart, Call(MathFunction.Cos, alpha)), Multiply(sinPart, Call(MathFunction.Sin, alpha)))));
        }
        pSquared = Simplify(pSquared);
        var eliminated = new List<Expr> { Simplify(Subtract(pSquared, Squares(q))) };
        if (q.Count == 1 && q[0].Sin is NumberExpr { Value: 0 })
        {
            var modulus = Call(MathFunction.Sqrt, pSquared);
            eliminated.Add(Simplify(Subtract(q[0].Cos, modulus)));
            eliminated.Add(Simplify(Add(q[0].Cos, modulus)));
        }
        return eliminated;
    }

    private static Expr Without(Phase phase, string t) =>
        new Phase(phase.Multipliers.Where(m => m.Unknown != t).ToList(), phase.Offset).ToExpr();
}
