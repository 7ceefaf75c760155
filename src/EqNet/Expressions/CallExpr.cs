namespace EqNet.Expressions;

/// <summary>A call of a built-in function, e.g. <c>exp(x)</c> or <c>max(a, b, c)</c>.</summary>
public sealed class CallExpr : Expr
{
    private readonly Expr[] arguments;

    /// <summary>Creates <c><paramref name="function"/>(<paramref name="arguments"/>)</c>.</summary>
    /// <exception cref="ArgumentException">The number of arguments does not suit the function.</exception>
    public CallExpr(MathFunction function, params IReadOnlyList<Expr> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!Enum.IsDefined(function))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "unknown function");
        }

        if (arguments.Count < FunctionCatalog.MinArity(function) || arguments.Count > FunctionCatalog.MaxArity(function))
        {
            throw new ArgumentException($"{FunctionCatalog.NameOf(function)} takes {FunctionCatalog.ArityText(function)}, not {arguments.Count}", nameof(arguments));
        }

        this.arguments = [.. arguments];
        if (Array.IndexOf(this.arguments, null) >= 0)
        {
            throw new ArgumentException("an argument is null", nameof(arguments));
        }

        Function = function;
    }

    /// <summary>The function.</summary>
    public MathFunction Function { get; }

    /// <summary>The function's canonical name, as printed (<c>log</c> for <c>ln</c>, <c>abs</c> for <c>Abs</c>).</summary>
    public string Name => FunctionCatalog.NameOf(Function);

    /// <summary>The arguments, at least one (two for <c>min</c>/<c>max</c>).</summary>
    public IReadOnlyList<Expr> Arguments => arguments;

    /// <inheritdoc/>
    public override bool Equals(Expr? other) =>
        other is CallExpr c && c.Function == Function && c.arguments.AsSpan().SequenceEqual(arguments);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Function);
        foreach (var argument in arguments)
        {
            hash.Add(argument);
        }

        return hash.ToHashCode();
    }
}
