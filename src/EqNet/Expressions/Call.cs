using System.Collections.Immutable;
using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>A call of a built-in function.</summary>
/// <param name="Function">Canonical function name (e.g. <c>log</c> for <c>ln</c>).</param>
/// <param name="Arguments">Arguments.</param>
public sealed record Call(string Function, ImmutableArray<Expr> Arguments) : Expr
{
    internal override int Precedence => Precedences.Atom;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> values) =>
        Functions.Get(Function).Value(Arguments.Select(a => a.Evaluate(values)).ToArray());

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> map) => this with { Arguments = [.. Arguments.Select(a => a.Substitute(map))] };

    internal override Expr Differentiate(string variable)
    {
        if (Function is "min" or "max")
        {
            // d min(a, b) = step(b - a) da + (1 - step(b - a)) db; max swaps a and b in the selector.
            Expr a = Arguments[0], b = Arguments[1];
            var pickA = new Call("step", [Function == "min" ? new Binary(BinaryOperator.Subtract, b, a) : new Binary(BinaryOperator.Subtract, a, b)]);
            return new Binary(BinaryOperator.Add,
                new Binary(BinaryOperator.Multiply, pickA, a.Differentiate(variable)),
                new Binary(BinaryOperator.Multiply, new Binary(BinaryOperator.Subtract, new Number(1), pickA), b.Differentiate(variable)));
        }
        var inner = Arguments[0];
        return new Binary(BinaryOperator.Multiply, Functions.Get(Function).Derivative!(inner), inner.Differentiate(variable));
    }

    internal override IEnumerable<string> CollectVariables() => Arguments.SelectMany(a => a.CollectVariables());

    internal override LinqExpression ToLinq(Func<string, LinqExpression> variable)
    {
        var args = Arguments.Select(a => a.ToLinq(variable)).ToArray();
        var method = Function switch
        {
            "sign" => typeof(Kernels).GetMethod(nameof(Kernels.Sign))!,
            "step" => typeof(Kernels).GetMethod(nameof(Kernels.Step))!,
            _ => typeof(Math).GetMethod(char.ToUpperInvariant(Function[0]) + Function[1..], Enumerable.Repeat(typeof(double), args.Length).ToArray())!,
        };
        return LinqExpression.Call(method, args);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";

    /// <inheritdoc />
    public bool Equals(Call? other) => other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    /// <inheritdoc />
    public override int GetHashCode() => Arguments.Aggregate(Function.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
