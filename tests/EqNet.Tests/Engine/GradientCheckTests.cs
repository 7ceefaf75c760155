using EqNet.Engine;
using EqNet.Engine.Ops;

namespace EqNet.Tests.Engine;

public class GradientCheckTests
{
    /// <summary>Central differences of the loss against the tape's gradient, for every input element and parameter.</summary>
    private static void Check(Graph<double> g, params Node<double>[] inputs)
    {
        g.Forward();
        g.Backward();
        var analytic = inputs.Select(n => n.Grad.Data.ToArray()).Concat(g.Parameters.Select(p => p.Grad.Data.ToArray())).ToArray();
        var values = inputs.Select(n => n.Value.Data).Concat(g.Parameters.Select(p => p.Value.Data)).ToArray();
        double worst = 0;
        for (int t = 0; t < values.Length; t++)
        {
            for (int i = 0; i < values[t].Length; i++)
            {
                double saved = values[t][i], h = 1e-6 * Math.Max(1, Math.Abs(saved));
                values[t][i] = saved + h;
                double plus = g.Forward();
                values[t][i] = saved - h;
                double minus = g.Forward();
                values[t][i] = saved;
                double numeric = (plus - minus) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[t][i]) / Math.Max(1e-3, Math.Abs(numeric) + Math.Abs(analytic[t][i])));
            }
        }
        Assert.True(worst < 1e-6, $"worst relative gradient error {worst:E2}");
    }

    private static InputNode<double> Input(Graph<double> g, int cols, Random r, double lo = -1, double hi = 1)
    {
        var x = g.Input("x", cols, requiresGradient: true);
        for (int i = 0; i < x.Value.Data.Length; i++) x.Value.Data[i] = lo + (hi - lo) * r.NextDouble();
        return x;
    }

    [Theory]
    [InlineData(UnaryFunction.Tanh)]
    [InlineData(UnaryFunction.Sigmoid)]
    [InlineData(UnaryFunction.Softplus)]
    [InlineData(UnaryFunction.SiLU)]
    [InlineData(UnaryFunction.Exp)]
    [InlineData(UnaryFunction.Log)]
    [InlineData(UnaryFunction.Sqrt)]
    [InlineData(UnaryFunction.Sin)]
    [InlineData(UnaryFunction.Cos)]
    [InlineData(UnaryFunction.Abs)]
    [InlineData(UnaryFunction.Square)]
    [InlineData(UnaryFunction.Power)]
    public void EveryElementwiseFunction(UnaryFunction f)
    {
        using var g = new Graph<double>(7, 2);
        var r = new Random((int)f);
        bool positive = f is UnaryFunction.Log or UnaryFunction.Sqrt or UnaryFunction.Power;
        var x = Input(g, 3, r, positive ? 0.2 : -1.5, 1.5);
        g.Sum(g.Apply(f, x, 1.7));
        Check(g, x);
    }

    [Theory]
    [InlineData(BinaryOperator.Add, 7, 3)]
    [InlineData(BinaryOperator.Subtract, 1, 3)]
    [InlineData(BinaryOperator.Multiply, 7, 1)]
    [InlineData(BinaryOperator.Divide, 1, 1)]
    [InlineData(BinaryOperator.Multiply, 7, 3)]
    public void EveryBinaryOperatorWithBroadcasting(BinaryOperator op, int rowsB, int colsB)
    {
        using var g = new Graph<double>(7, 2);
        var r = new Random(3);
        var a = Input(g, 3, r);
        var p = g.Parameter("b", rowsB == 7 ? 7 : rowsB, colsB);
        for (int i = 0; i < p.Value.Data.Length; i++) p.Value.Data[i] = 0.5 + r.NextDouble();
        g.Sum(g.Apply(UnaryFunction.Square, g.Binary(op, a, g.Use(p))));
        Check(g, a);
    }

    [Fact]
    public void SliceConcatMeanAndMse()
    {
        using var g = new Graph<double>(6, 2);
        var r = new Random(4);
        var x = Input(g, 4, r);
        var target = Input(g, 5, r);
        var joined = g.Concat(g.Slice(x, 1, 2), g.Apply(UnaryFunction.Tanh, x));
        var y = g.Slice(joined, 0, 5);
        g.MseLoss(g.Binary(BinaryOperator.Add, y, g.Mean(x)), target);
        Check(g, x);
    }

    [Fact]
    public void WholeNetwork()
    {
        using var g = new Graph<double>(9, 2);
        var r = new Random(5);
        var x = Input(g, 5, r);
        Node<double> h = x;
        int[] sizes = [5, 16, 16, 1];
        for (int l = 1; l < sizes.Length; l++)
        {
            var w = g.Parameter($"W{l}", sizes[l - 1], sizes[l]);
            var b = g.Parameter($"b{l}", 1, sizes[l]);
            Initializer.Xavier(w, r);
            for (int i = 0; i < b.Value.Data.Length; i++) b.Value.Data[i] = 0.1 * r.NextDouble();
            h = g.Linear(h, w, b);
            if (l < sizes.Length - 1) h = g.Tanh(h);
        }
        var target = Input(g, 1, r);
        g.MseLoss(h, target);
        Check(g, x);
    }
}
