using System.Collections.Immutable;

namespace EqNet.Expressions;

/// <summary>
/// An immutable expression tree over named float64 variables. Parse text with <see cref="Parse"/>; evaluate, differentiate,
/// simplify and compile it. <see cref="object.ToString"/> prints text that parses back to an equal tree.
/// </summary>
public abstract record Expr
{
    private IReadOnlySet<string>? _variables;

    /// <summary>Parses <paramref name="text"/>; a syntax error raises <see cref="ExpressionSyntaxException"/> with the column.</summary>
    public static Expr Parse(string text) => new Parser(text).ParseWhole();

    /// <summary>The variable names the expression uses.</summary>
    public IReadOnlySet<string> Variables => _variables ??= CollectVariables().ToImmutableSortedSet(StringComparer.Ordinal);

    /// <summary>Evaluates with the given variable values; an unknown variable raises <see cref="KeyNotFoundException"/> naming it.</summary>
    public abstract double Evaluate(IReadOnlyDictionary<string, double> values);

    /// <summary>The symbolic derivative with respect to <paramref name="variable"/>, simplified.</summary>
    public Expr Derivative(string variable) => Differentiate(variable).Simplify();

    /// <summary>Folds constants and removes trivial operations (x+0, x*1, x*0, x^1, x^0, --x).</summary>
    public Expr Simplify() => Simplifier.Simplify(this);

    /// <summary>Replaces variables by expressions.</summary>
    public abstract Expr Substitute(IReadOnlyDictionary<string, Expr> map);

    /// <summary>Compiles for fast evaluation with values given in <paramref name="variables"/> order.</summary>
    public CompiledExpression Compile(IReadOnlyList<string> variables) => new(this, variables);

    /// <summary>Precedence for printing: higher binds tighter.</summary>
    internal abstract int Precedence { get; }

    internal abstract Expr Differentiate(string variable);

    internal abstract IEnumerable<string> CollectVariables();

    internal abstract System.Linq.Expressions.Expression ToLinq(Func<string, System.Linq.Expressions.Expression> variable);

    /// <summary>Structural equality ignores the cached variable set.</summary>
    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc />
    public override int GetHashCode() => EqualityContract.GetHashCode();

    /// <summary>Convenience: a number node.</summary>
    public static Expr Num(double value) => new Number(value);
}
