using System.Text.RegularExpressions;
using EqNet.Expressions;

namespace EqNet.Problems;

/// <summary>Which names may be used for inputs and outputs.</summary>
internal static partial class VariableNames
{
    /// <summary>Why <paramref name="name"/> cannot name a variable, or null when it can.</summary>
    public static string? Problem(string name)
    {
        // Any identifier: a declared name shadows a constant of the same spelling (E, pi, e) and a function that is
        // not called (an input 'gamma' beside gamma(...)); see Expr.Parse(string, IReadOnlySet<string>).
        return Identifier().IsMatch(name)
            ? null
            : $"'{name}' is not a valid name; use letters, digits and '_', starting with a letter or '_'.";
    }

    /// <summary>What a declared <paramref name="name"/> shadows (a constant, a function), for a note; null when nothing.</summary>
    public static string? Shadowed(string name)
    {
        if (FunctionCatalog.Constants.TryGetValue(name, out var constant))
            return constant == MathConstant.E
                ? $"'{name}' is declared, so in this problem it means the variable, not Euler's number e = 2.71828... (write exp(1) for that)"
                : $"'{name}' is declared, so in this problem it means the variable, not the constant pi = 3.14159... (write acos(-1) for that)";
        if (FunctionCatalog.Functions.ContainsKey(name) || FunctionCatalog.PowerSpellings.Contains(name))
            return $"'{name}' is declared and also names a function: '{name}' alone is the variable, '{name}(...)' still calls the function";
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
