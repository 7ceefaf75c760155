namespace EqNet.Expressions;

/// <summary>A named mathematical constant of the expression language.</summary>
public enum MathConstant
{
    /// <summary><c>pi</c> = 3.14159...</summary>
    Pi,

    /// <summary><c>e</c> (also <c>E</c>, as in sympy) = 2.71828..., the base of the natural logarithm.</summary>
    E,
}
