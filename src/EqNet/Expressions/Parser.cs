namespace EqNet.Expressions;

/// <summary>
/// Recursive-descent parser. Grammar (lowest precedence first):
/// <code>
/// equation := sum '=' sum
/// sum      := product (('+' | '-') product)*
/// product  := unary (('*' | '/') unary)*
/// unary    := ('-' | '+') unary | power
/// power    := primary (('^' | '**') unary)?      right-associative; -x^2 = -(x^2); 2^-1 is valid
/// primary  := number | constant | name | function '(' sum (',' sum)* ')' | '(' sum ')'
///           | 'where' '(' condition ',' sum ',' sum ')'
/// condition := sum (('&lt;' | '&lt;=' | '&gt;' | '&gt;=') sum)?
/// </code>
/// </summary>
internal sealed class Parser
{
    private const string ExpectedOperand = "expected a number, a name or '('";

    /// <summary>Bounds the recursion (parentheses, signs, exponents) so hostile input cannot overflow the stack.</summary>
    private const int MaxNesting = 500;

    private readonly string text;
    private readonly List<Token> tokens;
    private readonly IReadOnlySet<string>? declared;
    private int position;
    private int nesting;

    private Parser(string text, IReadOnlySet<string>? declared)
    {
        this.text = text;
        this.declared = declared;
        tokens = Lexer.Tokenize(text);
    }

    private Token Current => tokens[position];

