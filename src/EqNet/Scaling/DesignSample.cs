using EqNet.Expressions;

namespace EqNet.Scaling;

/// <summary>A row-major count x inputs sample of the domain, on which design-time checks evaluate expressions of the inputs.</summary>
internal sealed class DesignSample(IReadOnlyList<string> inputs, double[] values, int count)
{
    private readonly Dictionary<Expr, double[]> _evaluated = [];

    /// <summary>The input names, in column order.</summary>
    public IReadOnlyList<string> Inputs => inputs;

    /// <summary>Row-major count x inputs values.</summary>
    public double[] Values => values;

    /// <summary>Rows.</summary>
    public int Count => count;

    /// <summary>Whether <paramref name="e"/> reads the inputs alone.</summary>
    public bool OfInputs(Expr e) => e.Variables.All(v => inputs.Contains(v));

    /// <summary><paramref name="e"/> (an expression of the inputs) at every row; computed once per expression.</summary>
    public double[] Evaluate(Expr e)
    {
        if (!_evaluated.TryGetValue(e, out var v)) _evaluated[e] = v = ZeroStructure.Evaluate(e, inputs, values, count);
        return v;
    }

    /// <summary>+1 or -1 where <paramref name="e"/> (of the inputs) is finite and of that sign at every row, else 0.</summary>
    public int Sign(Expr e)
    {
        if (!OfInputs(e)) return 0;
        var v = Evaluate(e);
        return v.All(x => x > 0) ? 1 : v.All(x => x < 0) ? -1 : 0;
    }

    /// <summary>
    /// Whether two expressions are the same: equal after simplification, or, where both read the inputs alone, equal at
    /// every row to within rounding (a few ulps of the larger).
    /// </summary>
    public bool Same(Expr a, Expr b)
    {
        if (Simplifier.Simplify(a).Equals(Simplifier.Simplify(b))) return true;
        if (!OfInputs(a) || !OfInputs(b)) return false;
        var (x, y) = (Evaluate(a), Evaluate(b));
        for (int i = 0; i < count; i++)
            if (!(Math.Abs(x[i] - y[i]) <= SameRounding * Math.Max(Math.Abs(x[i]), Math.Abs(y[i])))) return false;
        return true;
    }

    /// <summary>Two ways of writing one coefficient differ by rounding only: 1e-12 leaves room for a few dozen operations.</summary>
    private const double SameRounding = 1e-12;
}
