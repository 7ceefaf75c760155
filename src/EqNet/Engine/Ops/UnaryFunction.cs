namespace EqNet.Engine.Ops;

/// <summary>The elementwise functions of <see cref="UnaryNode{T}"/>.</summary>
public enum UnaryFunction
{
    /// <summary>tanh(x); derivative 1 - y^2.</summary>
    Tanh,

    /// <summary>1 / (1 + exp(-x)); derivative y (1 - y).</summary>
    Sigmoid,

    /// <summary>log(1 + exp(x)); derivative sigmoid(x).</summary>
    Softplus,

    /// <summary>x sigmoid(x); derivative s (1 + x (1 - s)).</summary>
    SiLU,

    /// <summary>exp(x); derivative y.</summary>
    Exp,

    /// <summary>log(x); derivative 1 / x.</summary>
    Log,

    /// <summary>sqrt(x); derivative 1 / (2 y).</summary>
    Sqrt,

    /// <summary>sin(x); derivative cos(x).</summary>
    Sin,

    /// <summary>cos(x); derivative -sin(x).</summary>
    Cos,

    /// <summary>|x|; derivative sign(x).</summary>
    Abs,

    /// <summary>x^2; derivative 2 x.</summary>
    Square,

    /// <summary>x^c for a constant c; derivative c x^(c - 1).</summary>
    Power,
}
