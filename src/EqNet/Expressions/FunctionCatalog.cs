using System.Collections.Frozen;

namespace EqNet.Expressions;

/// <summary>Spellings, arities and canonical names of the built-in functions and constants.</summary>
internal static class FunctionCatalog
{
    /// <summary>Arity of min/max has no upper limit.</summary>
    public const int Variadic = int.MaxValue;

    /// <summary>Canonical (printed) name of each function.</summary>
    public static string NameOf(MathFunction function) => function switch
    {
        MathFunction.Exp => "exp",
        MathFunction.Log => "log",
        MathFunction.Log10 => "log10",
        MathFunction.Log2 => "log2",
        MathFunction.Sqrt => "sqrt",
        MathFunction.Sin => "sin",
        MathFunction.Cos => "cos",
        MathFunction.Tan => "tan",
        MathFunction.Asin => "asin",
        MathFunction.Acos => "acos",
        MathFunction.Atan => "atan",
        MathFunction.Sinh => "sinh",
        MathFunction.Cosh => "cosh",
        MathFunction.Tanh => "tanh",
        MathFunction.Asinh => "asinh",
        MathFunction.Acosh => "acosh",
        MathFunction.Atanh => "atanh",
        MathFunction.Abs => "abs",
        MathFunction.Sign => "sign",
        MathFunction.Min => "min",
        MathFunction.Max => "max",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    public static string NameOf(MathConstant constant) => constant switch
    {
        MathConstant.Pi => "pi",
        MathConstant.E => "e",
        _ => throw new ArgumentOutOfRangeException(nameof(constant), constant, null),
    };

    public static int MinArity(MathFunction function) => function is MathFunction.Min or MathFunction.Max ? 2 : 1;

    public static int MaxArity(MathFunction function) => function is MathFunction.Min or MathFunction.Max ? Variadic : 1;

    /// <summary>"one argument" or "two or more arguments", for error messages.</summary>
    public static string ArityText(MathFunction function) =>
        MaxArity(function) == Variadic ? $"{MinArity(function)} or more arguments" : MinArity(function) == 1 ? "1 argument" : $"{MinArity(function)} arguments";

    /// <summary>Every accepted spelling (canonical, numpy and sympy) of every function.</summary>
    public static readonly FrozenDictionary<string, MathFunction> Functions = BuildFunctions();

    /// <summary>Spellings of <c>pow(a, b)</c>, which the parser turns into the power operator.</summary>
    public static readonly FrozenSet<string> PowerSpellings = new[] { "pow", "power", "Pow" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every accepted spelling of every constant.</summary>
    public static readonly FrozenDictionary<string, MathConstant> Constants = new Dictionary<string, MathConstant>(StringComparer.Ordinal)
    {
        ["pi"] = MathConstant.Pi,
        ["e"] = MathConstant.E,
        ["E"] = MathConstant.E,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Module prefixes stripped from pasted Python code: <c>np.exp</c> reads as <c>exp</c>.</summary>
    public static readonly FrozenSet<string> ModulePrefixes = new[] { "np", "numpy", "math", "sp", "sympy" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Canonical function names plus <c>pow</c>, for "known: ..." in error messages.</summary>
    public static string KnownFunctionList { get; } =
        string.Join(", ", Enum.GetValues<MathFunction>().Select(NameOf).Append("pow"));

    private static FrozenDictionary<string, MathFunction> BuildFunctions()
    {
        var map = new Dictionary<string, MathFunction>(StringComparer.Ordinal);
        foreach (var function in Enum.GetValues<MathFunction>())
        {
            map[NameOf(function)] = function;
        }

        map["ln"] = MathFunction.Log;
        map["arcsin"] = MathFunction.Asin;
        map["arccos"] = MathFunction.Acos;
        map["arctan"] = MathFunction.Atan;
        map["arcsinh"] = MathFunction.Asinh;
        map["arccosh"] = MathFunction.Acosh;
        map["arctanh"] = MathFunction.Atanh;
        map["Abs"] = MathFunction.Abs;
        map["fabs"] = MathFunction.Abs;
        map["absolute"] = MathFunction.Abs;
        map["Min"] = MathFunction.Min;
        map["minimum"] = MathFunction.Min;
        map["fmin"] = MathFunction.Min;
        map["Max"] = MathFunction.Max;
        map["maximum"] = MathFunction.Max;
        map["fmax"] = MathFunction.Max;
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
