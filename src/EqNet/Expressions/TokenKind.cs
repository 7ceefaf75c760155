namespace EqNet.Expressions;

/// <summary>The lexical categories of the expression language.</summary>
internal enum TokenKind
{
    Number,
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Power,
    LeftParen,
    RightParen,
    Comma,
    Equals,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    End,
}
