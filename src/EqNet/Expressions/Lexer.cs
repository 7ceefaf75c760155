using System.Globalization;

namespace EqNet.Expressions;

/// <summary>Splits text into tokens; a lexical error raises <see cref="ExpressionSyntaxException"/> with its column.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length + 1, ""));
                return tokens;
            }

            char c = text[i];
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (Identifiers.IsStart(c))
            {
                tokens.Add(ReadName(text, ref i));
            }
            else
            {
                tokens.Add(ReadSymbol(text, ref i));
            }
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        SkipDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            SkipDigits(text, ref i);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent >= text.Length || !char.IsAsciiDigit(text[exponent]))
            {
                string written = text[start..Math.Min(text.Length, exponent + 1)];
                throw new ExpressionSyntaxException(text, start + 1,
                    $"malformed number '{written}': an exponent needs digits, as in 2.5e-6 (write '*' to multiply)");
            }

            i = exponent;
            SkipDigits(text, ref i);
        }

        string literal = text[start..i];
        double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new ExpressionSyntaxException(text, start + 1, $"number '{literal}' is too large for float64 (the largest is about 1.8e308)");
        }

        return new Token(TokenKind.Number, start + 1, literal, Value: value);
    }

    private static Token ReadName(string text, ref int i)
    {
        int start = i;
        string name = ReadIdentifier(text, ref i);
        if (FunctionCatalog.ModulePrefixes.Contains(name) && i + 1 < text.Length && text[i] == '.' && Identifiers.IsStart(text[i + 1]))
        {
            i++;
            name = ReadIdentifier(text, ref i);
        }

        return new Token(TokenKind.Name, start + 1, text[start..i], Name: name);
    }

    private static string ReadIdentifier(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && Identifiers.IsPart(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    private static Token ReadSymbol(string text, ref int i)
    {
        int column = i + 1;
        char c = text[i];
        char next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind kind, int length) = c switch
        {
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' when next == '*' => (TokenKind.Power, 2),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '^' => (TokenKind.Power, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            ',' => (TokenKind.Comma, 1),
            '=' when next == '=' => (TokenKind.Equals, 2),
            '=' => (TokenKind.Equals, 1),
            '<' when next == '=' => (TokenKind.LessEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when next == '=' => (TokenKind.GreaterEqual, 2),
            '>' => (TokenKind.Greater, 1),
            _ => throw StrayCharacter(text, i),
        };
        i += length;
        return new Token(kind, column, text.Substring(column - 1, length));
    }

    private static ExpressionSyntaxException StrayCharacter(string text, int i)
    {
        char c = text[i];
        if (c == '.' && i > 0 && Identifiers.IsPart(text[i - 1]))
        {
            return new ExpressionSyntaxException(text, i + 1,
                "unexpected '.': only the module prefixes np., numpy., math., sp. and sympy. may precede a name");
        }

        string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
        string hint = c switch
        {
            '\u2212' or '\u2013' => "; write '-'",
            '\u00D7' or '\u00B7' or '\u22C5' => "; write '*'",
            '\u00F7' => "; write '/'",
            _ => "",
        };
        return new ExpressionSyntaxException(text, i + 1, $"unexpected character '{shown}'{hint}");
    }

    private static void SkipDigits(string text, ref int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
    }
}
