namespace EqNet.Expressions;

/// <summary>Bottom-up constant folding and removal of trivial operations.</summary>
internal static class Simplifier
{
    public static Expr Simplify(Expr e) => e switch
    {
        Binary b => Binary(b.Operator, Simplify(b.Left), Simplify(b.Right)),
        Negate n => Negate(Simplify(n.Operand)),
        Call c => Call(c with { Arguments = [.. c.Arguments.Select(Simplify)] }),
        _ => e,
    };

    private static Expr Negate(Expr operand) => operand switch
    {
        Number n => new Number(-n.Value),
        Negate inner => inner.Operand,
        _ => new Negate(operand),
    };

    private static Expr Call(Call c) =>
        c.Arguments.All(a => a is Number) ? new Number(c.Evaluate(new Dictionary<string, double>())) : c;

    private static Expr Binary(BinaryOperator op, Expr a, Expr b)
    {
        if (a is Number x && b is Number y) return new Number(Expressions.Binary.Apply(op, x.Value, y.Value));
        return op switch
        {
            BinaryOperator.Add when Is(a, 0) => b,
            BinaryOperator.Add when Is(b, 0) => a,
            BinaryOperator.Add when b is Negate nb => new Binary(BinaryOperator.Subtract, a, nb.Operand),
            BinaryOperator.Subtract when Is(b, 0) => a,
            BinaryOperator.Subtract when Is(a, 0) => Negate(b),
            BinaryOperator.Multiply when Is(a, 0) || Is(b, 0) => new Number(0),
            BinaryOperator.Multiply when Is(a, 1) => b,
            BinaryOperator.Multiply when Is(b, 1) => a,
            BinaryOperator.Multiply when Is(a, -1) => Negate(b),
            BinaryOperator.Multiply when Is(b, -1) => Negate(a),
            BinaryOperator.Divide when Is(b, 1) => a,
            BinaryOperator.Divide when Is(a, 0) => new Number(0),
            BinaryOperator.Power when Is(b, 1) => a,
            BinaryOperator.Power when Is(b, 0) => new Number(1),
            _ => new Binary(op, a, b),
        };
    }

    private static bool Is(Expr e, double value) => e is Number n && n.Value == value;
}
