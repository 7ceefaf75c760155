namespace EqNet.Expressions;

/// <summary>A unary operation, <c>-operand</c>.</summary>
public sealed class UnaryExpr : Expr
{
    /// <summary>Creates <paramref name="op"/> applied to <paramref name="operand"/>.</summary>
    public UnaryExpr(UnaryOperator op, Expr operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "unknown unary operator");
        }

        Operator = op;
        Operand = operand;
    }

    /// <summary>The operator.</summary>
    public UnaryOperator Operator { get; }

    /// <summary>The operand.</summary>
    public Expr Operand { get; }

    /// <inheritdoc/>
    public override bool Equals(Expr? other) => other is UnaryExpr u && u.Operator == Operator && u.Operand.Equals(Operand);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(UnaryExpr), Operator, Operand);
}
