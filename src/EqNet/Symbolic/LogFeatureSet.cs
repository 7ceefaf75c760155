using EqNet.Expressions;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>Expressions of the inputs whose logs become features, each new up to a constant factor over the sample.</summary>
internal sealed class LogFeatureSet(DesignSample sample)
{
    private readonly List<Expr> _found = [];
    private readonly List<double[]> _logs = [];

    /// <summary>The arguments taken, each positive over the sample, in the order offered.</summary>
    public IReadOnlyList<Expr> Arguments => _found;

    /// <summary>Adds |<paramref name="candidate"/>| when it reads the inputs alone, keeps one sign, is finite, varies, and is new up to a constant factor.</summary>
    public void Consider(Expr candidate)
    {
        if (candidate.Variables.Count == 0 || !sample.OfInputs(candidate)) return;
        var v = sample.Evaluate(candidate);
        int sign = ZeroStructure.LogFeatureSign(v);
        if (sign == 0) return;
        var log = v.Select(x => Math.Log(Math.Abs(x))).ToArray();
        if (log.Max() - log.Min() < SameLog) return;
        if (_logs.Any(l => Affine(l, log))) return;
        _found.Add(sign > 0 ? candidate : Simplify(Negate(candidate)));
        _logs.Add(log);
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
