using EqNet.Expressions;

namespace EqNet.Symbolic;

/// <summary>
/// Where an explicit definition <c>y = f(inputs)</c> vanishes, changes sign or bends sharply, read from its expression
/// tree at design time and checked on a sample of the domain. The network still predicts from the inputs alone: what
/// this finds becomes features (computed from the inputs) and the structure of the output's head.
/// </summary>
/// <remarks>
/// A magnitude network learns log |y|; where a factor inside a product crosses zero, log |y| has a log singularity that
/// no smooth network follows, and the difference head only splits top-level terms. Taking that factor out
/// (<c>y = exp(m) * factor</c>) leaves a magnitude that is smooth and of one sign. Likewise a square root or an inverse
/// sine whose argument reaches 0 (or 1) has an infinite slope there, which a feature log(argument) turns into a
/// straight line. See docs/decisions/0002-magnitude-shape-model.md, "Zeros and singular points".
/// </remarks>
public static class ZeroStructure
{
    /// <summary>
    /// An argument of <c>sqrt</c> (or a fractional power) whose smallest value over the sample is below this fraction of
    /// its largest gets its log as a feature: there the root's slope grows large relative to its value.
    /// </summary>
    public const double NearZeroRatio = 0.1;

    /// <summary>
    /// An argument of asin/acos within this of +-1 gets the log-distance to +-1 as a feature: beyond, the slope
    /// 1/sqrt(1 - g^2) stays under 1.5 and the law is smooth enough without it.
    /// </summary>
    public const double NearUnitDistance = 0.25;

    /// <summary>
    /// The factor to take out of a definition: the product of its multiplicative factors that change sign over the
    /// sample (in the numerator), with the sign that makes <c>definition / factor</c> positive; null when there is none,
    /// or when <c>definition / factor</c> would not keep one sign. When the definition is nothing but such factors (times
    /// constants), each is replaced by a simpler expression with the same zero set (<c>log(g)</c> by <c>g - 1</c>, an
    /// odd function of g such as asin or atan by g), so the network still learns the law; if none can be, null.
    /// </summary>
    /// <param name="definition">The right-hand side of <c>y = definition</c>, over inputs only.</param>
    /// <param name="inputs">Input names, the sample's column order.</param>
    /// <param name="sample">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    public static (Expr Factor, int Sign)? SignedFactor(Expr definition, IReadOnlyList<string> inputs, double[] sample, int count)
    {
        var leaves = new List<(Expr Leaf, bool Denominator)>();
        Factors(definition, false, leaves);
        var variable = leaves.Where(l => l.Leaf.Variables.Count > 0).ToList();
        var changing = new List<Expr>();
        foreach (var (leaf, denominator) in variable)
            if (!denominator && (ChangesSign(leaf, inputs, sample, count) || Vanishes(leaf, inputs, sample, count))) changing.Add(leaf);
        if (changing.Count == 0) return null;
        // The sines and cosines of one sign go out with them: log |sin| is no power law of the features, and the magnitude's
        // MLP only approaches it (fsred-II.6.15b, cos(theta) sin(theta) / r^3, 150 steps: p99 2.1e-4 with sin(theta) left in).
        var periodic = variable.Where(l => !l.Denominator && l.Leaf is CallExpr { Function: MathFunction.Sin or MathFunction.Cos } && !changing.Contains(l.Leaf))
            .Select(l => l.Leaf).ToList();
        if (changing.Count + periodic.Count < variable.Count) changing.AddRange(periodic);
        if (changing.Count == variable.Count)
        {
            var reduced = changing.Select(Reduce).ToList();
            if (reduced.SequenceEqual(changing)) return null;
            changing = reduced;
        }
        var factor = changing.Aggregate((a, b) => a * b);
        var y = Evaluate(definition, inputs, sample, count);
        var f = Evaluate(factor, inputs, sample, count);
        int positive = 0, negative = 0;
        for (int i = 0; i < count; i++)
        {
            double ratio = y[i] / f[i];
            if (!double.IsFinite(ratio) || y[i] == 0) continue;
            if (ratio > 0) positive++;
            else negative++;
        }
        // A sign change the tree did not show (a factor that was split wrongly): the head would be wrong, keep the old one.
        if (positive > 0 && negative > 0 || positive + negative == 0) return null;
        return (factor, positive > 0 ? 1 : -1);
    }

