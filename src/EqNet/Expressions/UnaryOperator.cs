namespace EqNet.Expressions;

/// <summary>The operator of a <see cref="UnaryExpr"/>.</summary>
public enum UnaryOperator
{
    /// <summary><c>-a</c>.</summary>
    Negate,
}
