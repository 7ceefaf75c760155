using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// Closed forms of unknown angles in implicit trigonometric systems, by the two steps a kinematics textbook uses
/// (the Paden-Kahan subproblems; Murray, Li and Sastry, A Mathematical Introduction to Robotic Manipulation, 1994,
/// section 3.3): an equation a cos(m t) + b sin(m t) + c = 0 in one unknown angle t gives
/// m t = arg(a + ib) +- acos(-c / sqrt(a^2 + b^2)); and two equations that are the real and imaginary parts of one
/// complex equation P + Q e^(i m t) = 0 (a planar linkage's x and y: P, Q free of t) give m t = arg(-P) - arg(Q) once P
/// and Q are known, and before that |P|^2 = |Q|^2, an equation without t (squaring and adding the x and y equations).
/// </summary>
internal static class AngleStructure
{
    /// <summary>
    /// Roots t (each defined up to the period) of an equation whose only unknown is the angle t, entering as
    /// sum_k C_k cos(m t + beta_k) + S_k sin(m t + beta_k) + rest with one multiplier m; none where the form does not hold.
    /// </summary>
    public static IEnumerable<RootCandidate> SingleEquation(TrigonometricSum sum, string t, DesignSample sample)
    {
        if (sum.Waves.Count == 0 || sum.Rest.Variables.Contains(t)) yield break;
        double m = sum.Waves[0].Phase.Of(t);
        if (sum.Waves.Any(w => w.Phase.Multipliers.Count != 1 || w.Phase.Of(t) != m || w.Cos.Variables.Contains(t) || w.Sin.Variables.Contains(t))) yield break;
        // C cos(x + beta) + S sin(x + beta) = cos x (C cos beta + S sin beta) + sin x (S cos beta - C sin beta), x = m t.
        Expr a = new NumberExpr(0), b = new NumberExpr(0);
        foreach (var (c, s, phase) in sum.Waves)
        {
            var beta = phase.Offset;
            if (beta is NumberExpr { Value: 0 })
            {
                a = Add(a, c);
                b = Add(b, s);
                continue;
            }
            var (cosBeta, sinBeta) = (Call(MathFunction.Cos, beta), Call(MathFunction.Sin, beta));
            a = Add(a, Add(Multiply(c, cosBeta), Multiply(s, sinBeta)));
            b = Add(b, Subtract(Multiply(s, cosBeta), Multiply(c, sinBeta)));
        }
        (a, b) = (Simplify(a), Simplify(b));
        var minusRest = Simplify(Negate(sum.Rest));
        RootCandidate Root(Expr x) => AngleRoot(x, m);
        if (b is NumberExpr { Value: 0 })
        {
            var acos = Call(MathFunction.Acos, SubstitutionForm.Clamped(Divide(minusRest, a)));
            yield return Root(acos);
            yield return Root(Negate(acos));
        }
        else if (a is NumberExpr { Value: 0 })
        {
            var asin = Call(MathFunction.Asin, SubstitutionForm.Clamped(Divide(minusRest, b)));
            yield return Root(asin);
            yield return Root(Subtract(new ConstantExpr(MathConstant.Pi), asin));
        }
        else
        {
            var acos = Call(MathFunction.Acos, SubstitutionForm.Clamped(Divide(minusRest, Call(MathFunction.Sqrt, Add(Power(a, new NumberExpr(2)), Power(b, new NumberExpr(2)))))));
            foreach (var phase in ArgThenRotated(a, b, sample))
            {
                yield return Root(Add(phase, acos));
                yield return Root(Subtract(phase, acos));
            }
        }
    }

