namespace EqNet.Expressions;

/// <summary>The built-in functions: name, arity, value and derivative (each next to the other).</summary>
internal static class Functions
{
    /// <summary>One function: its value, and d f(a)/da as an expression of the argument a (one-argument functions).</summary>
    internal sealed record Definition(string Name, int Arity, Func<double[], double> Value, Func<Expr, Expr>? Derivative);

    private static Expr N(double v) => new Number(v);

    private static Expr Mul(Expr a, Expr b) => new Binary(BinaryOperator.Multiply, a, b);

    private static Expr Div(Expr a, Expr b) => new Binary(BinaryOperator.Divide, a, b);

    private static Expr Sub(Expr a, Expr b) => new Binary(BinaryOperator.Subtract, a, b);

    private static Expr Add(Expr a, Expr b) => new Binary(BinaryOperator.Add, a, b);

    private static Expr Sq(Expr a) => new Binary(BinaryOperator.Power, a, N(2));

    private static Expr F(string name, Expr a) => new Call(name, [a]);

    private static readonly Definition[] All =
    [
        new("exp", 1, a => Math.Exp(a[0]), a => F("exp", a)),
        new("log", 1, a => Math.Log(a[0]), a => Div(N(1), a)),
        new("log10", 1, a => Math.Log10(a[0]), a => Div(N(1), Mul(a, N(Math.Log(10))))),
        new("log2", 1, a => Math.Log2(a[0]), a => Div(N(1), Mul(a, N(Math.Log(2))))),
        new("sqrt", 1, a => Math.Sqrt(a[0]), a => Div(N(0.5), F("sqrt", a))),
        new("sin", 1, a => Math.Sin(a[0]), a => F("cos", a)),
        new("cos", 1, a => Math.Cos(a[0]), a => new Negate(F("sin", a))),
        new("tan", 1, a => Math.Tan(a[0]), a => Div(N(1), Sq(F("cos", a)))),
        new("asin", 1, a => Math.Asin(a[0]), a => Div(N(1), F("sqrt", Sub(N(1), Sq(a))))),
        new("acos", 1, a => Math.Acos(a[0]), a => new Negate(Div(N(1), F("sqrt", Sub(N(1), Sq(a)))))),
        new("atan", 1, a => Math.Atan(a[0]), a => Div(N(1), Add(N(1), Sq(a)))),
        new("sinh", 1, a => Math.Sinh(a[0]), a => F("cosh", a)),
        new("cosh", 1, a => Math.Cosh(a[0]), a => F("sinh", a)),
        new("tanh", 1, a => Math.Tanh(a[0]), a => Sub(N(1), Sq(F("tanh", a)))),
        new("asinh", 1, a => Math.Asinh(a[0]), a => Div(N(1), F("sqrt", Add(Sq(a), N(1))))),
        new("acosh", 1, a => Math.Acosh(a[0]), a => Div(N(1), F("sqrt", Sub(Sq(a), N(1))))),
        new("atanh", 1, a => Math.Atanh(a[0]), a => Div(N(1), Sub(N(1), Sq(a)))),
        new("abs", 1, a => Math.Abs(a[0]), a => F("sign", a)),
        new("sign", 1, a => Kernels.Sign(a[0]), a => N(0)),
        new("step", 1, a => Kernels.Step(a[0]), a => N(0)),
        new("min", 2, a => Math.Min(a[0], a[1]), null),
        new("max", 2, a => Math.Max(a[0], a[1]), null),
    ];

    private static readonly Dictionary<string, Definition> ByName = All.ToDictionary(d => d.Name);

    /// <summary>Other spellings (numpy, sympy) and the function each stands for.</summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["ln"] = "log", ["arcsin"] = "asin", ["arccos"] = "acos", ["arctan"] = "atan", ["arcsinh"] = "asinh",
        ["arccosh"] = "acosh", ["arctanh"] = "atanh", ["Abs"] = "abs", ["absolute"] = "abs", ["Min"] = "min", ["Max"] = "max",
        ["minimum"] = "min", ["maximum"] = "max", ["Heaviside"] = "step",
    };

    /// <summary>Names that are functions (including <c>pow</c> and aliases): reserved, not usable as variables.</summary>
    public static IEnumerable<string> ReservedNames => ByName.Keys.Concat(Aliases.Keys).Append("pow");

    /// <summary>Canonical names, for error messages.</summary>
    public static string KnownList => string.Join(", ", All.Select(d => d.Name).Append("pow").Order(StringComparer.Ordinal));

    /// <summary>Resolves a name or alias to its canonical function name, or null.</summary>
    public static string? Resolve(string name) =>
        ByName.ContainsKey(name) ? name : Aliases.TryGetValue(name, out var canonical) ? canonical : name == "pow" ? "pow" : null;

    public static Definition Get(string name) => ByName[name];
}

/// <summary>Helpers called by compiled expressions.</summary>
public static class Kernels
{
    /// <summary>-1, 0 or 1 (NaN stays NaN).</summary>
    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    /// <summary>1 for x &gt;= 0, else 0: the derivative selector of min and max.</summary>
    public static double Step(double x) => x >= 0 ? 1 : double.IsNaN(x) ? double.NaN : 0;
}
