using LinqExpression = System.Linq.Expressions.Expression;

namespace EqNet.Expressions;

/// <summary>A binary operation; each operator sits next to its derivative.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record Binary(BinaryOperator Operator, Expr Left, Expr Right) : Expr
{
    internal override int Precedence => Operator switch
    {
        BinaryOperator.Add or BinaryOperator.Subtract => Precedences.Additive,
        BinaryOperator.Multiply or BinaryOperator.Divide => Precedences.Multiplicative,
        _ => Precedences.Power,
    };

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> values) =>
        Apply(Operator, Left.Evaluate(values), Right.Evaluate(values));

    /// <summary>The operator on two numbers.</summary>
    public static double Apply(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Divide => a / b,
        _ => Math.Pow(a, b),
    };

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> map) => this with { Left = Left.Substitute(map), Right = Right.Substitute(map) };

    internal override Expr Differentiate(string variable)
    {
        Expr a = Left, b = Right, da = Left.Differentiate(variable), db = Right.Differentiate(variable);
        return Operator switch
        {
            BinaryOperator.Add => new Binary(BinaryOperator.Add, da, db),
            BinaryOperator.Subtract => new Binary(BinaryOperator.Subtract, da, db),
            BinaryOperator.Multiply => new Binary(BinaryOperator.Add, new Binary(BinaryOperator.Multiply, da, b), new Binary(BinaryOperator.Multiply, a, db)),
            BinaryOperator.Divide => new Binary(BinaryOperator.Divide,
                new Binary(BinaryOperator.Subtract, new Binary(BinaryOperator.Multiply, da, b), new Binary(BinaryOperator.Multiply, a, db)),
                new Binary(BinaryOperator.Power, b, new Number(2))),
            // d(a^c) = c a^(c-1) da for a constant exponent; otherwise a^b (db log a + b da / a).
            _ when !b.Variables.Contains(variable) => new Binary(BinaryOperator.Multiply,
                new Binary(BinaryOperator.Multiply, b, new Binary(BinaryOperator.Power, a, new Binary(BinaryOperator.Subtract, b, new Number(1)))), da),
            _ => new Binary(BinaryOperator.Multiply, this, new Binary(BinaryOperator.Add,
                new Binary(BinaryOperator.Multiply, db, new Call("log", [a])),
                new Binary(BinaryOperator.Divide, new Binary(BinaryOperator.Multiply, b, da), a))),
        };
    }

    internal override IEnumerable<string> CollectVariables() => Left.CollectVariables().Concat(Right.CollectVariables());

    internal override LinqExpression ToLinq(Func<string, LinqExpression> variable)
    {
        var a = Left.ToLinq(variable);
        var b = Right.ToLinq(variable);
        return Operator switch
        {
            BinaryOperator.Add => LinqExpression.Add(a, b),
            BinaryOperator.Subtract => LinqExpression.Subtract(a, b),
            BinaryOperator.Multiply => LinqExpression.Multiply(a, b),
            BinaryOperator.Divide => LinqExpression.Divide(a, b),
            _ => LinqExpression.Call(typeof(Math).GetMethod(nameof(Math.Pow))!, a, b),
        };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        int p = Precedence;
        bool power = Operator == BinaryOperator.Power;
        string left = Left.Precedence < p || power && Left.Precedence <= p ? $"({Left})" : Left.ToString();
        string right = power ? (Right.Precedence < p ? $"({Right})" : Right.ToString())
            : Right.Precedence <= p ? $"({Right})" : Right.ToString();
        return Operator switch
        {
            BinaryOperator.Add => $"{left} + {right}",
            BinaryOperator.Subtract => $"{left} - {right}",
            BinaryOperator.Multiply => $"{left}*{right}",
            BinaryOperator.Divide => $"{left}/{right}",
            _ => $"{left}^{right}",
        };
    }

    /// <inheritdoc />
    public bool Equals(Binary? other) => other is not null && Operator == other.Operator && Left.Equals(other.Left) && Right.Equals(other.Right);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Operator, Left, Right);
}
