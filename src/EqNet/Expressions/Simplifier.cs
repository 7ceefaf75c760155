namespace EqNet.Expressions;

/// <summary>
/// Bottom-up simplification. The smart constructors (<see cref="Add"/>, <see cref="Multiply"/>, ...) apply the
/// identities to operands that are already simplified; <see cref="Differentiator"/> builds with them too.
/// </summary>
internal static class Simplifier
{
    public static Expr Simplify(Expr expr) => expr switch
    {
        UnaryExpr unary => Negate(Simplify(unary.Operand)),
        BinaryExpr binary => Binary(binary.Operator, Simplify(binary.Left), Simplify(binary.Right)),
        CallExpr call => Call(call.Function, [.. call.Arguments.Select(Simplify)]),
        _ => expr,
    };

    public static Expr Binary(BinaryOperator op, Expr a, Expr b) => op switch
    {
        BinaryOperator.Add => Add(a, b),
        BinaryOperator.Subtract => Subtract(a, b),
        BinaryOperator.Multiply => Multiply(a, b),
        BinaryOperator.Divide => Divide(a, b),
        _ => Power(a, b),
    };

    public static Expr Negate(Expr a) => a switch
    {
        NumberExpr n => Number(-n.Value),
        UnaryExpr { Operator: UnaryOperator.Negate } u => u.Operand,
        _ => new UnaryExpr(UnaryOperator.Negate, a),
    };

    public static Expr Add(Expr a, Expr b)
    {
        if (TryFold(BinaryOperator.Add, a, b) is { } folded)
        {
            return folded;
        }

        if (IsNumber(a, 0))
        {
            return b;
        }

        if (IsNumber(b, 0))
        {
            return a;
        }

        if (b is UnaryExpr { Operator: UnaryOperator.Negate } negated)
        {
            return Subtract(a, negated.Operand);
        }

        if (b is NumberExpr { Value: < 0 } negative)
        {
            return Subtract(a, new NumberExpr(-negative.Value));
        }

        return FoldSumConstants(new BinaryExpr(BinaryOperator.Add, a, b));
    }

    public static Expr Subtract(Expr a, Expr b)
    {
        if (TryFold(BinaryOperator.Subtract, a, b) is { } folded)
        {
            return folded;
        }

        if (IsNumber(b, 0))
        {
            return a;
        }

        if (IsNumber(a, 0))
        {
            return Negate(b);
        }

        if (a.Equals(b))
        {
            return new NumberExpr(0);
        }

        if (b is UnaryExpr { Operator: UnaryOperator.Negate } negated)
        {
            return Add(a, negated.Operand);
        }

        if (b is NumberExpr { Value: < 0 } negative)
        {
            return Add(a, new NumberExpr(-negative.Value));
        }

        return FoldSumConstants(new BinaryExpr(BinaryOperator.Subtract, a, b));
    }

    public static Expr Multiply(Expr a, Expr b)
    {
        if (TryFold(BinaryOperator.Multiply, a, b) is { } folded)
        {
            return folded;
        }

        if (IsNumber(a, 0) || IsNumber(b, 0))
        {
            return new NumberExpr(0);
        }

        if (IsNumber(a, 1))
        {
            return b;
        }

        if (IsNumber(b, 1))
        {
            return a;
        }

        if (IsNumber(a, -1))
        {
            return Negate(b);
        }

        if (IsNumber(b, -1))
        {
            return Negate(a);
        }

        if (a is UnaryExpr { Operator: UnaryOperator.Negate } na && b is UnaryExpr { Operator: UnaryOperator.Negate } nb)
        {
            return Multiply(na.Operand, nb.Operand);
        }

        // a * (-b) = -(a * b) to the bit: one sign in front, where another negation can cancel it.
        if (a is UnaryExpr { Operator: UnaryOperator.Negate } negatedLeft)
        {
            return Negate(Multiply(negatedLeft.Operand, b));
        }

        if (b is UnaryExpr { Operator: UnaryOperator.Negate } negatedRight)
        {
            return Negate(Multiply(a, negatedRight.Operand));
        }

        // A numeric factor goes first: 2*exp(2*x), not exp(2*x)*2.
        return b is NumberExpr && a is not NumberExpr
            ? FoldProductConstants(new BinaryExpr(BinaryOperator.Multiply, b, a))
            : FoldProductConstants(new BinaryExpr(BinaryOperator.Multiply, a, b));
    }

