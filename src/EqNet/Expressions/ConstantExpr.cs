namespace EqNet.Expressions;

/// <summary>A named constant, <c>pi</c> or <c>e</c>, kept by name so that it prints as written.</summary>
public sealed class ConstantExpr : Expr
{
    /// <summary>Creates the constant <paramref name="constant"/>.</summary>
    public ConstantExpr(MathConstant constant)
    {
        if (!Enum.IsDefined(constant))
        {
            throw new ArgumentOutOfRangeException(nameof(constant), constant, "unknown constant");
        }

        Constant = constant;
    }

    /// <summary>Which constant.</summary>
    public MathConstant Constant { get; }

    /// <summary>Its float64 value.</summary>
    public double Value => ScalarMath.Value(Constant);

    /// <inheritdoc/>
    public override bool Equals(Expr? other) => other is ConstantExpr c && c.Constant == Constant;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(typeof(ConstantExpr), Constant);
}
