using CsCheck;
using EqNet.Expressions;

namespace EqNet.Tests.Fuzzing;

/// <summary>
/// CsCheck generators for the fuzz properties, and how many cases each runs: a few thousand in CI;
/// <c>EQNET_FUZZ_COUNT=N</c> runs N per property by hand (docs/robustness.md).
/// </summary>
internal static class FuzzGens
{
    public static readonly string[] Variables = ["a", "b", "c"];

    /// <summary>Cases per property: EQNET_FUZZ_COUNT, else <paramref name="ci"/>.</summary>
    public static long Count(long ci) =>
        long.TryParse(Environment.GetEnvironmentVariable("EQNET_FUZZ_COUNT"), out long n) && n > 0 ? n : ci;

    /// <summary>Seed: EQNET_FUZZ_SEED (CsCheck's seed text, printed with a failure), else a fixed one so CI is deterministic.</summary>
    public static string Seed(string ci) => Environment.GetEnvironmentVariable("EQNET_FUZZ_SEED") ?? ci;

    /// <summary>Threads CsCheck may use: one in CI (the machine is shared), all of them by hand.</summary>
    public static int Threads => Environment.GetEnvironmentVariable("EQNET_FUZZ_COUNT") is null ? 1 : -1;

    private static readonly Gen<Expr> Leaf = Gen.Frequency(
        (3, Gen.Int[0, 40].Select(i => (Expr)new NumberExpr(i / 4.0))),
        (1, Gen.OneOf<Expr>(new ConstantExpr(MathConstant.Pi), new ConstantExpr(MathConstant.E))),
        (5, Gen.OneOf(Variables).Select(v => (Expr)new VariableExpr(v))));

    private static readonly MathFunction[] Unary = Enum.GetValues<MathFunction>().Where(f => FunctionCatalog.MaxArity(f) == 1).ToArray();

    /// <summary>Random valid expression trees over a, b, c, up to depth 5.</summary>
    public static readonly Gen<Expr> Tree = Gen.Recursive<Expr>((depth, tree) => depth >= 5
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, tree.Select(e => (Expr)new UnaryExpr(UnaryOperator.Negate, e))),
            (2, Gen.Select(Gen.OneOf(Unary), tree, (f, e) => (Expr)new CallExpr(f, new[] { e }))),
            (1, Gen.Select(Gen.OneOf(MathFunction.Min, MathFunction.Max), tree, tree, (f, x, y) => (Expr)new CallExpr(f, new[] { x, y }))),
            (5, Gen.Select(Gen.Enum<BinaryOperator>(), tree, tree, (op, x, y) => (Expr)new BinaryExpr(op, x, y)))));

    /// <summary>A point with a, b, c in [0.1, 3].</summary>
    public static readonly Gen<double[]> Point = Gen.Double[0.1, 3].Array[3];

    private static readonly string[] Tokens =
    [
        "a", "b", "x1", "_", "E", "e", "pi", "exp", "sin", "log", "min", "max", "pow", "Abs", "np.", "math.", "sqrt", "gamma",
        "0", "1", "2.5", ".5", "5.", "1e-6", "1e308", "1e999", "2E+3", "1e", "0x1",
        "+", "-", "*", "/", "^", "**", "(", ")", ",", "=", "==", " ", "\t", "\n", ".", "#", "$", "é", "\u00b2", "\0", "'", "\"",
    ];

    /// <summary>Strings made of the language's tokens (and a few foreign characters) in random order.</summary>
    public static readonly Gen<string> TokenSoup = Gen.OneOf(Tokens).Array[0, 24].Select(t => string.Concat(t));

    /// <summary>Arbitrary strings, any character.</summary>
    public static readonly Gen<string> AnyString = Gen.String;
}
