using EqNet.Expressions;

namespace EqNet.Problems.Compiled;

/// <summary>
/// Outputs that an equation defines outright (<c>y = f(inputs)</c>, either way round): their reference value and the
/// defining equation's term scale can be computed from the inputs alone, for fitting a magnitude and for R^2.
/// </summary>
public sealed class ExplicitDefinitions
{
    private readonly (int Equation, CompiledExpression Value, CompiledExpression[] Terms)?[] _definitions;

    /// <summary>Finds an explicit definition for each output of <paramref name="problem"/>, where there is one.</summary>
    public ExplicitDefinitions(Problem problem)
    {
        var inputs = problem.Inputs.Select(i => i.Name).ToArray();
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet();
        _definitions = new (int, CompiledExpression, CompiledExpression[])?[problem.Outputs.Count];
        for (int j = 0; j < problem.Outputs.Count; j++)
        {
            string name = problem.Outputs[j].Name;
            for (int k = 0; k < problem.Equations.Count && _definitions[j] is null; k++)
            {
                var eq = problem.Equations[k].Equation;
                foreach (var (side, other) in new[] { (eq.Lhs, eq.Rhs), (eq.Rhs, eq.Lhs) })
                {
                    if (side.ToString() != name || other.Variables.Any(outputs.Contains)) continue;
                    _definitions[j] = (k, other.Compile(inputs), AdditiveTerms.Of(other).Select(t => t.Compile(inputs)).ToArray());
                    break;
                }
            }
        }
    }

    /// <summary>Whether output <paramref name="output"/> has an explicit definition.</summary>
    public bool IsExplicit(int output) => _definitions[output] is not null;

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
}
