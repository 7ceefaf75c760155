using System.Reflection;
using System.Runtime.CompilerServices;
using Linq = System.Linq.Expressions;

namespace EqNet.Expressions;

/// <summary>Translates a tree to a System.Linq.Expressions lambda and lets the runtime JIT-compile it.</summary>
internal static class ExpressionCompiler
{
    private static readonly MethodInfo Load = typeof(ExpressionCompiler).GetMethod(nameof(ReadValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo Pow = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo Sign = typeof(ScalarMath).GetMethod(nameof(ScalarMath.Sign), [typeof(double)])!;

    public static CompiledExpression.RowFunction Compile(Expr expr, IReadOnlyDictionary<string, int> index)
    {
        var row = Linq.Expression.Parameter(typeof(double).MakeByRefType(), "row");
        var body = Translate(expr, row, index);
        return Linq.Expression.Lambda<CompiledExpression.RowFunction>(body, row).Compile();
    }

    private static double ReadValue(ref double row, int index) => Unsafe.Add(ref row, index);

    private static Linq.Expression Translate(Expr expr, Linq.ParameterExpression row, IReadOnlyDictionary<string, int> index)
    {
        Linq.Expression Sub(Expr child) => Translate(child, row, index);

        return expr switch
        {
            NumberExpr number => Linq.Expression.Constant(number.Value),
            ConstantExpr constant => Linq.Expression.Constant(constant.Value),
            VariableExpr variable => Linq.Expression.Call(Load, row, Linq.Expression.Constant(index[variable.Name])),
            UnaryExpr unary => Linq.Expression.Negate(Sub(unary.Operand)),
            BinaryExpr binary => binary.Operator switch
            {
                BinaryOperator.Add => Linq.Expression.Add(Sub(binary.Left), Sub(binary.Right)),
                BinaryOperator.Subtract => Linq.Expression.Subtract(Sub(binary.Left), Sub(binary.Right)),
                BinaryOperator.Multiply => Linq.Expression.Multiply(Sub(binary.Left), Sub(binary.Right)),
                BinaryOperator.Divide => Linq.Expression.Divide(Sub(binary.Left), Sub(binary.Right)),
                _ => Linq.Expression.Call(Pow, Sub(binary.Left), Sub(binary.Right)),
            },
            CallExpr call => TranslateCall(call, Sub),
            _ => throw new InvalidOperationException($"unknown expression node {expr.GetType().Name}"),
        };
    }

    private static Linq.Expression TranslateCall(CallExpr call, Func<Expr, Linq.Expression> translate)
    {
        if (call.Function == MathFunction.Where)
        {
            // ScalarMath.Where's test, with only the chosen branch evaluated (as the interpreter does).
            var condition = Linq.Expression.Variable(typeof(double), "condition");
            var holds = Linq.Expression.AndAlso(
                Linq.Expression.NotEqual(condition, Linq.Expression.Constant(0.0)),
                Linq.Expression.Equal(condition, condition));
            return Linq.Expression.Block(
                typeof(double),
                [condition],
                Linq.Expression.Assign(condition, translate(call.Arguments[0])),
                Linq.Expression.Condition(holds, translate(call.Arguments[1]), translate(call.Arguments[2])));
        }

        var result = translate(call.Arguments[0]);
        if (call.Arguments.Count == 1)
        {
            return Linq.Expression.Call(MethodFor(call.Function, 1), result);
        }

        var method = MethodFor(call.Function, 2);
        for (int i = 1; i < call.Arguments.Count; i++)
        {
            result = Linq.Expression.Call(method, result, translate(call.Arguments[i]));
        }

        return result;
    }

    /// <summary>
    /// The same method <see cref="ScalarMath.Apply(MathFunction, double)"/> calls: System.Math's where the enum name
    /// matches one, else ScalarMath's or SpecialFunctions' method of that name.
    /// </summary>
    private static MethodInfo MethodFor(MathFunction function, int arity)
    {
        Type[] parameters = arity == 1 ? [typeof(double)] : [typeof(double), typeof(double)];
        if (function == MathFunction.Sign)
        {
            return Sign;
        }

        return typeof(SpecialFunctions).GetMethod(function.ToString(), BindingFlags.Public | BindingFlags.Static, parameters)
            ?? typeof(ScalarMath).GetMethod(function.ToString(), BindingFlags.Public | BindingFlags.Static, parameters)
            ?? typeof(Math).GetMethod(function.ToString(), parameters)
            ?? throw new InvalidOperationException($"no float64 method for {function}");
    }
}
