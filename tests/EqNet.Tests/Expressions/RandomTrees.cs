using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

/// <summary>Random expression trees over the variables a, b, c, for round-trip and compiler tests.</summary>
internal static class RandomTrees
{
    public static readonly string[] Variables = ["a", "b", "c"];

    public static Expr Build(Random random, int depth)
    {
        if (depth == 0 || random.Next(4) == 0)
        {
            return random.Next(4) switch
            {
                0 => new NumberExpr(Math.Round((random.NextDouble() - 0.3) * 10, random.Next(4))),
                1 => new ConstantExpr(random.Next(2) == 0 ? MathConstant.Pi : MathConstant.E),
                _ => new VariableExpr(Variables[random.Next(Variables.Length)]),
            };
        }

        switch (random.Next(7))
        {
            case 0:
                return new UnaryExpr(UnaryOperator.Negate, Build(random, depth - 1));
            case 1:
                var functions = Enum.GetValues<MathFunction>();
                var function = functions[random.Next(functions.Length)];
                int count = FunctionCatalog.MaxArity(function) == FunctionCatalog.Variadic ? 2 + random.Next(2) : FunctionCatalog.MinArity(function);
                return new CallExpr(function, [.. Enumerable.Range(0, count).Select(_ => Build(random, depth - 1))]);
            default:
                var op = (BinaryOperator)random.Next(5);
                return new BinaryExpr(op, Build(random, depth - 1), Build(random, depth - 1));
        }
    }
}
