namespace EqNet.Expressions;

/// <summary>
/// An immutable expression tree of the EqNet expression language (docs/expressions.md). Nodes are
/// <see cref="NumberExpr"/>, <see cref="ConstantExpr"/>, <see cref="VariableExpr"/>, <see cref="UnaryExpr"/>,
/// <see cref="BinaryExpr"/> and <see cref="CallExpr"/>. Equality is structural.
/// </summary>
public abstract class Expr : IEquatable<Expr>
{
    private IReadOnlySet<string>? variables;

    private protected Expr()
    {
    }

    /// <summary>The names of the variables the expression uses, in ordinal order.</summary>
    public IReadOnlySet<string> Variables => variables ??= VariableCollector.Collect(this);

    /// <summary>Parses <paramref name="text"/> (numpy/sympy spellings accepted; see docs/expressions.md).</summary>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression; the exception gives the column.</exception>
    public static Expr Parse(string text) => Parser.ParseExpression(text);

    /// <summary>
    /// Parses <paramref name="text"/> where <paramref name="declared"/> names variables (a problem's inputs and outputs):
    /// a declared name is the variable even where it also names a constant (<c>E</c>, <c>pi</c>) or a function, unless
    /// it is called (<c>gamma(x)</c> calls the function). Undeclared constants keep their meaning (<c>e</c> = 2.718...).
    /// </summary>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression; the exception gives the column.</exception>
    public static Expr Parse(string text, IReadOnlySet<string> declared) => Parser.ParseExpression(text, declared);

    /// <summary>Evaluates the expression in float64. Domain errors give NaN or infinity, never an exception.</summary>
    /// <param name="values">A value for every variable in <see cref="Variables"/>; extra entries are ignored.</param>
    /// <exception cref="UnknownVariableException">A variable of the expression has no value.</exception>
    public double Evaluate(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Interpreter.Evaluate(this, values);
    }

    /// <summary>
    /// Compiles the expression to a fast float64 delegate that reads the variables from a row laid out in the
    /// order of <paramref name="variables"/>.
    /// </summary>
    /// <exception cref="UnknownVariableException">The expression uses a variable that is not in <paramref name="variables"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="variables"/> names a variable twice.</exception>
    public CompiledExpression Compile(IReadOnlyList<string> variables) => CompiledExpression.Create(this, variables);

    /// <summary>
    /// The symbolic partial derivative with respect to <paramref name="variable"/>, simplified. <c>abs</c>
    /// differentiates to <c>sign</c>; <c>min</c>/<c>max</c> to the average of the active arguments' derivatives
    /// at a tie (a subgradient), written with <c>sign</c>.
    /// </summary>
    public Expr Derivative(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return Differentiator.Differentiate(this, variable).Simplify();
    }

    /// <summary>
    /// Folds numeric constants and removes trivial identities (<c>x+0</c>, <c>x*1</c>, <c>x*0</c>, <c>x^1</c>,
    /// <c>x^0</c>, <c>--x</c>, ...). Folding never creates NaN or infinity: such subexpressions are kept.
    /// </summary>
    public Expr Simplify() => Simplifier.Simplify(this);

    /// <summary>Replaces each variable named in <paramref name="map"/> by its expression (no simplification).</summary>
    public Expr Substitute(IReadOnlyDictionary<string, Expr> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Substituter.Substitute(this, map);
    }

    /// <summary>The expression in the language's syntax with minimal parentheses; <see cref="Parse(string)"/> reads it back to an equal tree.</summary>
    public override string ToString() => Printer.Print(this);

    /// <summary>Structural equality: same node types, operators, names and numbers.</summary>
    public abstract bool Equals(Expr? other);

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is Expr other && Equals(other);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>Builds <c>a + b</c> (no simplification).</summary>
    public static Expr operator +(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Add, a, b);

    /// <summary>Builds <c>a - b</c> (no simplification).</summary>
    public static Expr operator -(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Subtract, a, b);

    /// <summary>Builds <c>a * b</c> (no simplification).</summary>
    public static Expr operator *(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Multiply, a, b);

    /// <summary>Builds <c>a / b</c> (no simplification).</summary>
    public static Expr operator /(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Divide, a, b);

    /// <summary>Builds <c>-a</c> (no simplification).</summary>
    public static Expr operator -(Expr a) => new UnaryExpr(UnaryOperator.Negate, a);

    /// <summary>Builds the number <paramref name="value"/>.</summary>
    public static implicit operator Expr(double value) => new NumberExpr(value);
}
