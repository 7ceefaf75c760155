namespace EqNet.Expressions;

/// <summary>
/// The text of an expression or equation could not be parsed. <see cref="Exception.Message"/> reads like
/// <c>col 9: expected a number, a name or '('</c>; <see cref="Caret"/> shows the text with a marker under the column.
/// </summary>
public sealed class ExpressionSyntaxException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="column"/> of <paramref name="text"/>.</summary>
    /// <param name="text">The text given to the parser.</param>
    /// <param name="column">1-based column of the problem; <c>text.Length + 1</c> means the end of the text.</param>
    /// <param name="reason">What is wrong, without the column, e.g. <c>expected a number, a name or '('</c>.</param>
    public ExpressionSyntaxException(string text, int column, string reason)
        : base($"col {column}: {reason}")
    {
        Text = text;
        Column = column;
        Reason = reason;
    }

    /// <summary>The text given to the parser.</summary>
    public string Text { get; }

    /// <summary>The 1-based column of the problem in <see cref="Text"/> (<c>Text.Length + 1</c> for the end).</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the <c>col N:</c> prefix.</summary>
    public string Reason { get; }

    /// <summary>A line with a <c>^</c> under the column, to print below <see cref="Text"/> (tabs and line breaks in it shown as spaces).</summary>
    public string Caret => new string(' ', Math.Max(0, Column - 1)) + "^";
}