    /// <summary>
    /// Roots t of P + Q e^(i m t) = 0 where t is the only unknown: m t = arg(-P) - arg(Q), each arg written where it is
    /// continuous over the sample (as arg(P) - arg(-Q), or arg(P) - arg(Q) + pi, where that is what keeps it so).
    /// </summary>
    public static IEnumerable<RootCandidate> FromPair(ComplexEquation equation, string t, double m, DesignSample sample)
    {
        var (p, q) = equation.Split(t);
        if (!sample.OfInputs(p.Re) || !sample.OfInputs(p.Im) || !sample.OfInputs(q.Re) || !sample.OfInputs(q.Im)) yield break;
        foreach (int sp in new[] { 1, -1 })
        {
            foreach (int sq in new[] { 1, -1 })
            {
                foreach (var argP in Arg(Scale(p.Re, sp), Scale(p.Im, sp), sample))
                {
                    foreach (var argQ in Arg(Scale(q.Re, sq), Scale(q.Im, sq), sample))
                    {
                        // -P / Q = -(sp sq) (sp P) / (sq Q): the arg of the ratio plus pi where sp sq = 1.
                        var x = Subtract(argP, argQ);
                        if (sp * sq > 0) x = Add(x, new ConstantExpr(MathConstant.Pi));
                        yield return AngleRoot(x, m);
                    }
                }
            }
        }
        // Where P or Q goes round the origin, their ratio may not: arg(-P conj(Q)), or arg(P conj(Q)) + pi.
        var re = Add(Multiply(p.Re, q.Re), Multiply(p.Im, q.Im));
        var im = Subtract(Multiply(p.Im, q.Re), Multiply(p.Re, q.Im));
        foreach (int s in new[] { -1, 1 })
        {
            foreach (var arg in ArgThenRotated(Scale(Simplify(re), s), Scale(Simplify(im), s), sample))
                yield return AngleRoot(s > 0 ? Add(arg, new ConstantExpr(MathConstant.Pi)) : arg, m);
        }
    }

    /// <summary>t = x / m, defined up to its period 2 pi / |m|.</summary>
    private static RootCandidate AngleRoot(Expr x, double m) => new(Simplify(Divide(x, new NumberExpr(m))), 2 * Math.PI / Math.Abs(m));

    /// <summary><see cref="Arg"/>'s forms, then <see cref="RotatedArg"/>'s where there is one.</summary>
    private static IEnumerable<Expr> ArgThenRotated(Expr re, Expr im, DesignSample sample) =>
        Arg(re, im, sample).Concat(RotatedArg(re, im, sample) is { } rotated ? [rotated] : []);

    /// <summary>
    /// Two equations that are the real and imaginary parts of one complex equation R + sum_k C_k e^(i alpha_k) = 0 (up to a
    /// factor +-1 on the second); null where they are not.
    /// </summary>
    public static ComplexEquation? Pair(TrigonometricSum re, TrigonometricSum im, DesignSample sample)
    {
        if (re.Waves.Count == 0 || re.Waves.Count != im.Waves.Count) return null;
        // Re(C e^(i alpha)) = c cos(alpha) + s sin(alpha) with C = c - i s; Im(C e^(i alpha)) = s' sin(alpha) + c' cos(alpha)
        // must then hold s' = c and c' = -s (times lambda = +-1 for the whole equation).
        foreach (int lambda in new[] { 1, -1 })
        {
            bool all = true;
            foreach (var (c, s, phase) in re.Waves)
            {
                int k = FindPhase(im, phase);
                if (k < 0 || !sample.Same(im.Waves[k].Sin, Scale(c, lambda)) || !sample.Same(im.Waves[k].Cos, Scale(s, -lambda)))
                {
                    all = false;
                    break;
                }
            }
            if (all) return new ComplexEquation(re.Rest, Scale(im.Rest, lambda), re.Waves);
        }
        return null;
    }

    private static int FindPhase(TrigonometricSum sum, Phase phase)
    {
        for (int k = 0; k < sum.Waves.Count; k++) if (sum.Waves[k].Phase.Key == phase.Key) return k;
        return -1;
    }

    private static Expr Scale(Expr e, int sign) => sign > 0 ? e : Simplify(Negate(e));

