namespace EqNet.Expressions;

/// <summary>Tree-walking float64 evaluation; the reference the compiled delegates must match bit for bit.</summary>
internal static class Interpreter
{
    public static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> values) => expr switch
    {
        NumberExpr number => number.Value,
        ConstantExpr constant => constant.Value,
        VariableExpr variable => values.TryGetValue(variable.Name, out double value)
            ? value
            : throw new UnknownVariableException(variable.Name, values.Keys.Order(StringComparer.Ordinal)),
        UnaryExpr unary => -Evaluate(unary.Operand, values),
        BinaryExpr binary => Apply(binary.Operator, Evaluate(binary.Left, values), Evaluate(binary.Right, values)),
        CallExpr call => Call(call, values),
        _ => throw new InvalidOperationException($"unknown expression node {expr.GetType().Name}"),
    };

    public static double Apply(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Divide => a / b,
        BinaryOperator.Power => Math.Pow(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static double Call(CallExpr call, IReadOnlyDictionary<string, double> values)
    {
        if (call.Function == MathFunction.Where)
        {
            // Only the chosen branch is evaluated, as in the compiled code.
            return Evaluate(call.Arguments[0], values) is var condition && condition != 0 && !double.IsNaN(condition)
                ? Evaluate(call.Arguments[1], values)
                : Evaluate(call.Arguments[2], values);
        }

        Span<double> arguments = stackalloc double[Math.Min(call.Arguments.Count, 16)];
        if (call.Arguments.Count > arguments.Length)
        {
            arguments = new double[call.Arguments.Count];
        }

        for (int i = 0; i < call.Arguments.Count; i++)
        {
            arguments[i] = Evaluate(call.Arguments[i], values);
        }

        return ScalarMath.Apply(call.Function, arguments);
    }
}