    public static Expr Divide(Expr a, Expr b)
    {
        if (TryFold(BinaryOperator.Divide, a, b) is { } folded)
        {
            return folded;
        }

        if (IsNumber(b, 1))
        {
            return a;
        }

        if (IsNumber(b, -1))
        {
            return Negate(a);
        }

        if (IsNumber(a, 0))
        {
            return new NumberExpr(0);
        }

        if (a.Equals(b))
        {
            return new NumberExpr(1);
        }

        if (a is UnaryExpr { Operator: UnaryOperator.Negate } na && b is UnaryExpr { Operator: UnaryOperator.Negate } nb)
        {
            return Divide(na.Operand, nb.Operand);
        }

        // a / (-b) = -(a / b) to the bit: the sign goes in front, where another negation can cancel it.
        if (b is UnaryExpr { Operator: UnaryOperator.Negate } negatedDivisor)
        {
            return Negate(Divide(a, negatedDivisor.Operand));
        }

        return new BinaryExpr(BinaryOperator.Divide, a, b);
    }

    public static Expr Power(Expr a, Expr b)
    {
        if (TryFold(BinaryOperator.Power, a, b) is { } folded)
        {
            return folded;
        }

        if (IsNumber(b, 0) || IsNumber(a, 1))
        {
            return new NumberExpr(1);
        }

        if (IsNumber(b, 1))
        {
            return a;
        }

        // (-a)^2 = a^2 to the bit: an even power drops a negation.
        if (a is UnaryExpr { Operator: UnaryOperator.Negate } negated && b is NumberExpr { Value: var k } && k % 2 == 0)
        {
            return Power(negated.Operand, b);
        }

        return new BinaryExpr(BinaryOperator.Power, a, b);
    }

    public static Expr Call(MathFunction function, params Expr[] arguments)
    {
        if (arguments.All(a => a is NumberExpr))
        {
            double value = ScalarMath.Apply(function, [.. arguments.Select(a => ((NumberExpr)a).Value)]);
            if (double.IsFinite(value))
            {
                return new NumberExpr(value);
            }
        }

        // where(1, a, b) = a, where(0, a, b) = b, where(c, a, a) = a.
        if (function == MathFunction.Where && arguments[0] is NumberExpr condition)
        {
            return ScalarMath.Where(condition.Value, 1, 0) == 1 ? arguments[1] : arguments[2];
        }

        if (function == MathFunction.Where && arguments[1].Equals(arguments[2]))
        {
            return arguments[1];
        }

        return new CallExpr(function, arguments);
    }

    /// <summary>A folded number; a zero is +0, so results never print as "-0".</summary>
    private static NumberExpr Number(double value) => new(value == 0 ? 0.0 : value);

    private static bool IsNumber(Expr expr, double value) => expr is NumberExpr n && n.Value == value;

    /// <summary>Folds two numbers, unless the result would be NaN or infinite (a literal must be finite).</summary>
    private static NumberExpr? TryFold(BinaryOperator op, Expr a, Expr b)
    {
        if (a is NumberExpr x && b is NumberExpr y)
        {
            double value = Interpreter.Apply(op, x.Value, y.Value);
            return double.IsFinite(value) ? Number(value) : null;
        }

        return null;
    }

