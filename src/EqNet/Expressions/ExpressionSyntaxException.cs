namespace EqNet.Expressions;

/// <summary>An expression that does not parse: the column (1-based) and what was expected there.</summary>
public sealed class ExpressionSyntaxException : Exception
{
    /// <summary>Creates the error for <paramref name="text"/> at <paramref name="column"/>.</summary>
    public ExpressionSyntaxException(string reason, string text, int column)
        : base($"col {column}: {reason}")
    {
        Reason = reason;
        Text = text;
        Column = column;
    }

    /// <summary>What was wrong, without the column.</summary>
    public string Reason { get; }

    /// <summary>The text that was parsed.</summary>
    public string Text { get; }

    /// <summary>1-based column of the error in <see cref="Text"/>.</summary>
    public int Column { get; }

    /// <summary>A line with a caret under the column, to print below <see cref="Text"/>.</summary>
    public string Caret => new string(' ', Math.Max(0, Column - 1)) + "^";
}
