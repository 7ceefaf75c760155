using EqNet.Expressions;

namespace EqNet.Problems.Compiled;

/// <summary>
/// A problem's equations compiled once for batch evaluation in float64: residual lhs - rhs, term scale S,
/// the loss scale (S, or the user's <c>scale:</c>), and d(lhs - rhs)/d(output).
/// Variables are the inputs then the outputs, in file order; points are row-major.
/// </summary>
public sealed class CompiledSystem
{
    private readonly CompiledExpression[] _residuals;
    private readonly CompiledExpression[][] _terms;
    private readonly CompiledExpression?[] _lossScales;
    private readonly CompiledExpression[][] _derivatives;
    private readonly double[] _weights;

    /// <summary>Compiles every equation of <paramref name="problem"/>.</summary>
    public CompiledSystem(Problem problem)
    {
        Problem = problem;
        Variables = [.. problem.Inputs.Select(i => i.Name), .. problem.Outputs.Select(o => o.Name)];
        int e = problem.Equations.Count;
        _residuals = new CompiledExpression[e];
        _terms = new CompiledExpression[e][];
        _lossScales = new CompiledExpression?[e];
        _derivatives = new CompiledExpression[e][];
        _weights = new double[e];
        for (int k = 0; k < e; k++)
        {
            var spec = problem.Equations[k];
            var residual = spec.Equation.Residual;
            _residuals[k] = residual.Compile(Variables);
            _terms[k] = spec.Equation.Terms.Select(t => t.Compile(Variables)).ToArray();
            _lossScales[k] = spec.Scale?.Compile(Variables);
            _derivatives[k] = problem.Outputs.Select(o => residual.Derivative(o.Name).Simplify().Compile(Variables)).ToArray();
            _weights[k] = spec.Weight;
        }
    }

    /// <summary>The problem compiled.</summary>
    public Problem Problem { get; }

    /// <summary>Variable order of a point: inputs, then outputs.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount => Problem.Inputs.Count;

    /// <summary>Number of outputs (unknowns).</summary>
    public int OutputCount => Problem.Outputs.Count;

    /// <summary>Number of equations.</summary>
    public int EquationCount => _residuals.Length;

    /// <summary>Per-equation loss weight.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Joins inputs (n x inputs) and outputs (n x outputs) into points (n x variables).</summary>
    public double[] Join(ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputs, int count)
    {
        int d = InputCount, o = OutputCount, v = d + o;
        var points = new double[count * v];
        for (int i = 0; i < count; i++)
        {
            inputs.Slice(i * d, d).CopyTo(points.AsSpan(i * v, d));
            outputs.Slice(i * o, o).CopyTo(points.AsSpan(i * v + d, o));
        }
        return points;
    }

    /// <summary>
    /// Evaluates, for each point and equation (row-major n x equations): the residual lhs - rhs, the term scale S,
    /// optionally the loss scale (user <c>scale:</c> magnitude, else S) and d(residual)/d(output) (n x equations x outputs).
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> points, int count, Span<double> residuals, Span<double> termScales,
        Span<double> lossScales = default, Span<double> outputDerivatives = default)
    {
        int e = EquationCount, o = OutputCount;
        var column = new double[count];
        for (int k = 0; k < e; k++)
        {
            _residuals[k].EvaluateBatch(points, count, column);
            for (int i = 0; i < count; i++) residuals[i * e + k] = column[i];

            var scale = new double[count];
            foreach (var term in _terms[k])
            {
                term.EvaluateBatch(points, count, column);
                for (int i = 0; i < count; i++) scale[i] += Math.Abs(column[i]);
            }
            for (int i = 0; i < count; i++) termScales[i * e + k] = scale[i];

            if (!lossScales.IsEmpty)
            {
                if (_lossScales[k] is { } user)
                {
                    user.EvaluateBatch(points, count, column);
                    for (int i = 0; i < count; i++) lossScales[i * e + k] = Math.Abs(column[i]);
                }
                else
                {
                    for (int i = 0; i < count; i++) lossScales[i * e + k] = scale[i];
                }
            }

            if (!outputDerivatives.IsEmpty)
            {
                for (int j = 0; j < o; j++)
                {
                    _derivatives[k][j].EvaluateBatch(points, count, column);
                    for (int i = 0; i < count; i++) outputDerivatives[(i * e + k) * o + j] = column[i];
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Evaluate"/> at one point (inputs, then outputs), without allocating: each equation's residual, its
    /// term scale S (the terms' magnitudes summed in order from 0, as the batch sums them) and d(residual)/d(output)
    /// (row-major equations x outputs). The same bits as the batch's row.
    /// </summary>
    public void EvaluatePoint(ReadOnlySpan<double> point, Span<double> residuals, Span<double> termScales, Span<double> outputDerivatives)
    {
        int e = EquationCount, o = OutputCount;
        for (int k = 0; k < e; k++)
        {
            residuals[k] = _residuals[k].Evaluate(point);
            double scale = 0;
            foreach (var term in _terms[k]) scale += Math.Abs(term.Evaluate(point));
            termScales[k] = scale;
            for (int j = 0; j < o; j++) outputDerivatives[k * o + j] = _derivatives[k][j].Evaluate(point);
        }
    }

    /// <summary>
    /// The scale-relative error |lhs - rhs| / S of every equation at every point (row-major n x equations), and of
    /// the worst equation per point. 0/0 counts as 0; a residual with S = 0 or a non-finite value counts as +infinity.
    /// </summary>
    public (double[] PerEquation, double[] Overall) ScaleRelativeErrors(ReadOnlySpan<double> points, int count)
    {
        int e = EquationCount;
        var residuals = new double[count * e];
        var scales = new double[count * e];
        Evaluate(points, count, residuals, scales);
        var overall = new double[count];
        for (int i = 0; i < count; i++)
        {
            double worst = 0;
            for (int k = 0; k < e; k++)
            {
                double r = Math.Abs(residuals[i * e + k]), s = scales[i * e + k];
                double v = r == 0 ? 0 : r / s;
                if (!double.IsFinite(v)) v = double.PositiveInfinity;
                residuals[i * e + k] = v;
                worst = Math.Max(worst, v);
            }
            overall[i] = worst;
        }
        return (residuals, overall);
    }
}
