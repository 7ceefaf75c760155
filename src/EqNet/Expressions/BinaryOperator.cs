namespace EqNet.Expressions;

/// <summary>The operator of a <see cref="BinaryExpr"/>.</summary>
public enum BinaryOperator
{
    /// <summary><c>a + b</c>.</summary>
    Add,

    /// <summary><c>a - b</c>.</summary>
    Subtract,

    /// <summary><c>a * b</c>.</summary>
    Multiply,

    /// <summary><c>a / b</c>.</summary>
    Divide,

    /// <summary><c>a ^ b</c> (also written <c>a ** b</c> or <c>pow(a, b)</c>).</summary>
    Power,
}
