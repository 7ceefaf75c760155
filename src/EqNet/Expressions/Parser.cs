using System.Globalization;

namespace EqNet.Expressions;

/// <summary>
/// Recursive-descent parser. Grammar, loosest first: sum := product (('+'|'-') product)*;
/// product := unary (('*'|'/') unary)*; unary := ('-'|'+') unary | power; power := atom (('^'|'**') unary)?;
/// atom := number | name | function '(' args ')' | '(' sum ')'.
/// </summary>
internal sealed class Parser(string text)
{
    private static readonly string[] ModulePrefixes = ["numpy.", "np.", "math.", "sympy.", "sp."];
    private const string ExpectedOperand = "expected a number, a name or '('";
    private int _at;

    public Expr ParseWhole()
    {
        SkipSpace();
        if (_at >= text.Length) throw Error("empty expression: " + ExpectedOperand);
        var e = Sum();
        SkipSpace();
        if (_at < text.Length)
            throw Error(text[_at] == ')' ? "unmatched ')'" : $"unexpected '{text[_at]}': expected an operator (+ - * / ^) or the end");
        return e;
    }

    private Expr Sum()
    {
        var left = Product();
        while (true)
        {
            SkipSpace();
            if (Peek('+')) { _at++; left = new Binary(BinaryOperator.Add, left, Product()); }
            else if (Peek('-')) { _at++; left = new Binary(BinaryOperator.Subtract, left, Product()); }
            else return left;
        }
    }

    private Expr Product()
    {
        var left = Unary();
        while (true)
        {
            SkipSpace();
            if (Peek('*') && !Peek('*', 1)) { _at++; left = new Binary(BinaryOperator.Multiply, left, Unary()); }
            else if (Peek('/')) { _at++; left = new Binary(BinaryOperator.Divide, left, Unary()); }
            else return left;
        }
    }

    private Expr Unary()
    {
        SkipSpace();
        if (Peek('-')) { _at++; return new Negate(Unary()); }
        if (Peek('+')) { _at++; return Unary(); }
        return Power();
    }

    private Expr Power()
    {
        var bas = Atom();
        SkipSpace();
        if (Peek('^')) { _at++; return new Binary(BinaryOperator.Power, bas, Unary()); }
        if (Peek('*') && Peek('*', 1)) { _at += 2; return new Binary(BinaryOperator.Power, bas, Unary()); }
        return bas;
    }

    private Expr Atom()
    {
        SkipSpace();
        if (_at >= text.Length) throw Error(ExpectedOperand);
        char c = text[_at];
        if (char.IsAsciiDigit(c) || c == '.') return NumberLiteral();
        if (char.IsAsciiLetter(c) || c == '_') return NameOrCall();
        if (c == '(')
        {
            int open = _at++;
            var inner = Sum();
            SkipSpace();
            if (!Peek(')')) throw _at >= text.Length ? ErrorAt(open, "unclosed '(': expected ')'") : Error("expected ')'");
            _at++;
            return inner;
        }
        throw Error(ExpectedOperand);
    }

    private Expr NumberLiteral()
    {
        int start = _at;
        while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
        if (Peek('.')) { _at++; while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++; }
        if (_at - start == 1 && text[start] == '.') throw ErrorAt(start, "expected digits around '.'");
        if (_at < text.Length && text[_at] is 'e' or 'E' && ExponentFollows())
        {
            _at++;
            if (Peek('+') || Peek('-')) _at++;
            while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
        }
        if (_at < text.Length && (char.IsAsciiLetter(text[_at]) || text[_at] == '_'))
            throw Error($"unexpected '{text[_at]}' after the number: write '*' for a product");
        return new Number(double.Parse(text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private bool ExponentFollows()
    {
        int i = _at + 1;
        if (i < text.Length && text[i] is '+' or '-') i++;
        return i < text.Length && char.IsAsciiDigit(text[i]);
    }

    private Expr NameOrCall()
    {
        int start = _at;
        foreach (var prefix in ModulePrefixes)
            if (string.CompareOrdinal(text, _at, prefix, 0, prefix.Length) == 0) { _at += prefix.Length; break; }
        int nameStart = _at;
        while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
        string name = text[nameStart.._at];
        if (name.Length == 0) throw ErrorAt(nameStart, ExpectedOperand);
        SkipSpace();
        bool call = Peek('(');
        string? function = Functions.Resolve(name);
        if (!call)
        {
            if (function is not null) throw Error($"expected '(' after function '{name}'");
            if (name is "pi" or "Pi") return new Number(Math.PI);
            if (name is "e" or "E") return new Number(Math.E);
            if (nameStart != start) throw ErrorAt(start, $"unknown name '{text[start.._at].Trim()}'");
            return new Variable(name);
        }
        if (function is null)
            throw ErrorAt(nameStart, $"unknown function '{name}'; known: {Functions.KnownList}");
        int open = _at++;
        var args = new List<Expr>();
        SkipSpace();
        if (!Peek(')'))
        {
            while (true)
            {
                args.Add(Sum());
                SkipSpace();
                if (Peek(',')) { _at++; continue; }
                if (Peek(')')) break;
                throw _at >= text.Length ? ErrorAt(open, "unclosed '(': expected ')'") : Error("expected ',' or ')'");
            }
        }
        _at++;
        return Build(function, name, args, nameStart);
    }

    private Expr Build(string function, string written, List<Expr> args, int column)
    {
        if (function == "pow")
        {
            if (args.Count != 2) throw ErrorAt(column, $"pow takes 2 arguments, got {args.Count}");
            return new Binary(BinaryOperator.Power, args[0], args[1]);
        }
        if (function is "min" or "max")
        {
            if (args.Count < 2) throw ErrorAt(column, $"{written} takes 2 or more arguments, got {args.Count}");
            return args.Skip(1).Aggregate(args[0], (acc, next) => new Call(function, [acc, next]));
        }
        int arity = Functions.Get(function).Arity;
        if (args.Count != arity) throw ErrorAt(column, $"{written} takes {arity} argument{(arity == 1 ? "" : "s")}, got {args.Count}");
        return new Call(function, [.. args]);
    }

    private bool Peek(char c, int offset = 0) => _at + offset < text.Length && text[_at + offset] == c;

    private void SkipSpace()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
    }

    private ExpressionSyntaxException Error(string reason) => ErrorAt(_at, reason);

    private ExpressionSyntaxException ErrorAt(int index, string reason) => new(reason, text, index + 1);
}
