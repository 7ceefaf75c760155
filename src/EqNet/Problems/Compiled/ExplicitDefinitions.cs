using EqNet.Expressions;

namespace EqNet.Problems.Compiled;

/// <summary>
/// Outputs that an equation defines outright (<c>y = f(inputs)</c>, either way round): their reference value and the
/// defining equation's term scale can be computed from the inputs alone, for fitting a magnitude and for R^2.
/// </summary>
public sealed class ExplicitDefinitions
{
    private readonly (int Equation, CompiledExpression Value, CompiledExpression[] Terms, int[] Signs)?[] _definitions;
    private readonly Expr?[] _expressions;

    /// <summary>Finds an explicit definition for each output of <paramref name="problem"/>, where there is one.</summary>
    public ExplicitDefinitions(Problem problem)
    {
        var inputs = problem.Inputs.Select(i => i.Name).ToArray();
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet();
        _definitions = new (int, CompiledExpression, CompiledExpression[], int[])?[problem.Outputs.Count];
        _expressions = new Expr?[problem.Outputs.Count];
        for (int j = 0; j < problem.Outputs.Count; j++)
        {
            string name = problem.Outputs[j].Name;
            for (int k = 0; k < problem.Equations.Count && _definitions[j] is null; k++)
            {
                var eq = problem.Equations[k].Equation;
                foreach (var (side, other) in new[] { (eq.Lhs, eq.Rhs), (eq.Rhs, eq.Lhs) })
                {
                    if (side.ToString() != name || other.Variables.Any(outputs.Contains)) continue;
                    var signed = AdditiveTerms.Signed(other);
                    _definitions[j] = (k, other.Compile(inputs), signed.Select(t => t.Term.Compile(inputs)).ToArray(), signed.Select(t => t.Sign).ToArray());
                    _expressions[j] = other;
                    break;
                }
            }
        }
        ExplicitNames = problem.Outputs.Where((_, j) => _definitions[j] is not null).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether output <paramref name="output"/> has an explicit definition.</summary>
    public bool IsExplicit(int output) => _definitions[output] is not null;

    /// <summary>The index (from 0) of the equation defining output <paramref name="output"/>, or null when it has none.</summary>
    public int? DefiningEquation(int output) => _definitions[output]?.Equation;

    /// <summary>The names of the outputs that have an explicit definition.</summary>
    public IReadOnlySet<string> ExplicitNames { get; }

    /// <summary>The expression defining output <paramref name="output"/> (over inputs only), or null when it has none.</summary>
    public Expr? Definition(int output) => _expressions[output];

    /// <summary>Whether every output has one.</summary>
    public bool AllExplicit => _definitions.All(d => d is not null);

    /// <summary>
    /// Reference values (row-major n x outputs) and defining term scales |y| + sum |terms| (same shape) from raw
    /// inputs; NaN for outputs without an explicit definition.
    /// </summary>
    public (double[] Values, double[] TermScales) Evaluate(ReadOnlySpan<double> inputs, int count)
    {
        int o = _definitions.Length;
        var values = new double[count * o];
        var scales = new double[count * o];
        var column = new double[count];
        for (int j = 0; j < o; j++)
        {
            if (_definitions[j] is not { } def)
            {
                for (int i = 0; i < count; i++) values[i * o + j] = scales[i * o + j] = double.NaN;
                continue;
            }
            def.Value.EvaluateBatch(inputs, count, column);
            for (int i = 0; i < count; i++) { values[i * o + j] = column[i]; scales[i * o + j] = Math.Abs(column[i]); }
            foreach (var term in def.Terms)
            {
                term.EvaluateBatch(inputs, count, column);
                for (int i = 0; i < count; i++) scales[i * o + j] += Math.Abs(column[i]);
            }
        }
        return (values, scales);
    }

    /// <summary>
    /// A term that takes both signs over the points is split smoothly, t = (r + t)/2 - (r - t)/2 with
    /// r = sqrt(t^2 + eps^2) and eps this fraction of the median |t|, instead of at the kink of max(t, 0). Measured on
    /// y = b*sin(a) + 1 (60 s): held-out p99 4.9e-4 with max(t, 0); eps 0.01: 2.7e-4; 0.1: 7.5e-5; 0.3: 1.3e-4; 1: 9.5e-5.
    /// </summary>
    public const double SignChangeSmoothing = 0.1;

    /// <summary>
    /// The positive and negative parts (row-major n x outputs, both &gt;= 0) of each explicit definition's terms:
    /// P = sum of max(term, 0), N = sum of max(-term, 0), so the value is P - N; NaN for outputs without one. A term
    /// that changes sign over the points goes to both parts smoothly (see <see cref="SignChangeSmoothing"/>).
    /// </summary>
    public (double[] Positive, double[] Negative) Parts(ReadOnlySpan<double> inputs, int count)
    {
        int o = _definitions.Length;
        var positive = new double[count * o];
        var negative = new double[count * o];
        var column = new double[count];
        for (int j = 0; j < o; j++)
        {
            if (_definitions[j] is not { } def)
            {
                for (int i = 0; i < count; i++) positive[i * o + j] = negative[i * o + j] = double.NaN;
                continue;
            }
            for (int t = 0; t < def.Terms.Length; t++)
            {
                def.Terms[t].EvaluateBatch(inputs, count, column);
                if (def.Signs[t] < 0) for (int i = 0; i < count; i++) column[i] = -column[i];
                if (column.Any(v => v > 0) && column.Any(v => v < 0))
                {
                    double eps = SignChangeSmoothing * column.Select(Math.Abs).Where(double.IsFinite).Order().ElementAtOrDefault(count / 2);
                    for (int i = 0; i < count; i++)
                    {
                        double r = Math.Sqrt(column[i] * column[i] + eps * eps);
                        positive[i * o + j] += (r + column[i]) / 2;
                        negative[i * o + j] += (r - column[i]) / 2;
                    }
                    continue;
                }
                for (int i = 0; i < count; i++)
                {
                    if (column[i] >= 0) positive[i * o + j] += column[i];
                    else if (column[i] < 0) negative[i * o + j] -= column[i];
                    else positive[i * o + j] = negative[i * o + j] = double.NaN;
                }
            }
        }
        return (positive, negative);
    }
}
