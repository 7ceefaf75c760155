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
        MathFunction.Erf => "erf",
        MathFunction.Erfc => "erfc",
        MathFunction.ErfInv => "erfinv",
        MathFunction.Gamma => "gamma",
        MathFunction.LogGamma => "lgamma",
        MathFunction.Beta => "beta",
        MathFunction.Polygamma => "polygamma",
        MathFunction.BesselJ => "besselj",
        MathFunction.BesselY => "bessely",
        MathFunction.BesselI => "besseli",
        MathFunction.BesselK => "besselk",
        MathFunction.LambertW or MathFunction.LambertWm1 => "lambertw",
        MathFunction.Expm1 => "expm1",
        MathFunction.Log1p => "log1p",
        MathFunction.Hypot => "hypot",
        MathFunction.Atan2 => "atan2",
        MathFunction.Cbrt => "cbrt",
        MathFunction.Sinc => "sinc",
        MathFunction.Where => "where",
        MathFunction.Less => "less",
        MathFunction.LessEqual => "less_equal",
        MathFunction.Greater => "greater",
        MathFunction.GreaterEqual => "greater_equal",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    public static string NameOf(MathConstant constant) => constant switch
    {
        MathConstant.Pi => "pi",
        MathConstant.E => "e",
        _ => throw new ArgumentOutOfRangeException(nameof(constant), constant, null),
    };

    public static int MinArity(MathFunction function) => function switch
    {
        MathFunction.Min or MathFunction.Max => 2,
        MathFunction.Where => 3,
        _ when IsBinary(function) => 2,
        _ => 1,
    };

    public static int MaxArity(MathFunction function) => function is MathFunction.Min or MathFunction.Max ? Variadic : MinArity(function);

    /// <summary>Functions of exactly two arguments (<see cref="ScalarMath.Apply(MathFunction, double, double)"/>), min and max aside.</summary>
    public static bool IsBinary(MathFunction function) => function is MathFunction.Beta or MathFunction.Polygamma or MathFunction.BesselJ or MathFunction.BesselY
        or MathFunction.BesselI or MathFunction.BesselK or MathFunction.Hypot or MathFunction.Atan2 || IsComparison(function);

    /// <summary>The comparisons <c>&lt; &lt;= &gt; &gt;=</c>, which give 1 or 0.</summary>
    public static bool IsComparison(MathFunction function) =>
        function is MathFunction.Less or MathFunction.LessEqual or MathFunction.Greater or MathFunction.GreaterEqual;

    /// <summary>The infix symbol of a comparison, as printed in a condition of <c>where</c>.</summary>
    public static string ComparisonSymbol(MathFunction function) => function switch
    {
        MathFunction.Less => "<",
        MathFunction.LessEqual => "<=",
        MathFunction.Greater => ">",
        MathFunction.GreaterEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "not a comparison"),
    };

    /// <summary>"one argument" or "two or more arguments", for error messages.</summary>
    public static string ArityText(MathFunction function) =>
        MaxArity(function) == Variadic ? $"{MinArity(function)} or more arguments" : MinArity(function) == 1 ? "1 argument" : $"{MinArity(function)} arguments";

    /// <summary>
    /// scipy's and sympy's one-argument spellings of a function whose first argument (an order) they fix:
    /// <c>j0(x)</c> reads as <c>besselj(0, x)</c>, <c>digamma(x)</c> as <c>polygamma(0, x)</c>.
    /// </summary>
    public static readonly FrozenDictionary<string, (MathFunction Function, double Order)> FixedOrderSpellings =
        new Dictionary<string, (MathFunction, double)>(StringComparer.Ordinal)
        {
            ["j0"] = (MathFunction.BesselJ, 0),
            ["j1"] = (MathFunction.BesselJ, 1),
            ["y0"] = (MathFunction.BesselY, 0),
            ["y1"] = (MathFunction.BesselY, 1),
            ["i0"] = (MathFunction.BesselI, 0),
            ["i1"] = (MathFunction.BesselI, 1),
            ["k0"] = (MathFunction.BesselK, 0),
            ["k1"] = (MathFunction.BesselK, 1),
            ["digamma"] = (MathFunction.Polygamma, 0),
            ["psi"] = (MathFunction.Polygamma, 0),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Where a function is real and finite, for domain messages; null for those defined everywhere (or whose limits need no note).</summary>
    public static string? Domain(MathFunction function) => function switch
    {
        MathFunction.Log or MathFunction.Log10 or MathFunction.Log2 => "log(x) needs x > 0",
        MathFunction.Sqrt => "sqrt(x) needs x >= 0",
        MathFunction.Asin or MathFunction.Acos => "asin(x) and acos(x) need -1 <= x <= 1",
        MathFunction.Acosh => "acosh(x) needs x >= 1",
        MathFunction.Atanh => "atanh(x) needs -1 < x < 1",
        MathFunction.ErfInv => "erfinv(x) needs -1 < x < 1",
        MathFunction.Gamma => "gamma(x) has poles at 0, -1, -2, ... and overflows above x = 171.6",
        MathFunction.LogGamma => "lgamma(x) is infinite at 0, -1, -2, ...",
        MathFunction.Polygamma => "polygamma(n, x) needs a whole n >= 0 and has poles at x = 0, -1, -2, ...",
        MathFunction.Beta => "beta(a, b) has poles where a, b or a + b is 0, -1, -2, ...",
        MathFunction.BesselJ or MathFunction.BesselI => "besselj(n, x) and besseli(n, x) need x >= 0 unless n is whole",
        MathFunction.BesselY or MathFunction.BesselK => "bessely(n, x) and besselk(n, x) need x > 0",
        MathFunction.LambertW => "lambertw(x) needs x >= -1/e",
        MathFunction.LambertWm1 => "lambertw(x, -1) needs -1/e <= x < 0",
        MathFunction.Log1p => "log1p(x) needs x > -1",
        _ => null,
    };

    /// <summary>As <see cref="DomainNote(Expr)"/> for a printed part; "" where it does not read back alone (a variable named like a function).</summary>
    public static string DomainNote(string? part)
    {
        if (part is null) return "";
        try
        {
            return DomainNote(Parser.ParseExpression(part));
        }
        catch (ExpressionSyntaxException)
        {
            return "";
        }
    }

    /// <summary>The domains of the functions <paramref name="expr"/> calls, as "; f(x) needs ..." for a message, or "".</summary>
    public static string DomainNote(Expr expr)
    {
        var notes = new List<string>();
        void Walk(Expr e)
        {
            if (e is CallExpr call && Domain(call.Function) is { } note && !notes.Contains(note)) notes.Add(note);
            foreach (var child in e switch { CallExpr c => c.Arguments, BinaryExpr b => [b.Left, b.Right], UnaryExpr u => [u.Operand], _ => (IReadOnlyList<Expr>)[] })
                Walk(child);
        }

        Walk(expr);
        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }

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
        string.Join(", ", Enum.GetValues<MathFunction>().Select(NameOf).Distinct().Append("pow"));

    private static FrozenDictionary<string, MathFunction> BuildFunctions()
    {
        var map = new Dictionary<string, MathFunction>(StringComparer.Ordinal);
        foreach (var function in Enum.GetValues<MathFunction>())
        {
            map.TryAdd(NameOf(function), function);
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
        map["lambertw"] = MathFunction.LambertW; // lambertw(x, -1) is read by the parser as the lower branch
        map["LambertW"] = MathFunction.LambertW;
        map["gammaln"] = MathFunction.LogGamma;
        map["loggamma"] = MathFunction.LogGamma;
        map["jv"] = MathFunction.BesselJ;
        map["yv"] = MathFunction.BesselY;
        map["iv"] = MathFunction.BesselI;
        map["kv"] = MathFunction.BesselK;
        map["arctan2"] = MathFunction.Atan2;
        foreach (var (spelling, fixedOrder) in FixedOrderSpellings)
        {
            map[spelling] = fixedOrder.Function;
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
