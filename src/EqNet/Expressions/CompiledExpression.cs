using System.Buffers;
using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>An expression compiled to a JIT'd delegate over a row of values in a fixed variable order.</summary>
public sealed class CompiledExpression
{
    private readonly Func<double[], int, double> _row;

    internal CompiledExpression(Expr expression, IReadOnlyList<string> variables)
    {
        Expression = expression;
        Variables = variables.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Variables.Count; i++) index.TryAdd(Variables[i], i);
        var unknown = expression.Variables.Where(v => !index.ContainsKey(v)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"'{expression}' uses {string.Join(", ", unknown.Select(u => $"'{u}'"))}, not among the variables ({string.Join(", ", Variables)})");
        var data = LinqExpression.Parameter(typeof(double[]), "data");
        var offset = LinqExpression.Parameter(typeof(int), "offset");
        var body = expression.ToLinq(name => LinqExpression.ArrayIndex(data, LinqExpression.Add(offset, LinqExpression.Constant(index[name]))));
        _row = LinqExpression.Lambda<Func<double[], int, double>>(body, data, offset).Compile();
    }

    /// <summary>The expression compiled.</summary>
    public Expr Expression { get; }

    /// <summary>Variable order of a row.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Evaluates one row of values (in <see cref="Variables"/> order).</summary>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(1, Variables.Count));
        try
        {
            values[..Variables.Count].CopyTo(buffer);
            return _row(buffer, 0);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Evaluates <paramref name="rowCount"/> rows (row-major, <see cref="Variables"/> wide) into <paramref name="output"/>.</summary>
    public void EvaluateBatch(ReadOnlySpan<double> rows, int rowCount, Span<double> output)
    {
        int width = Variables.Count;
        if (width == 0)
        {
            output[..rowCount].Fill(_row([], 0));
            return;
        }
        var buffer = ArrayPool<double>.Shared.Rent(rowCount * width);
        try
        {
            rows[..(rowCount * width)].CopyTo(buffer);
            for (int r = 0; r < rowCount; r++) output[r] = _row(buffer, r * width);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
