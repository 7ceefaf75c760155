namespace EqNet.Expressions;

/// <summary>The binary operators of the language.</summary>
public enum BinaryOperator
{
    /// <summary>a + b</summary>
    Add,

    /// <summary>a - b</summary>
    Subtract,

    /// <summary>a * b</summary>
    Multiply,

    /// <summary>a / b</summary>
    Divide,

    /// <summary>a ^ b (also written a ** b), right-associative.</summary>
    Power,
}
