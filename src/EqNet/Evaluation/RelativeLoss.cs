using EqNet.Expressions;
using EqNet.Problems.Compiled;

namespace EqNet.Evaluation;

/// <summary>
/// |lhs - rhs| / |expression| per point for one equation: a loss someone used elsewhere, recomputed on a model's held-out
/// points so the two can be set side by side (the seed question's loss is <c>mean(|yhat - y| / (x5/x2))</c>).
/// </summary>
public static class RelativeLoss
{
    /// <summary>Mean and summary of |lhs - rhs| / |<paramref name="expression"/>| for equation <paramref name="equation"/> (0-based).</summary>
    public static (double Mean, ErrorSummary Summary) Of(EvaluationResult result, CompiledSystem system, int equation, string expression)
    {
        var scale = Expr.Parse(expression, system.Variables.ToHashSet(StringComparer.Ordinal));
        var unknown = scale.Variables.Except(system.Variables).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"'{expression}' uses {string.Join(", ", unknown)}, which are not inputs or outputs ({string.Join(", ", system.Variables)})");
        int n = result.Samples, e = system.EquationCount;
        var points = system.Join(result.Points.Inputs, result.Points.Predicted, n);
        var residuals = new double[n * e];
        var scales = new double[n * e];
        system.Evaluate(points, n, residuals, scales);
        var denominators = new double[n];
        scale.Compile(system.Variables).EvaluateBatch(points, n, denominators);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = Math.Abs(residuals[i * e + equation]) / Math.Abs(denominators[i]);
        return (values.Average(), ErrorSummary.Of(values));
    }
}
