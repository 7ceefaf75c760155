namespace EqNet.Expressions;

/// <summary>One token: its kind, its 1-based column, the source text it spans, and for names and numbers its meaning.</summary>
/// <param name="Kind">Lexical category.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="Text">The characters as written (e.g. <c>np.exp</c>, <c>**</c>).</param>
/// <param name="Name">For names: the name with any module prefix removed.</param>
/// <param name="Value">For numbers: the value.</param>
internal readonly record struct Token(TokenKind Kind, int Column, string Text, string Name = "", double Value = 0)
{
    /// <summary>How the token is quoted in error messages.</summary>
    public string Describe() => Kind == TokenKind.End ? "the end of the text" : $"'{Text}'";
}
