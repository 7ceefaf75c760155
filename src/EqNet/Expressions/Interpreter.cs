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
        double result = Evaluate(call.Arguments[0], values);
        if (call.Arguments.Count == 1)
        {
            return ScalarMath.Apply(call.Function, result);
        }

        // min/max of several arguments fold left, in the same order as the compiled code.
        for (int i = 1; i < call.Arguments.Count; i++)
        {
            result = ScalarMath.Apply(call.Function, result, Evaluate(call.Arguments[i], values));
        }

        return result;
    }
}