    /// <summary>
    /// Arguments near which a definition bends sharply, as expressions <c>g &gt;= 0</c> of the inputs whose log is worth a
    /// feature: the argument of a square root (or fractional power) that comes close to 0, and <c>1 - g</c>, <c>1 + g</c>
    /// for an asin/acos argument g that comes close to 1 or -1. Plain inputs are left out (they have their own log).
    /// </summary>
    public static IReadOnlyList<Expr> NearSingularArguments(Expr definition, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var found = new List<Expr>();
        var candidates = new List<(Expr Argument, bool Unit)>();
        Arguments(definition, candidates);
        foreach (var (argument, unit) in candidates)
        {
            if (argument.Variables.Count == 0 || argument is VariableExpr) continue;
            var g = Evaluate(argument, inputs, sample, count);
            var finite = g.Where(double.IsFinite).ToArray();
            if (finite.Length == 0) continue;
            double min = finite.Min(), max = finite.Max();
            if (!unit)
            {
                if (min >= 0 && max > 0 && min < NearZeroRatio * max) found.Add(argument);
                continue;
            }
            if (max > 1 - NearUnitDistance && max <= 1) found.Add(new NumberExpr(1) - argument);
            if (min < -1 + NearUnitDistance && min >= -1) found.Add(new NumberExpr(1) + argument);
        }
        return found.Distinct().ToArray();
    }

