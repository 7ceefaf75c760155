using EqNet.Expressions;

namespace EqNet.Tests.Expressions;

public class CompiledExpressionTests
{
    private const string Seed = "x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1";
    private static readonly string[] SeedInputs = ["x1", "x2", "x3", "x4", "x5"];

    [Fact]
    public void BatchEqualsInterpreterBitForBitOnTheSeed()
    {
        var expr = Expr.Parse(Seed);
        var compiled = expr.Compile(SeedInputs);
        var random = new Random(3);
        const int rows = 500;
        var data = new double[rows * SeedInputs.Length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Math.Exp((random.NextDouble() - 0.5) * 30);
        }

        var output = new double[rows];
        compiled.EvaluateBatch(data, rows, output);
        for (int r = 0; r < rows; r++)
        {
            var point = SeedInputs.Select((name, i) => (name, data[r * SeedInputs.Length + i])).ToDictionary(p => p.name, p => p.Item2);
            Assert.True(SameBits(expr.Evaluate(point), output[r]));
        }
    }

    [Fact]
    public void RandomTreesCompileToTheInterpretersBits()
    {
        var random = new Random(11);
        string[] layout = ["c", "a", "b"];
        var row = new double[3];
        for (int t = 0; t < 300; t++)
        {
            var expr = RandomTrees.Build(random, depth: 4);
            var compiled = expr.Compile(layout);
            for (int p = 0; p < 5; p++)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = (random.NextDouble() - 0.3) * 4;
                }

                var values = new Dictionary<string, double> { ["c"] = row[0], ["a"] = row[1], ["b"] = row[2] };
                double interpreted = expr.Evaluate(values);
                double fast = compiled.Evaluate(row);
                Assert.True(SameBits(interpreted, fast),
                    $"{expr} at c={row[0]:R}, a={row[1]:R}, b={row[2]:R}: interpreted {interpreted:R}, compiled {fast:R}");
            }
        }
    }

    /// <summary>Identical bits; any NaN equals any NaN, since the sign and payload of a NaN carry no meaning.</summary>
    private static bool SameBits(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    [Fact]
    public void VariablesAreReadInTheGivenOrderAndExtraOnesAreIgnored()
    {
        var compiled = Expr.Parse("a - 10*b").Compile(["unused", "b", "a"]);
        Assert.Equal(["unused", "b", "a"], compiled.Variables);
        Assert.Equal(3 - 10 * 2, compiled.Evaluate([100, 2, 3]));
    }

    [Fact]
    public void BatchReadsRowMajorRowsAndLeavesTheRestOfOutputAlone()
    {
        var compiled = Expr.Parse("x*y + 1").Compile(["x", "y"]);
        double[] rows = [1, 2, 3, 4, 5, 6, 99, 99];
        var output = new double[4];
        output[3] = -7;
        compiled.EvaluateBatch(rows, 3, output);
        Assert.Equal([3, 13, 31, -7], output);
    }

    [Fact]
    public void ConstantExpressionNeedsNoVariables()
    {
        var compiled = Expr.Parse("2*pi").Compile([]);
        Assert.Equal(2 * Math.PI, compiled.Evaluate([]));
        var output = new double[2];
        compiled.EvaluateBatch([], 2, output);
        Assert.Equal([2 * Math.PI, 2 * Math.PI], output);
    }

    [Fact]
    public void NaNAndInfinityPropagate()
    {
        var compiled = Expr.Parse("log(x) + 1/y + sign(x)").Compile(["x", "y"]);
        Assert.True(double.IsNaN(compiled.Evaluate([-1, 1])));
        Assert.Equal(double.PositiveInfinity, compiled.Evaluate([1, 0]));
        Assert.True(double.IsNaN(compiled.Evaluate([double.NaN, 1])));
    }

    [Fact]
    public void UnknownVariableIsAClearError()
    {
        var error = Assert.Throws<UnknownVariableException>(() => Expr.Parse(Seed).Compile(["x1", "x2", "x3", "x4"]));
        Assert.Equal("x5", error.Variable);
        Assert.Contains("(given: x1, x2, x3, x4)", error.Message);
    }

    [Fact]
    public void BadShapesAreClearErrors()
    {
        var compiled = Expr.Parse("x + y").Compile(["x", "y"]);
        Assert.Contains("expected 2 values (x, y), got 1", Assert.Throws<ArgumentException>(() => compiled.Evaluate([1])).Message);
        Assert.Contains("3 rows of 2 values need 6 values, got 5", Assert.Throws<ArgumentException>(() => compiled.EvaluateBatch(new double[5], 3, new double[3])).Message);
        Assert.Contains("output holds 2 values", Assert.Throws<ArgumentException>(() => compiled.EvaluateBatch(new double[6], 3, new double[2])).Message);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => Expr.Parse("x").Compile(["x", "x"])).Message);
    }
}
