namespace EqNet.Expressions;

/// <summary>Collects the variable names of a tree.</summary>
internal static class VariableCollector
{
    public static IReadOnlySet<string> Collect(Expr expr)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Visit(expr, names);
        return names;
    }

    private static void Visit(Expr expr, SortedSet<string> names)
    {
        switch (expr)
        {
            case VariableExpr variable:
                names.Add(variable.Name);
                break;
            case UnaryExpr unary:
                names.UnionWith(unary.Operand.Variables);
                break;
            case BinaryExpr binary:
                names.UnionWith(binary.Left.Variables);
                names.UnionWith(binary.Right.Variables);
                break;
            case CallExpr call:
                foreach (var argument in call.Arguments)
                {
                    names.UnionWith(argument.Variables);
                }

                break;
        }
    }
}
