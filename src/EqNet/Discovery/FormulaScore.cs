using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// The scale-relative error of a candidate y_hat = f(inputs) against known values y, with the candidate's own term
/// scale: |y_hat - y| / (|y| + sum of |top-level additive terms of f|), the metric's form for <c>y = f</c> without
/// reading the problem's equation.
/// </summary>
public static class FormulaScore
{
    /// <summary>Per-point errors of <paramref name="formula"/> at input rows (row-major) against <paramref name="y"/>; non-finite counts as +infinity.</summary>
    public static double[] Errors(Expr formula, IReadOnlyList<string> inputNames, ReadOnlySpan<double> inputs, double[] y)
    {
        int n = y.Length;
        var terms = AdditiveTerms.Of(formula).Select(t => t.Compile(inputNames)).ToArray();
        var value = formula.Compile(inputNames);
        var hat = new double[n];
        value.EvaluateBatch(inputs, n, hat);
        var scale = y.Select(Math.Abs).ToArray();
        var column = new double[n];
        foreach (var t in terms)
        {
            t.EvaluateBatch(inputs, n, column);
            for (int i = 0; i < n; i++) scale[i] += Math.Abs(column[i]);
        }
        var errors = new double[n];
        for (int i = 0; i < n; i++)
        {
            double e = Math.Abs(hat[i] - y[i]);
            errors[i] = e == 0 ? 0 : e / scale[i];
            if (!double.IsFinite(errors[i])) errors[i] = double.PositiveInfinity;
        }
        return errors;
    }

    /// <summary>p99 of <see cref="Errors"/>.</summary>
    public static double P99(Expr formula, IReadOnlyList<string> inputNames, ReadOnlySpan<double> inputs, double[] y) =>
        Percentile(Errors(formula, inputNames, inputs, y), 0.99);

    /// <summary>Nearest-rank percentile (the array is sorted in place).</summary>
    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        Array.Sort(values);
        return values[Math.Clamp((int)Math.Ceiling(q * values.Length) - 1, 0, values.Length - 1)];
    }

    /// <summary>Node count of the expression: the complexity axis of the Pareto front.</summary>
    public static int Complexity(Expr expr) => expr switch
    {
        UnaryExpr u => 1 + Complexity(u.Operand),
        BinaryExpr b => 1 + Complexity(b.Left) + Complexity(b.Right),
        CallExpr c => 1 + c.Arguments.Sum(Complexity),
        _ => 1,
    };
}
