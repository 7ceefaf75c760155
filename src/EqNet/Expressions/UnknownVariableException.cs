namespace EqNet.Expressions;

/// <summary>An expression uses a variable for which no value (or no column, when compiling) was given.</summary>
public sealed class UnknownVariableException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="variable"/>.</summary>
    /// <param name="variable">The variable without a value.</param>
    /// <param name="known">The variables that were given, for the message.</param>
    public UnknownVariableException(string variable, IEnumerable<string> known)
        : base(BuildMessage(variable, known))
    {
        Variable = variable;
    }

    /// <summary>The variable without a value.</summary>
    public string Variable { get; }

    private static string BuildMessage(string variable, IEnumerable<string> known)
    {
        var names = known.ToList();
        string given = names.Count == 0 ? "none" : string.Join(", ", names);
        return $"unknown variable '{variable}': the expression uses it but no value was given for it (given: {given})";
    }
}
