using CsCheck;
using EqNet.Expressions;

namespace EqNet.Tests.Fuzzing;

/// <summary>Property-based tests of the expression language: parser, printer, simplifier and derivative rules.</summary>
public class ExpressionFuzzTests
{
    [Fact]
    public void ParsingAnyTextGivesATreeOrASyntaxError()
    {
        FuzzGens.TokenSoup.Select(FuzzGens.AnyString, (soup, any) => (soup, any)).Sample(t =>
        {
            ParseOrSyntaxError(t.soup);
            ParseOrSyntaxError(t.any);
            ParseOrSyntaxError(t.soup + t.any);
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O2"), iter: FuzzGens.Count(3000), threads: FuzzGens.Threads);
    }

    [Fact]
    public void PrintedTreesParseBackToEqualTrees()
    {
        FuzzGens.Tree.Sample(e =>
        {
            Assert.Equal(e, Expr.Parse(e.ToString()));
            var equation = Equation.Parse($"y = {e}");
            Assert.Equal(e, equation.Rhs);
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O3"), iter: FuzzGens.Count(3000), threads: FuzzGens.Threads);
    }

    [Fact]
    public void SimplifyPreservesTheValueWhereFinite()
    {
        long compared = 0;
        Gen.Select(FuzzGens.Tree, FuzzGens.Point).Sample((e, x) =>
        {
            var values = Values(x);
            double before = e.Evaluate(values), after = e.Simplify().Evaluate(values);
            // Compare where the value is finite and well-conditioned: where nudging the point by a few ulps moves it by
            // more than 1e-10, rounding alone can differ between two equivalent orders of operations.
            if (!Moderate(e, values) || !Conditioned(e, x, before)) return;
            Assert.True(Math.Abs(before - after) <= 1e-9 * (1 + Math.Abs(before)), $"{e} -> {e.Simplify()}: {before} vs {after}");
            Interlocked.Increment(ref compared);
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O4"), iter: FuzzGens.Count(3000), threads: FuzzGens.Threads);
        Assert.True(compared > FuzzGens.Count(3000) / 5, $"only {compared} finite, well-conditioned cases");
    }

    [Fact]
    public void DerivativesAgreeWithCentralDifferencesWhereSmooth()
    {
        long compared = 0;
        Gen.Select(FuzzGens.Tree, FuzzGens.Point, Gen.Int[0, 2]).Sample((e, x, k) =>
        {
            string v = FuzzGens.Variables[k];
            if (!Moderate(e, Values(x)) || Tie(e, Values(x))) return;
            double exact = e.Derivative(v).Evaluate(Values(x));
            double h = 1e-4 * x[k];
            double wide = Central(e, x, k, h), narrow = Central(e, x, k, h / 2);
            // Smooth here when both step sizes agree (no kink of abs/min/max/sign, no pole); the differences' own
            // rounding, about eps*|f|/h, is allowed for (sinh of a large number leaves nothing of a small step).
            double rounding = 1e3 * 2.2e-16 * Math.Abs(e.Evaluate(Values(x))) / h;
            double forward = OneSided(e, x, k, h), backward = OneSided(e, x, k, -h);
            if (!double.IsFinite(exact) || !double.IsFinite(wide) || !double.IsFinite(rounding)
                || Math.Abs(wide - narrow) > 1e-6 * (1 + Math.Abs(narrow)) + rounding
                || Math.Abs(forward - backward) > 1e-2 * (1 + Math.Abs(narrow)) + rounding) return; // a kink (a tie of min/max, abs at 0)
            Assert.True(Math.Abs(exact - narrow) <= 1e-5 * (1 + Math.Abs(narrow)) + rounding, $"d/d{v} {e} at ({string.Join(", ", x)}): {exact} vs differences {narrow}");
            Interlocked.Increment(ref compared);
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O5"), iter: FuzzGens.Count(3000), threads: FuzzGens.Threads);
        Assert.True(compared > FuzzGens.Count(3000) / 5, $"only {compared} smooth cases");
    }

    [Fact]
    public void CompiledAndInterpretedEvaluationAgree()
    {
        Gen.Select(FuzzGens.Tree, FuzzGens.Point).Sample((e, x) =>
        {
            double interpreted = e.Evaluate(Values(x));
            double compiled = e.Compile(FuzzGens.Variables).Evaluate(x);
            Assert.True(interpreted.Equals(compiled) || Math.Abs(interpreted - compiled) <= 1e-12 * Math.Abs(interpreted), $"{e}: {interpreted} vs {compiled}");
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O6"), iter: FuzzGens.Count(3000), threads: FuzzGens.Threads);
    }

    /// <summary>Parse as an expression and as an equation: a tree (which prints and parses back) or a syntax error, nothing else.</summary>
    internal static void ParseOrSyntaxError(string text)
    {
        try
        {
            var e = Expr.Parse(text);
            Assert.Equal(e, Expr.Parse(e.ToString()));
            e.Evaluate(e.Variables.ToDictionary(v => v, _ => 1.5));
        }
        catch (ExpressionSyntaxException)
        {
        }
        try
        {
            Equation.Parse(text);
        }
        catch (ExpressionSyntaxException)
        {
        }
    }

    /// <summary>
    /// Every subexpression finite and below 1e6 in size: the simplifier's identities (0*x = 0, x - x = 0) hold for
    /// finite x only, and a huge intermediate (tan(pi**cosh(4.75))) leaves a result that is rounding noise.
    /// </summary>
    private static bool Moderate(Expr e, Dictionary<string, double> values) =>
        Math.Abs(e.Evaluate(values)) < 1e6 && e switch
        {
            UnaryExpr u => Moderate(u.Operand, values),
            BinaryExpr b => Moderate(b.Left, values) && Moderate(b.Right, values),
            CallExpr c => c.Arguments.All(a => Moderate(a, values)),
            _ => true,
        };

    /// <summary>A min/max whose arguments tie (the derivative there is the average subgradient by convention, see DerivativeTests, which no difference quotient sees), or a point next to a singularity of the derivative.</summary>
    private static bool Tie(Expr e, Dictionary<string, double> values) => e switch
    {
        CallExpr { Function: MathFunction.Min or MathFunction.Max } c when c.Arguments.Select(a => a.Evaluate(values)).Distinct().Count() < c.Arguments.Count => true,
        // Next to a singularity of the derivative (atanh(tanh(16.5)): tanh rounds to 1 - 2e-15) the function's
        // computed value is flat while its derivative is large: no difference quotient can check it there.
        CallExpr { Function: MathFunction.Atanh or MathFunction.Asin or MathFunction.Acos } c when Math.Abs(c.Arguments[0].Evaluate(values)) > 1 - 1e-6 => true,
        CallExpr { Function: MathFunction.Acosh } c when c.Arguments[0].Evaluate(values) < 1 + 1e-6 => true,
        CallExpr { Function: MathFunction.Log or MathFunction.Log10 or MathFunction.Log2 or MathFunction.Sqrt } c when Math.Abs(c.Arguments[0].Evaluate(values)) < 1e-6 => true,
        UnaryExpr u => Tie(u.Operand, values),
        BinaryExpr b => Tie(b.Left, values) || Tie(b.Right, values),
        CallExpr c => c.Arguments.Any(a => Tie(a, values)),
        _ => false,
    };

    private static bool Conditioned(Expr e, double[] x, double value)
    {
        var nudged = x.Select(v => v * (1 + 1e-13)).ToArray();
        double moved = e.Evaluate(Values(nudged));
        return double.IsFinite(moved) && Math.Abs(moved - value) <= 1e-10 * (1 + Math.Abs(value));
    }

    private static double OneSided(Expr e, double[] x, int k, double h)
    {
        var moved = (double[])x.Clone();
        moved[k] += h;
        return (e.Evaluate(Values(moved)) - e.Evaluate(Values(x))) / h;
    }

    private static double Central(Expr e, double[] x, int k, double h)
    {
        var plus = (double[])x.Clone();
        var minus = (double[])x.Clone();
        plus[k] += h;
        minus[k] -= h;
        return (e.Evaluate(Values(plus)) - e.Evaluate(Values(minus))) / (2 * h);
    }

    private static Dictionary<string, double> Values(double[] x) =>
        FuzzGens.Variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => x[p.i]);
}
