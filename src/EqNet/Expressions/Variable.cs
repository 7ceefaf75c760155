using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>A named variable.</summary>
/// <param name="Name">The name.</param>
public sealed record Variable(string Name) : Expr
{
    internal override int Precedence => Precedences.Atom;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> values) =>
        values.TryGetValue(Name, out double v) ? v : throw new KeyNotFoundException($"no value for variable '{Name}'");

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> map) => map.TryGetValue(Name, out var e) ? e : this;

    internal override Expr Differentiate(string variable) => new Number(Name == variable ? 1 : 0);

    internal override IEnumerable<string> CollectVariables() => [Name];

    internal override LinqExpression ToLinq(Func<string, LinqExpression> variable) => variable(Name);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <inheritdoc />
    public bool Equals(Variable? other) => other is not null && Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