    /// <summary>
    /// arg(re + i im) as expressions continuous over the sample: atan of the ratio in the half-plane the value keeps; where
    /// it keeps none, the half-angle forms 2 atan(im / (|z| + re)) (continuous off the negative real axis, in (-pi, pi))
    /// and pi - 2 atan(im / (|z| - re)) (off the positive one, in (0, 2 pi)), for Newton's solutions to choose between.
    /// </summary>
    public static IEnumerable<Expr> Arg(Expr re, Expr im, DesignSample sample)
    {
        if (im is NumberExpr { Value: 0 })
        {
            int sign = sample.Sign(re);
            if (sign != 0) yield return sign > 0 ? new NumberExpr(0) : new ConstantExpr(MathConstant.Pi);
            yield break;
        }
        var pi = new ConstantExpr(MathConstant.Pi);
        var halfPi = Divide(pi, new NumberExpr(2));
        var form = sample.Sign(re) > 0 ? Call(MathFunction.Atan, Divide(im, re))
            : sample.Sign(im) > 0 ? Subtract(halfPi, Call(MathFunction.Atan, Divide(re, im)))
            : sample.Sign(im) < 0 ? Negate(Add(halfPi, Call(MathFunction.Atan, Divide(re, im))))
            : sample.Sign(re) < 0 ? Add(Call(MathFunction.Atan, Divide(im, re)), pi)
            : null;
        if (form is not null)
        {
            yield return Simplify(form);
            yield break;
        }
        yield return Simplify(HalfAngle(re, im, Call(MathFunction.Max, re, new NumberExpr(0))));
        // arg(z) = pi + arg(-z), -z's cut on the positive real axis: |-z| + (-re) = im^2 / (|z| + |re|) + 2 max(-re, 0).
        yield return Simplify(Subtract(pi, HalfAngle(re, im, Call(MathFunction.Max, Negate(re), new NumberExpr(0)))));
    }

    /// <summary>
    /// 2 atan(im / (|z| + re)) with |z| + re written as im^2 / (|z| + |re|) + 2 max(re, 0): the same number, without the
    /// cancellation of |z| + re as re -> -|z| (near the cut, a sum of a few terms loses 2 eps / angle to the axis).
    /// <paramref name="positivePart"/> is max(re, 0) (max(-re, 0) gives 2 atan(im / (|z| - re)) instead).
    /// </summary>
    private static Expr HalfAngle(Expr re, Expr im, Expr positivePart)
    {
        var two = new NumberExpr(2);
        var imSquared = Power(im, two);
        var modulus = Call(MathFunction.Sqrt, Add(Power(re, two), imSquared));
        var across = Divide(imSquared, Add(modulus, Call(MathFunction.Abs, re)));
        return Multiply(two, Call(MathFunction.Atan, Divide(im, Add(across, Multiply(two, positivePart)))));
    }

    /// <summary>
    /// arg(re + i im) with its cut in the widest gap of the value's directions over the sample, for a value that sweeps
    /// past both axes (a heading over 260 degrees): theta0 + arg(z e^(-i theta0)), the rotated value's negative axis
    /// pointing into the gap; null where the directions leave no gap of a degree. Tried after <see cref="Arg"/>'s forms.
    /// </summary>
    public static Expr? RotatedArg(Expr re, Expr im, DesignSample sample)
    {
        if (CutDirection(re, im, sample) is not { } cut) return null;
        double theta0 = cut - Math.PI;
        var (c, sn) = (new NumberExpr(Math.Cos(theta0)), new NumberExpr(Math.Sin(theta0)));
        var (rotatedRe, rotatedIm) = (Add(Multiply(re, c), Multiply(im, sn)), Subtract(Multiply(im, c), Multiply(re, sn)));
        return Simplify(Add(new NumberExpr(theta0), HalfAngle(rotatedRe, rotatedIm, Call(MathFunction.Max, rotatedRe, new NumberExpr(0)))));
    }

    /// <summary>The direction in the middle of the widest gap between the directions of re + i im over the sample, or null where there is no gap of a degree.</summary>
    private static double? CutDirection(Expr re, Expr im, DesignSample sample)
    {
        if (!sample.OfInputs(re) || !sample.OfInputs(im)) return null;
        var (x, y) = (sample.Evaluate(re), sample.Evaluate(im));
        var angles = Enumerable.Range(0, sample.Count).Select(i => Math.Atan2(y[i], x[i])).Where(double.IsFinite).Order().ToArray();
        if (angles.Length == 0) return null;
        double gap = angles[0] + 2 * Math.PI - angles[^1], middle = angles[^1] + gap / 2;
        for (int i = 1; i < angles.Length; i++)
            if (angles[i] - angles[i - 1] > gap) (gap, middle) = (angles[i] - angles[i - 1], (angles[i] + angles[i - 1]) / 2);
        return gap > Math.PI / 180 ? middle : null;
    }
}
