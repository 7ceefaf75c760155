namespace EqNet.Expressions;

/// <summary>An equation <c>lhs = rhs</c>.</summary>
public sealed class Equation
{
    private Equation(Expr lhs, Expr rhs, string text)
    {
        Lhs = lhs;
        Rhs = rhs;
        Text = text;
        Residual = new Binary(BinaryOperator.Subtract, lhs, rhs);
        Terms = [.. AdditiveTerms.Of(lhs), .. AdditiveTerms.Of(rhs)];
    }

    /// <summary>Left-hand side.</summary>
    public Expr Lhs { get; }

    /// <summary>Right-hand side.</summary>
    public Expr Rhs { get; }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>lhs - rhs.</summary>
    public Expr Residual { get; }

    /// <summary>The top-level additive terms of both sides.</summary>
    public IReadOnlyList<Expr> Terms { get; }

    /// <summary>Parses <c>lhs = rhs</c> (<c>==</c> is accepted); errors carry the column in the whole text.</summary>
    public static Equation Parse(string text)
    {
        var positions = new List<(int At, int Length)>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '=') continue;
            int length = i + 1 < text.Length && text[i + 1] == '=' ? 2 : 1;
            positions.Add((i, length));
            i += length - 1;
        }
        if (positions.Count == 0) throw new ExpressionSyntaxException("expected '=': an equation is 'lhs = rhs'", text, text.Length + 1);
        if (positions.Count > 1) throw new ExpressionSyntaxException("a second '=': an equation has exactly one", text, positions[1].At + 1);
        var (at, len) = positions[0];
        return new Equation(Side(text, 0, at), Side(text, at + len, text.Length), text);
    }

    private static Expr Side(string text, int start, int end)
    {
        try
        {
            return Expr.Parse(text[start..end]);
        }
        catch (ExpressionSyntaxException e)
        {
            throw new ExpressionSyntaxException(e.Reason, text, e.Column + start);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Lhs} = {Rhs}";
}