    /// <summary>
    /// Factors of a definition whose logs are worth features: the factors (through *, /, negation, constant powers and
    /// square roots) that are neither an input nor a constant nor exp of a product of powers (the magnitude's power terms
    /// hold those exactly), of one sign and finite over the sample, and not a numerator factor that comes close to 0 (the
    /// signed-factor head takes that out). Each is returned as an expression &gt; 0 (negated where the factor is
    /// negative). With them a product of powers of such factors, <c>m_0 v / sqrt(1 - v^2/c^2)</c>, is linear in the log
    /// features, so one log-sum-exp unit holds it exactly instead of the magnitude's MLP approaching
    /// <c>-log(1 - v^2/c^2) / 2</c>. None when the definition is that one factor alone (times constants): the feature would
    /// be the law itself, and the network is to learn it, as <see cref="SignedFactor"/> keeps it for <c>ln(x)</c>.
    /// </summary>
    /// <param name="definition">The right-hand side of <c>y = definition</c>, over inputs only.</param>
    /// <param name="inputs">Input names, the sample's column order.</param>
    /// <param name="sample">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    public static IReadOnlyList<Expr> LogFactors(Expr definition, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var leaves = new List<(Expr Leaf, bool Denominator)>();
        PowerFactors(definition, false, leaves);
        var variable = leaves.Where(l => l.Leaf.Variables.Count > 0).ToList();
        var found = new List<Expr>();
        foreach (var (leaf, denominator) in variable)
        {
            if (leaf is VariableExpr || leaf is CallExpr { Function: MathFunction.Exp } e && IsPowerProduct(e.Arguments[0])) continue;
            int sign = LogFeatureSign(Evaluate(leaf, inputs, sample, count));
            if (sign == 0 || !denominator && Vanishes(leaf, inputs, sample, count)) continue;
            var argument = sign > 0 ? leaf : -leaf;
            if (!found.Contains(argument)) found.Add(argument);
        }
        return variable.Count == 1 && found.Count == 1 ? [] : found;
    }

    /// <summary>
    /// The sign (+1 or -1) that all of <paramref name="values"/> keep, when they are finite and within
    /// <see cref="LogFactorSpan"/> of their largest size, so that the log of their size can be a feature; else 0.
    /// </summary>
    internal static int LogFeatureSign(double[] values)
    {
        if (values.Length == 0 || !values.All(double.IsFinite)) return 0;
        int sign = values.All(x => x > 0) ? 1 : values.All(x => x < 0) ? -1 : 0;
        return sign != 0 && values.Min(Math.Abs) >= LogFactorSpan * values.Max(Math.Abs) ? sign : 0;
    }

    /// <summary>
    /// A factor whose smallest magnitude over the sample is below this fraction of its largest gets no log feature: the
    /// feature's floor (<c>FeatureMap</c>) is 1e-12 of the largest value, and a wider span would be clipped.
    /// </summary>
    public const double LogFactorSpan = 1e-12;

    /// <summary>Like <see cref="Factors"/>, and also through powers with a constant exponent and square roots (their logs are multiples).</summary>
    private static void PowerFactors(Expr e, bool denominator, List<(Expr, bool)> into)
    {
        var direct = new List<(Expr, bool)>();
        Factors(e, denominator, direct);
        foreach (var (leaf, divides) in direct)
        {
            if (leaf is BinaryExpr { Operator: BinaryOperator.Power } p && Exponent(p) is not null) PowerFactors(p.Left, divides, into);
            else if (leaf is CallExpr { Function: MathFunction.Sqrt, Arguments.Count: 1 } c) PowerFactors(c.Arguments[0], divides, into);
            else into.Add((leaf, divides));
        }
    }

    /// <summary>Whether <paramref name="e"/> is a product of powers of inputs and constants.</summary>
    private static bool IsPowerProduct(Expr e)
    {
        var leaves = new List<(Expr Leaf, bool Denominator)>();
        PowerFactors(e, false, leaves);
        return leaves.All(l => l.Leaf is VariableExpr || l.Leaf.Variables.Count == 0);
    }

    /// <summary>The multiplicative factors of <paramref name="e"/> (through *, /, negation and odd integer powers), each marked if it divides.</summary>
    internal static void Factors(Expr e, bool denominator, List<(Expr, bool)> into)
    {
        switch (e)
        {
            case BinaryExpr { Operator: BinaryOperator.Multiply } b:
                Factors(b.Left, denominator, into);
                Factors(b.Right, denominator, into);
                break;
            case BinaryExpr { Operator: BinaryOperator.Divide } b:
                Factors(b.Left, denominator, into);
                Factors(b.Right, !denominator, into);
                break;
            case UnaryExpr u:
                Factors(u.Operand, denominator, into);
                break;
            default:
                into.Add((e, denominator));
                break;
        }
    }

    /// <summary>Whether <paramref name="e"/> takes both signs over the sample (NaN and infinite values ignored).</summary>
    internal static bool ChangesSign(Expr e, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var v = Evaluate(e, inputs, sample, count);
        return v.Any(x => x > 0 && double.IsFinite(x)) && v.Any(x => x < 0 && double.IsFinite(x));
    }

    /// <summary>
    /// Whether <paramref name="e"/>, of one sign, comes within <see cref="VanishingRatio"/> of its largest magnitude of zero
    /// (ln(x) near x = 1), and can reach it (see <see cref="HasFiniteZero"/>).
    /// </summary>
    internal static bool Vanishes(Expr e, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        if (!HasFiniteZero(e)) return false;
        var v = Evaluate(e, inputs, sample, count).Where(double.IsFinite).Select(Math.Abs).ToArray();
        return v.Length > 0 && v.Min() < VanishingRatio * v.Max();
    }

    /// <summary>
    /// Whether <paramref name="e"/> can reach 0 at a finite point, crossing it linearly: a sum or difference, a log, a
    /// trigonometric or odd function, or an odd power of one. An input, exp(...) or a product of powers only spans
    /// decades (arrhenius' exp(-Ea/(R T)) spans 50), which the log features and power-law units already follow.
    /// </summary>
    private static bool HasFiniteZero(Expr e) => e switch
    {
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => true,
        BinaryExpr { Operator: BinaryOperator.Power } p => Exponent(p) is { } k && k == Math.Floor(k) && Math.Abs(k % 2) == 1 && HasFiniteZero(p.Left),
        CallExpr c => c.Function is MathFunction.Log or MathFunction.Log10 or MathFunction.Log2 or MathFunction.Sin or MathFunction.Cos or MathFunction.Tan
            or MathFunction.Asin or MathFunction.Acos or MathFunction.Atan or MathFunction.Sinh or MathFunction.Tanh or MathFunction.Asinh or MathFunction.Atanh,
        _ => false,
    };

    /// <summary>
    /// Whether input <paramref name="name"/> is a factor of a term of <paramref name="e"/> (at any depth of sums): there
    /// the output is proportional to a power of it, and near 0 it needs the input's log to a magnitude.
    /// </summary>
    public static bool EntersMultiplicatively(Expr e, string name)
    {
        foreach (var term in AdditiveTerms.Of(e))
        {
            var leaves = new List<(Expr, bool)>();
            Factors(term, false, leaves);
            for (int i = 0; i < leaves.Count; i++)
            {
                var leaf = leaves[i].Item1;
                if (leaf is VariableExpr v && v.Name == name) return true;
                if (leaf is BinaryExpr { Operator: BinaryOperator.Power } p && Exponent(p) is not null) Factors(p.Left, false, leaves);
                else if (leaf is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } && EntersMultiplicatively(leaf, name)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A factor of one sign whose smallest magnitude over the sample is below this fraction of its largest is treated as
    /// vanishing inside the domain: the sample reaches within 1e-3 of its zero, where log |y| is already 7 units below its
    /// top and still falling steeply.
    /// </summary>
    public const double VanishingRatio = 1e-3;

    /// <summary><paramref name="e"/> evaluated at every sample row.</summary>
    internal static double[] Evaluate(Expr e, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var values = new double[count];
        e.Compile(inputs).EvaluateBatch(sample, count, values);
        return values;
    }

    /// <summary>A simpler expression with the same zeros and signs: log(g) -> g - 1; asin, atan, sinh, asinh, tanh, atanh, odd powers -> their argument's.</summary>
    private static Expr Reduce(Expr e) => e switch
    {
        CallExpr { Function: MathFunction.Log or MathFunction.Log10 or MathFunction.Log2, Arguments.Count: 1 } c => c.Arguments[0] - new NumberExpr(1),
        CallExpr { Function: MathFunction.Asin or MathFunction.Atan or MathFunction.Sinh or MathFunction.Asinh or MathFunction.Tanh or MathFunction.Atanh } c
            => Reduce(c.Arguments[0]),
        BinaryExpr { Operator: BinaryOperator.Power } p when Exponent(p) is { } k && k == Math.Floor(k) && Math.Abs(k % 2) == 1 => Reduce(p.Left),
        UnaryExpr u => Reduce(u.Operand),
        _ => e,
    };

    /// <summary>The exponent of a power whose exponent is a constant expression (such as <c>3/2</c>), else null.</summary>
    private static double? Exponent(BinaryExpr power) =>
        power.Right.Variables.Count == 0 && power.Right.Evaluate(new Dictionary<string, double>()) is var k && double.IsFinite(k) ? k : null;

    private static void Arguments(Expr e, List<(Expr, bool)> into)
    {
        switch (e)
        {
            case CallExpr c:
                if (c.Function == MathFunction.Sqrt) into.Add((c.Arguments[0], false));
                if (c.Function is MathFunction.Asin or MathFunction.Acos) into.Add((c.Arguments[0], true));
                foreach (var a in c.Arguments) Arguments(a, into);
                break;
            case BinaryExpr b:
                if (b.Operator == BinaryOperator.Power && Exponent(b) is { } k && k != Math.Floor(k)) into.Add((b.Left, false));
                Arguments(b.Left, into);
                Arguments(b.Right, into);
                break;
            case UnaryExpr u:
                Arguments(u.Operand, into);
                break;
        }
    }
}
