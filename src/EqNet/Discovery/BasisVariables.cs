using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Discovery;

/// <summary>
/// The quantities a power-law monomial is built from: every input, and for an input whose bound uses other inputs
/// the distance to that bound (<c>max - x</c> or <c>x - min</c>), since laws often depend on it (the seed's
/// <c>x1 - x2</c>). A quantity that is positive on the whole sample may take fractional and negative exponents; any
/// other only whole non-negative ones.
/// </summary>
public sealed class BasisVariables
{
    private readonly CompiledExpression[] _compiled;

    /// <summary>Builds the basis of <paramref name="problem"/>, judging positivity on <paramref name="inputs"/> (row-major).</summary>
    public BasisVariables(Problem problem, ReadOnlySpan<double> inputs, int count)
        : this(problem.InputNames, Quantities(problem), inputs, count)
    {
    }

    /// <summary>The basis of independent variables <paramref name="names"/> (no bounds that use others): the variables themselves.</summary>
    public BasisVariables(IReadOnlyList<string> names, ReadOnlySpan<double> inputs, int count)
        : this(names, [.. names.Select(n => (Expr)new VariableExpr(n))], inputs, count)
    {
    }

    private BasisVariables(IReadOnlyList<string> names, List<Expr> exprs, ReadOnlySpan<double> inputs, int count)
    {
        Expressions = exprs;
        _compiled = exprs.Select(e => e.Compile(names)).ToArray();
        var values = Evaluate(inputs, count);
        int b = exprs.Count;
        Positive = Enumerable.Range(0, b).Select(k =>
        {
            for (int i = 0; i < count; i++)
                if (!(values[i * b + k] > 0)) return false;
            return true;
        }).ToArray();
    }

    private static List<Expr> Quantities(Problem problem)
    {
        var exprs = new List<Expr>();
        foreach (var input in problem.Inputs)
        {
            var x = new VariableExpr(input.Name);
            exprs.Add(x);
            if (input.Max.Variables.Count > 0) exprs.Add((input.Max - x).Simplify());
            if (input.Min.Variables.Count > 0) exprs.Add((x - input.Min).Simplify());
        }
        return exprs;
    }

    /// <summary>Each basis quantity as an expression of the inputs.</summary>
    public IReadOnlyList<Expr> Expressions { get; }

    /// <summary>Whether each quantity is positive on the sample it was built from.</summary>
    public IReadOnlyList<bool> Positive { get; }

    /// <summary>Number of quantities.</summary>
    public int Count => Expressions.Count;

    /// <summary>The quantities at raw input rows (row-major count x <see cref="Count"/>).</summary>
    public double[] Evaluate(ReadOnlySpan<double> inputs, int count)
    {
        int b = _compiled.Length;
        var values = new double[count * b];
        var column = new double[count];
        for (int k = 0; k < b; k++)
        {
            _compiled[k].EvaluateBatch(inputs, count, column);
            for (int i = 0; i < count; i++) values[i * b + k] = column[i];
        }
        return values;
    }
}