    /// <summary>
    /// In a chain of + and -, combines the numbers and drops a term that another cancels: <c>(x + 1) + 2</c> becomes
    /// <c>x + 3</c>, <c>a + (phi - a)</c> becomes <c>phi</c>.
    /// </summary>
    private static Expr FoldSumConstants(BinaryExpr sum)
    {
        var terms = new List<(bool Negative, Expr Term)>();
        CollectSigned(sum, false, terms);
        bool cancelled = false;
        if (terms.Count(t => t.Term is not NumberExpr) >= 2)
        {
            // Each term's sign and magnitude once; a term cancels the first unmatched one of opposite sign and equal magnitude.
            var signed = terms.Select(Signed).ToList();
            var open = new Dictionary<Expr, List<int>>();
            var drop = new bool[terms.Count];
            for (int i = 0; i < terms.Count; i++)
            {
                if (terms[i].Term is NumberExpr) continue;
                var (negative, magnitude) = signed[i];
                if (open.TryGetValue(magnitude, out var waiting) && waiting.FindIndex(k => signed[k].Negative != negative) is var k and >= 0)
                {
                    drop[waiting[k]] = drop[i] = cancelled = true;
                    waiting.RemoveAt(k);
                    continue;
                }
                if (waiting is null) open[magnitude] = waiting = [];
                waiting.Add(i);
            }
            if (cancelled) terms = [.. terms.Where((_, i) => !drop[i])];
        }

        if (!cancelled && terms.Count(t => t.Term is NumberExpr) < 2)
        {
            return sum;
        }

        if (terms.Count == 0)
        {
            return new NumberExpr(0);
        }

        double constant = terms.Where(t => t.Term is NumberExpr)
            .Sum(t => t.Negative ? -((NumberExpr)t.Term).Value : ((NumberExpr)t.Term).Value);
        if (!double.IsFinite(constant))
        {
            return sum;
        }

        Expr? result = null;
        foreach (var (negative, term) in terms.Where(t => t.Term is not NumberExpr))
        {
            result = result is null
                ? (negative ? Negate(term) : term)
                : new BinaryExpr(negative ? BinaryOperator.Subtract : BinaryOperator.Add, result, term);
        }

        if (result is null)
        {
            return new NumberExpr(constant);
        }

        return constant == 0 ? result
            : constant > 0 ? new BinaryExpr(BinaryOperator.Add, result, new NumberExpr(constant))
            : new BinaryExpr(BinaryOperator.Subtract, result, new NumberExpr(-constant));
    }

    /// <summary>A term's sign and magnitude: <c>-x</c> and <c>-2*x</c> are negative x and 2*x.</summary>
    private static (bool Negative, Expr Magnitude) Signed((bool Negative, Expr Term) t) => t.Term switch
    {
        UnaryExpr { Operator: UnaryOperator.Negate } u => (!t.Negative, u.Operand),
        BinaryExpr { Operator: BinaryOperator.Multiply, Left: NumberExpr { Value: < 0 } c } p => (!t.Negative, new BinaryExpr(BinaryOperator.Multiply, new NumberExpr(-c.Value), p.Right)),
        _ => t,
    };

    private static void CollectSigned(Expr expr, bool negative, List<(bool Negative, Expr Term)> terms)
    {
        if (expr is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum)
        {
            CollectSigned(sum.Left, negative, terms);
            CollectSigned(sum.Right, negative ^ (sum.Operator == BinaryOperator.Subtract), terms);
        }
        else
        {
            terms.Add((negative, expr));
        }
    }

    /// <summary>In a chain of *, multiplies the numbers together in front: <c>2*(x*3)</c> becomes <c>6*x</c>.</summary>
    private static Expr FoldProductConstants(BinaryExpr product)
    {
        var factors = new List<Expr>();
        CollectFactors(product, factors);
        if (factors.Count(f => f is NumberExpr) < 2)
        {
            return product;
        }

        double constant = factors.OfType<NumberExpr>().Aggregate(1.0, (acc, n) => acc * n.Value);
        if (!double.IsFinite(constant))
        {
            return product;
        }

        var rest = factors.Where(f => f is not NumberExpr).ToList();
        if (rest.Count == 0 || constant == 0)
        {
            return new NumberExpr(constant);
        }

        Expr result = rest.Aggregate((acc, f) => new BinaryExpr(BinaryOperator.Multiply, acc, f));
        return constant == 1 ? result
            : constant == -1 ? Negate(result)
            : new BinaryExpr(BinaryOperator.Multiply, new NumberExpr(constant), result);
    }

    private static void CollectFactors(Expr expr, List<Expr> factors)
    {
        if (expr is BinaryExpr { Operator: BinaryOperator.Multiply } product)
        {
            CollectFactors(product.Left, factors);
            CollectFactors(product.Right, factors);
        }
        else
        {
            factors.Add(expr);
        }
    }
}