    /// <param name="text">The expression.</param>
    /// <param name="declared">Variable names declared by the caller (a problem's inputs and outputs): such a name not followed by '(' is the variable, even where it also names a constant or a function.</param>
    public static Expr ParseExpression(string text, IReadOnlySet<string>? declared = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, declared);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException(text, 1, "empty expression: expected a number, a name or '('");
        }

        var expr = parser.ParseSum();
        parser.ExpectEnd(allowEquals: false);
        return expr;
    }

    public static (Expr Lhs, Expr Rhs) ParseEquation(string text, IReadOnlySet<string>? declared = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, declared);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException(text, 1, "empty equation: write it as 'lhs = rhs', e.g. 'y = 2*x'");
        }

        var equalsSigns = parser.tokens.Where(t => t.Kind == TokenKind.Equals).ToList();
        if (equalsSigns.Count == 0)
        {
            throw new ExpressionSyntaxException(text, text.Length + 1,
                "an equation needs exactly one '=' (as in 'y = 2*x'), found none");
        }

        if (equalsSigns.Count > 1)
        {
            throw new ExpressionSyntaxException(text, equalsSigns[1].Column,
                $"an equation needs exactly one '=', found {equalsSigns.Count}; write one equation per entry");
        }

        var lhs = parser.ParseSum();
        parser.ExpectEnd(allowEquals: true);
        parser.position++; // past the one '='
        var rhs = parser.ParseSum();
        parser.ExpectEnd(allowEquals: false);
        return (lhs, rhs);
    }

    private Expr ParseSum()
    {
        var left = ParseProduct();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Current.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            position++;
            left = new BinaryExpr(op, left, ParseProduct());
        }

        return left;
    }

    private Expr ParseProduct()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Current.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide;
            position++;
            left = new BinaryExpr(op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (++nesting > MaxNesting)
        {
            throw Error(Current, $"expression nested too deeply (more than {MaxNesting} levels of parentheses, signs or exponents)");
        }

        try
        {
            return ParseSignedOperand();
        }
        finally
        {
            nesting--;
        }
    }

    private Expr ParseSignedOperand()
    {
        if (Current.Kind == TokenKind.Plus)
        {
            position++;
            return ParseUnary();
        }

        if (Current.Kind != TokenKind.Minus)
        {
            return ParsePower();
        }

        position++;
        bool literalFollows = Current.Kind == TokenKind.Number;
        var operand = ParseUnary();

        // "-2" is the literal -2 (so printed negative numbers read back as themselves); "-(2)" and "-2^2" stay negations.
        return literalFollows && operand is NumberExpr number
            ? new NumberExpr(-number.Value)
            : new UnaryExpr(UnaryOperator.Negate, operand);
    }

    private Expr ParsePower()
    {
        var power = ParsePrimary();
        if (Current.Kind != TokenKind.Power)
        {
            return power;
        }

        position++;
        return new BinaryExpr(BinaryOperator.Power, power, ParseUnary());
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                position++;
                return new NumberExpr(token.Value);
            case TokenKind.Name:
                position++;
                return ParseName(token);
            case TokenKind.LeftParen:
                position++;
                var inner = ParseSum();
                ExpectClosing(token, "')'");
                return inner;
            default:
                throw Error(token, ExpectedOperand);
        }
    }

    private Expr ParseName(Token name)
    {
        // A declared variable wins over a constant or function of the same name; a call still calls the function.
        if (name.Name == name.Text && declared is not null && declared.Contains(name.Name) && Current.Kind != TokenKind.LeftParen)
        {
            return new VariableExpr(name.Name);
        }

        if (FunctionCatalog.Constants.TryGetValue(name.Name, out var constant))
        {
            if (Current.Kind == TokenKind.LeftParen)
            {
                throw Error(name, $"'{name.Text}' is a constant, not a function");
            }

            return new ConstantExpr(constant);
        }

        bool isPower = FunctionCatalog.PowerSpellings.Contains(name.Name);
        bool isFunction = FunctionCatalog.Functions.TryGetValue(name.Name, out var function);
        if (isPower || isFunction)
        {
            if (Current.Kind != TokenKind.LeftParen)
            {
                throw Error(Current, $"expected '(' after function '{name.Text}' (function names cannot be variables)");
            }

            var arguments = ParseArguments(name, conditionFirst: isFunction && function == MathFunction.Where);
            if (isPower)
            {
                return arguments.Count == 2
                    ? new BinaryExpr(BinaryOperator.Power, arguments[0], arguments[1])
                    : throw Error(name, $"'{name.Text}' takes 2 arguments, got {arguments.Count}");
            }

            if (FunctionCatalog.FixedOrderSpellings.TryGetValue(name.Name, out var fixedOrder))
            {
                return arguments.Count == 1
                    ? new CallExpr(fixedOrder.Function, new NumberExpr(fixedOrder.Order), arguments[0])
                    : throw Error(name, $"'{name.Text}' takes 1 argument, got {arguments.Count} (it is {FunctionCatalog.NameOf(fixedOrder.Function)}({fixedOrder.Order}, x))");
            }

            if (function == MathFunction.LambertW && arguments.Count == 2)
            {
                // The branch, as scipy's lambertw(x, k) and sympy's LambertW(x, k): the real ones are 0 and -1.
                return arguments[1] switch
                {
                    NumberExpr { Value: 0 } => new CallExpr(MathFunction.LambertW, arguments[0]),
                    NumberExpr { Value: -1 } => new CallExpr(MathFunction.LambertWm1, arguments[0]),
                    _ => throw Error(name, $"'{name.Text}(x, k)' takes the branch k as the number 0 or -1 (the real branches)"),
                };
            }

            if (arguments.Count < FunctionCatalog.MinArity(function) || arguments.Count > FunctionCatalog.MaxArity(function))
            {
                string hint = function == MathFunction.Log && arguments.Count == 2
                    ? " (log is the natural logarithm; for base b write log(x)/log(b), or use log10 or log2)"
                    : "";
                throw Error(name, $"'{name.Text}' takes {FunctionCatalog.ArityText(function)}, got {arguments.Count}{hint}");
            }

            return new CallExpr(function, arguments);
        }

        if (Current.Kind == TokenKind.LeftParen)
        {
            throw Error(name, $"unknown function '{name.Text}'; known: {FunctionCatalog.KnownFunctionList}");
        }

        if (name.Name != name.Text)
        {
            throw Error(name, $"unknown name '{name.Text}': a module prefix must be followed by a function or a constant");
        }

        return new VariableExpr(name.Name);
    }

    private List<Expr> ParseArguments(Token name, bool conditionFirst)
    {
        var open = Current;
        position++;
        var arguments = new List<Expr>();
        if (Current.Kind == TokenKind.RightParen)
        {
            position++;
            return arguments;
        }

        arguments.Add(conditionFirst ? ParseCondition() : ParseSum());
        while (Current.Kind == TokenKind.Comma)
        {
            position++;
            arguments.Add(ParseSum());
        }

        ExpectClosing(open, $"',' or ')' in the call of '{name.Text}'");
        return arguments;
    }

    /// <summary>where's condition: a comparison of two sums, or a sum that holds where it is non-zero (as numpy reads it).</summary>
    private Expr ParseCondition()
    {
        var left = ParseSum();
        MathFunction? comparison = Current.Kind switch
        {
            TokenKind.Less => MathFunction.Less,
            TokenKind.LessEqual => MathFunction.LessEqual,
            TokenKind.Greater => MathFunction.Greater,
            TokenKind.GreaterEqual => MathFunction.GreaterEqual,
            _ => null,
        };
        if (comparison is null)
        {
            return left;
        }

        position++;
        return new CallExpr(comparison.Value, left, ParseSum());
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual;

    private void ExpectClosing(Token open, string expected)
    {
        if (Current.Kind == TokenKind.RightParen)
        {
            position++;
            return;
        }

        if (Current.Kind == TokenKind.End)
        {
            throw Error(open, "unclosed '(': add the matching ')'");
        }

        if (IsComparison(Current.Kind))
        {
            throw Error(Current, ComparisonOutsideWhere(Current));
        }

        throw Error(Current, $"expected {expected}, found {Current.Describe()}");
    }

    /// <summary>After a complete operand: only the end (or, for an equation's left side, '=') may follow.</summary>
    private void ExpectEnd(bool allowEquals)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.End when !allowEquals:
            case TokenKind.Equals when allowEquals:
                return;
            case TokenKind.RightParen:
                throw Error(token, "unmatched ')'");
            case TokenKind.Equals:
                throw Error(token, "unexpected '=': this is an expression, not an equation");
            case TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual:
                throw Error(token, ComparisonOutsideWhere(token));
            case TokenKind.Number or TokenKind.Name or TokenKind.LeftParen:
                throw Error(token, $"missing operator before {token.Describe()} (write '*' to multiply)");
            default:
                string expected = allowEquals ? "an operator or '='" : "an operator or the end of the text";
                throw Error(token, $"expected {expected}, found {token.Describe()}");
        }
    }

    private static string ComparisonOutsideWhere(Token token) =>
        $"a comparison ({token.Describe()}) may only be the condition of where(condition, a, b), as in where(x {token.Text} 1, a, b)";

    private ExpressionSyntaxException Error(Token at, string reason) => new(text, at.Column, reason);
}
