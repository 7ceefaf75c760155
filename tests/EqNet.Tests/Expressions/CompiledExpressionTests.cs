using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class CompiledExpressionTests
{
    [Theory]
    [InlineData("x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1")]
    [InlineData("exp(-x1/x3) + log(x2)*sqrt(x5) - abs(x4 - 0.5)^1.5 + min(x1, x2) + max(x3, x4, x5)")]
    [InlineData("sin(x1)*cos(x2)*tan(x3) + asinh(x4) + atan(x5) + sign(x1 - x2) + step(x2 - x1)")]
    public void BatchEqualsInterpretedEvaluationBitForBit(string text)
    {
        var e = Expr.Parse(text);
        string[] names = ["x1", "x2", "x3", "x4", "x5"];
        var compiled = e.Compile(names);
        var random = new Random(1);
        int n = 500;
        var rows = Enumerable.Range(0, n * 5).Select(_ => random.NextDouble() * 10).ToArray();
        var output = new double[n];
        compiled.EvaluateBatch(rows, n, output);
        for (int i = 0; i < n; i++)
        {
            var values = names.Select((name, j) => (name, rows[i * 5 + j])).ToDictionary(p => p.name, p => p.Item2);
            Assert.Equal(e.Evaluate(values), output[i]);
            Assert.Equal(output[i], compiled.Evaluate(rows.AsSpan(i * 5, 5)));
        }
    }

    [Fact]
    public void DomainErrorsBecomeNaNNotExceptions()
    {
        var compiled = Expr.Parse("log(x) + sqrt(x)").Compile(["x"]);
        Assert.True(double.IsNaN(compiled.Evaluate([-1.0])));
    }

    [Fact]
    public void UnknownVariableIsNamedAtCompileTime()
    {
        var e = Assert.Throws<ArgumentException>(() => Expr.Parse("a + q").Compile(["a", "b"]));
        Assert.Contains("'q'", e.Message);
    }

    [Fact]
    public void ConstantExpressionsCompile()
    {
        var output = new double[3];
        Expr.Parse("2*pi").Compile([]).EvaluateBatch([], 3, output);
        Assert.All(output, v => Assert.Equal(2 * Math.PI, v));
    }
}
