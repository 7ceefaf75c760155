namespace EqNet.Expressions;

/// <summary>Binding strengths for printing with minimal parentheses.</summary>
internal static class Precedences
{
    public const int Additive = 1;
    public const int Multiplicative = 2;
    public const int Unary = 3;
    public const int Power = 4;
    public const int Atom = 5;
}
