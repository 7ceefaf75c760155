using System.Collections.Frozen;

namespace EqNet.Expressions;

/// <summary>Rules for variable names: <c>[A-Za-z_][A-Za-z0-9_]*</c>; a reserved name is a variable only where declared (see <see cref="Expr.Parse(string, IReadOnlySet{string})"/>).</summary>
public static class Identifiers
{
    /// <summary>
    /// Names that cannot be variables: every spelling of a function (<c>exp</c>, <c>ln</c>, <c>Abs</c>, <c>pow</c>, ...),
    /// and the constants <c>pi</c>, <c>e</c>, <c>E</c>. Module prefixes (<c>np</c>, <c>math</c>, ...) are not reserved:
    /// they are only stripped when a dot follows.
    /// </summary>
    public static IReadOnlySet<string> Reserved { get; } = FunctionCatalog.Functions.Keys
        .Concat(FunctionCatalog.PowerSpellings)
        .Concat(FunctionCatalog.Constants.Keys)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> matches <c>[A-Za-z_][A-Za-z0-9_]*</c> (reserved or not).</summary>
    public static bool IsIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !IsStart(name[0]))
        {
            return false;
        }

        foreach (char c in name.AsSpan(1))
        {
            if (!IsPart(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> is a spelling of a function or a constant.</summary>
    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>True when <paramref name="name"/> reads as a variable without being declared: an identifier that is not reserved.</summary>
    public static bool IsValidVariableName(string name) => IsIdentifier(name) && !IsReserved(name);

    internal static bool IsStart(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    internal static bool IsPart(char c) => IsStart(c) || char.IsAsciiDigit(c);
}
