using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EqNet.Expressions;

/// <summary>
/// An expression compiled to a JIT-compiled float64 delegate reading its variables from a row of values in a
/// fixed order. Results equal <see cref="Expr.Evaluate"/> bit for bit; NaN and infinity propagate. Thread-safe.
/// </summary>
public sealed class CompiledExpression
{
    private readonly RowFunction function;

    private CompiledExpression(Expr expression, string[] variables, RowFunction function)
    {
        Expression = expression;
        Variables = variables;
        this.function = function;
    }

    /// <summary>The compiled code: reads variable <c>i</c> at offset <c>i</c> from <paramref name="row"/>, a row's first value.</summary>
    /// <param name="row">The first value of the row.</param>
    internal delegate double RowFunction(ref double row);

    /// <summary>The expression that was compiled.</summary>
    public Expr Expression { get; }

    /// <summary>The row layout: value <c>i</c> of a row is the variable <c>Variables[i]</c>.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Evaluates at one point.</summary>
    /// <param name="values">One value per variable, in the order of <see cref="Variables"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have one value per variable.</exception>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        if (values.Length != Variables.Count)
        {
            throw new ArgumentException($"expected {Variables.Count} values ({string.Join(", ", Variables)}), got {values.Length}", nameof(values));
        }

        return function(ref MemoryMarshal.GetReference(values));
    }

    /// <summary>Evaluates at <paramref name="rowCount"/> points stored row-major, one row of <see cref="Variables"/>.Count values per point.</summary>
    /// <param name="rows">At least <c>rowCount * Variables.Count</c> values: point <c>r</c>'s value of variable <c>i</c> is at <c>r * Variables.Count + i</c>.</param>
    /// <param name="rowCount">Number of points.</param>
    /// <param name="output">Receives one value per point; at least <paramref name="rowCount"/> long.</param>
    /// <exception cref="ArgumentException">A span is too short or <paramref name="rowCount"/> is negative.</exception>
    public void EvaluateBatch(ReadOnlySpan<double> rows, int rowCount, Span<double> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        int stride = Variables.Count;
        if ((long)rowCount * stride > rows.Length)
        {
            throw new ArgumentException($"{rowCount} rows of {stride} values need {(long)rowCount * stride} values, got {rows.Length}", nameof(rows));
        }

        if (output.Length < rowCount)
        {
            throw new ArgumentException($"output holds {output.Length} values, fewer than the {rowCount} rows", nameof(output));
        }

        ref double first = ref MemoryMarshal.GetReference(rows);
        for (int r = 0; r < rowCount; r++)
        {
            output[r] = function(ref Unsafe.Add(ref first, r * stride));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Expression.ToString();

    internal static CompiledExpression Create(Expr expression, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string[] layout = [.. variables];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layout.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(layout[i], nameof(variables));
            if (!index.TryAdd(layout[i], i))
            {
                throw new ArgumentException($"variable '{layout[i]}' appears twice in the variable list", nameof(variables));
            }
        }

        foreach (string name in expression.Variables)
        {
            if (!index.ContainsKey(name))
            {
                throw new UnknownVariableException(name, layout);
            }
        }

        return new CompiledExpression(expression, layout, ExpressionCompiler.Compile(expression, index));
    }
}
