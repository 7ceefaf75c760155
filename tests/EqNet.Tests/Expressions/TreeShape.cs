using System.Globalization;
using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

/// <summary>Prints a tree as a fully parenthesised prefix form, independent of the library's printer.</summary>
internal static class TreeShape
{
    public static string Of(Expr expr) => expr switch
    {
        NumberExpr n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        ConstantExpr c => c.Constant.ToString(),
        VariableExpr v => v.Name,
        UnaryExpr u => $"(neg {Of(u.Operand)})",
        BinaryExpr b => $"({Symbol(b.Operator)} {Of(b.Left)} {Of(b.Right)})",
        CallExpr c => $"({c.Name} {string.Join(" ", c.Arguments.Select(Of))})",
        _ => throw new InvalidOperationException(),
    };

    public static string Of(string text) => Of(Expr.Parse(text));

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "^",
    };
}
