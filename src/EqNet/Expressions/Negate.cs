using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>Unary minus.</summary>
/// <param name="Operand">What is negated.</param>
public sealed record Negate(Expr Operand) : Expr
{
    internal override int Precedence => Precedences.Unary;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> values) => -Operand.Evaluate(values);

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> map) => new Negate(Operand.Substitute(map));

    internal override Expr Differentiate(string variable) => new Negate(Operand.Differentiate(variable));

    internal override IEnumerable<string> CollectVariables() => Operand.CollectVariables();

    internal override LinqExpression ToLinq(Func<string, LinqExpression> variable) => LinqExpression.Negate(Operand.ToLinq(variable));

    /// <inheritdoc />
    public override string ToString() => Operand.Precedence < Precedences.Unary || Operand is Negate or Number { Value: < 0 }
        ? $"-({Operand})"
        : $"-{Operand}";

    /// <inheritdoc />
    public bool Equals(Negate? other) => other is not null && Operand.Equals(other.Operand);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(17, Operand);
}
