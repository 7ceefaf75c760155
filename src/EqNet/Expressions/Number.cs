using System.Globalization;
using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>A numeric constant.</summary>
/// <param name="Value">The value.</param>
public sealed record Number(double Value) : Expr
{
    internal override int Precedence => Value < 0 ? Precedences.Unary : Precedences.Atom;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> values) => Value;

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> map) => this;

    internal override Expr Differentiate(string variable) => new Number(0);

    internal override IEnumerable<string> CollectVariables() => [];

    internal override LinqExpression ToLinq(Func<string, LinqExpression> variable) => LinqExpression.Constant(Value);

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        Math.PI => "pi",
        Math.E => "e",
        double.PositiveInfinity => "(1/0)",
        _ => Value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public bool Equals(Number? other) => other is not null && Value.Equals(other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
}
