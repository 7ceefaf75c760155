namespace EqNet.Expressions;

/// <summary>Replaces variables by expressions, rebuilding only the nodes that change.</summary>
internal static class Substituter
{
    public static Expr Substitute(Expr expr, IReadOnlyDictionary<string, Expr> map)
    {
        switch (expr)
        {
            case VariableExpr variable:
                return map.TryGetValue(variable.Name, out var replacement)
                    ? replacement ?? throw new ArgumentException($"the replacement for '{variable.Name}' is null", nameof(map))
                    : expr;
            case UnaryExpr unary:
                var operand = Substitute(unary.Operand, map);
                return ReferenceEquals(operand, unary.Operand) ? expr : new UnaryExpr(unary.Operator, operand);
            case BinaryExpr binary:
                var left = Substitute(binary.Left, map);
                var right = Substitute(binary.Right, map);
                return ReferenceEquals(left, binary.Left) && ReferenceEquals(right, binary.Right)
                    ? expr
                    : new BinaryExpr(binary.Operator, left, right);
            case CallExpr call:
                var arguments = call.Arguments.Select(a => Substitute(a, map)).ToArray();
                return arguments.Where((a, i) => !ReferenceEquals(a, call.Arguments[i])).Any()
                    ? new CallExpr(call.Function, arguments)
                    : expr;
            default:
                return expr;
        }
    }
}
