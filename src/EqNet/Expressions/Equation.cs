namespace EqNet.Expressions;

/// <summary>An equation <c>lhs = rhs</c>.</summary>
public sealed class Equation
{
    /// <summary>Creates the equation <c><paramref name="lhs"/> = <paramref name="rhs"/></c>.</summary>
    /// <param name="lhs">Left side.</param>
    /// <param name="rhs">Right side.</param>
    /// <param name="text">The source text; defaults to the printed form.</param>
    public Equation(Expr lhs, Expr rhs, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(lhs);
        ArgumentNullException.ThrowIfNull(rhs);
        Lhs = lhs;
        Rhs = rhs;
        Text = text ?? $"{lhs} = {rhs}";
        Residual = new BinaryExpr(BinaryOperator.Subtract, lhs, rhs);
        Terms = [.. AdditiveTerms.Of(lhs), .. AdditiveTerms.Of(rhs)];
    }

    /// <summary>The left side.</summary>
    public Expr Lhs { get; }

    /// <summary>The right side.</summary>
    public Expr Rhs { get; }

    /// <summary>The text the equation was parsed from (or its printed form).</summary>
    public string Text { get; }

    /// <summary><c>Lhs - Rhs</c>: zero where the equation holds.</summary>
    public Expr Residual { get; }

    /// <summary>The top-level additive terms of the left side, then of the right side (<see cref="AdditiveTerms.Of"/>).</summary>
    public IReadOnlyList<Expr> Terms { get; }

    /// <summary>The variables used on either side, in ordinal order.</summary>
    public IReadOnlySet<string> Variables => Residual.Variables;

    /// <summary>Parses <c>lhs = rhs</c> (<c>==</c> is accepted for <c>=</c>).</summary>
    /// <exception cref="ExpressionSyntaxException">
    /// The text is not one equation: no <c>=</c>, several, or a syntax error on either side. Columns count in <paramref name="text"/>.
    /// </exception>
    public static Equation Parse(string text) => Parse(text, null);

    /// <summary>Parses <c>lhs = rhs</c> where <paramref name="declared"/> names variables that shadow constants and uncalled functions (see <see cref="Expr.Parse(string, IReadOnlySet{string})"/>).</summary>
    /// <exception cref="ExpressionSyntaxException">The text is not one equation.</exception>
    public static Equation Parse(string text, IReadOnlySet<string>? declared)
    {
        var (lhs, rhs) = Parser.ParseEquation(text, declared);
        return new Equation(lhs, rhs, text);
    }

    /// <summary>The printed form <c>lhs = rhs</c>, which <see cref="Parse(string)"/> reads back.</summary>
    public override string ToString() => $"{Lhs} = {Rhs}";
}
