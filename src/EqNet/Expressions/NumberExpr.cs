namespace EqNet.Expressions;

/// <summary>A finite float64 literal.</summary>
public sealed class NumberExpr : Expr
{
    /// <summary>Creates the literal <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite (it could not be printed and parsed back).</exception>
    public NumberExpr(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a number literal must be finite");
        }

        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override bool Equals(Expr? other) => other is NumberExpr n && n.Value.Equals(Value);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}
