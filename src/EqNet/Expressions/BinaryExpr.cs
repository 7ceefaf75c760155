namespace EqNet.Expressions;

/// <summary>A binary operation, <c>left op right</c>.</summary>
public sealed class BinaryExpr : Expr
{
    /// <summary>Creates <c><paramref name="left"/> <paramref name="op"/> <paramref name="right"/></c>.</summary>
    public BinaryExpr(BinaryOperator op, Expr left, Expr right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "unknown binary operator");
        }

        Operator = op;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; }

    /// <summary>The left operand (the base, for <see cref="BinaryOperator.Power"/>).</summary>
    public Expr Left { get; }

    /// <summary>The right operand (the exponent, for <see cref="BinaryOperator.Power"/>).</summary>
    public Expr Right { get; }

    /// <inheritdoc/>
    public override bool Equals(Expr? other) =>
        other is BinaryExpr b && b.Operator == Operator && b.Left.Equals(Left) && b.Right.Equals(Right);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Operator, Left, Right);
}
