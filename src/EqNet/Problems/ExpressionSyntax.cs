using System.Globalization;
using EqNet.Expressions;

namespace EqNet.Problems;

/// <summary>Formats expression syntax errors for problem-file messages.</summary>
internal static class ExpressionSyntax
{
    /// <summary>"col N: what was expected", without the expression text or caret (the caller adds those).</summary>
    public static string Reason(ExpressionSyntaxException e)
    {
        string message = e.Message.Split('\n')[0].Trim();
        string prefix = "col " + e.Column.ToString(CultureInfo.InvariantCulture) + ":";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message : $"{prefix} {message}";
    }
}
