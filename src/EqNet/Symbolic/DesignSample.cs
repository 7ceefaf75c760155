using EqNet.Expressions;

namespace EqNet.Symbolic;

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
    /// Whether two expressions are the same: equal after simplification, or equal at every row to within rounding (a few
    /// ulps of the larger), with any variable other than the inputs set to each of three arbitrary values in turn.
    /// </summary>
    public bool Same(Expr a, Expr b)
    {
        if (Simplifier.Simplify(a).Equals(Simplifier.Simplify(b))) return true;
        var others = a.Variables.Concat(b.Variables).Where(v => !inputs.Contains(v)).Distinct().ToArray();
        if (others.Length == 0) return Equal(Evaluate(a), Evaluate(b));
        // Unknowns in a coefficient (G in G*(-v) and -(G*v)): the same at three arbitrary values of each.
        for (int trial = 0; trial < Trials.Length; trial++)
        {
            var values = others.Select((v, k) => (v, (Expr)new NumberExpr(Trials[trial] * (1 + 0.1 * k)))).ToDictionary(p => p.v, p => p.Item2);
            if (!Equal(Evaluate(Substituter.Substitute(a, values)), Evaluate(Substituter.Substitute(b, values)))) return false;
        }
        return true;
    }

    /// <summary>Values given to unknowns when comparing coefficients that hold them: no special numbers (0, 1, pi).</summary>
    private static readonly double[] Trials = [0.7313, -1.618, 2.459];

    private bool Equal(double[] x, double[] y)
    {
        for (int i = 0; i < count; i++)
            if (!(Math.Abs(x[i] - y[i]) <= SameRounding * Math.Max(Math.Abs(x[i]), Math.Abs(y[i])))) return false;
        return true;
    }

    /// <summary>Two ways of writing one coefficient differ by rounding only: 1e-12 leaves room for a few dozen operations.</summary>
    private const double SameRounding = 1e-12;
}
