using System.Text.RegularExpressions;
using EqNet.Expressions;

namespace EqNet.Problems;

/// <summary>Which names may be used for inputs and outputs.</summary>
internal static partial class VariableNames
{
    /// <summary>Why <paramref name="name"/> cannot name a variable, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (!Identifier().IsMatch(name))
            return $"'{name}' is not a valid name; use letters, digits and '_', starting with a letter or '_'.";
        // The expression language owns its reserved words (function names, pi, e): a name is usable exactly when
        // it parses as a reference to itself, so this stays right when functions are added.
        bool isVariable;
        try
        {
            isVariable = Expr.Parse(name).Variables.Contains(name);
        }
        catch (ExpressionSyntaxException)
        {
            isVariable = false;
        }
        return isVariable ? null : $"'{name}' is reserved (a function name, pi or e); choose another name.";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
