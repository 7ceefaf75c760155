using System.Globalization;
using System.Text;

namespace EqNet.Expressions;

/// <summary>
/// Prints a tree with the fewest parentheses that make <see cref="Parser"/> read back the same tree, plus
/// parentheses around a negative right operand of + - * / for readability (<c>a - (-b)</c>, not <c>a - -b</c>).
/// The power operator is printed <c>**</c>, which also means power in Python (where <c>^</c> is xor).
/// </summary>
internal static class Printer
{
    private const int SumLevel = 1;
    private const int ProductLevel = 2;
    private const int UnaryLevel = 3;
    private const int PowerLevel = 4;
    private const int AtomLevel = 5;

    public static string Print(Expr expr)
    {
        var builder = new StringBuilder();
        Write(builder, expr);
        return builder.ToString();
    }

    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int Level(Expr expr) => expr switch
    {
        NumberExpr n => IsNegative(n.Value) ? UnaryLevel : AtomLevel,
        UnaryExpr => UnaryLevel,
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => SumLevel,
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } => ProductLevel,
        BinaryExpr => PowerLevel,
        _ => AtomLevel,
    };

    private static bool IsNegative(double value) => double.IsNegative(value);

    private static void Write(StringBuilder builder, Expr expr)
    {
        switch (expr)
        {
            case NumberExpr number:
                builder.Append(FormatNumber(number.Value));
                break;
            case ConstantExpr constant:
                builder.Append(FunctionCatalog.NameOf(constant.Constant));
                break;
            case VariableExpr variable:
                builder.Append(variable.Name);
                break;
            case UnaryExpr unary:
                builder.Append('-');

                // "-(2)" keeps a negation of a literal distinct from the literal -2; "-(-x)" avoids "--x".
                var operand = unary.Operand;
                WriteOperand(builder, operand, Level(operand) <= UnaryLevel || operand is NumberExpr);
                break;
            case BinaryExpr binary:
                WriteBinary(builder, binary);
                break;
            case CallExpr call:
                builder.Append(call.Name).Append('(');
                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ", ");
                    if (i == 0 && call.Function == MathFunction.Where && call.Arguments[0] is CallExpr comparison && FunctionCatalog.IsComparison(comparison.Function))
                    {
                        // where's condition in numpy's spelling: where(x < 1, a, b).
                        Write(builder, comparison.Arguments[0]);
                        builder.Append(' ').Append(FunctionCatalog.ComparisonSymbol(comparison.Function)).Append(' ');
                        Write(builder, comparison.Arguments[1]);
                    }
                    else
                    {
                        Write(builder, call.Arguments[i]);
                    }
                }

                builder.Append(call.Function == MathFunction.LambertWm1 ? ", -1)" : ")");
                break;
            default:
                throw new InvalidOperationException($"unknown expression node {expr.GetType().Name}");
        }
    }

    private static void WriteBinary(StringBuilder builder, BinaryExpr binary)
    {
        int level = Level(binary);
        int left = Level(binary.Left);
        int right = Level(binary.Right);
        if (binary.Operator == BinaryOperator.Power)
        {
            // Right-associative, and the exponent is a unary expression: a**b**c, 2**-1, (-2)**x, (a**b)**c.
            WriteOperand(builder, binary.Left, left <= PowerLevel);
            builder.Append("**");
            WriteOperand(builder, binary.Right, right < UnaryLevel);
            return;
        }

        WriteOperand(builder, binary.Left, left < level);
        builder.Append(binary.Operator switch
        {
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Multiply => "*",
            _ => "/",
        });
        WriteOperand(builder, binary.Right, right <= level || right == UnaryLevel);
    }

    private static void WriteOperand(StringBuilder builder, Expr operand, bool parenthesize)
    {
        if (parenthesize)
        {
            builder.Append('(');
        }

        Write(builder, operand);
        if (parenthesize)
        {
            builder.Append(')');
        }
    }
}
