namespace EqNet.Engine.Ops;

/// <summary>Elementwise binary operators of <see cref="BinaryNode{T}"/>.</summary>
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
}
