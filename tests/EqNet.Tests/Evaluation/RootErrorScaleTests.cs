using EqNet.Evaluation;

namespace EqNet.Tests.Evaluation;

public class RootErrorScaleTests
{
    [Fact]
    public void AnOutputOfOneSignAndOrdinarySizeIsRootRelative()
    {
        var (kind, _) = RootErrorScale.Choose([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(RootErrorKind.RootRelative, kind);
    }

    [Fact]
    public void AnOutputThatCrossesZeroIsMeasuredAgainstItsMedianMagnitude()
    {
        var (kind, scale) = RootErrorScale.Choose([-0.3, -0.1, 0.2, 0.4, 0.5]);
        Assert.Equal(RootErrorKind.ScaleRelative, kind);
        Assert.Equal(0.3, scale);
    }

    [Fact]
    public void AnOutputTinyAtMoreThanOnePercentOfPointsIsScaleRelative()
    {
        var values = Enumerable.Repeat(1.0, 97).Concat([1e-9, 1e-8, 1e-7]).ToArray();
        Assert.Equal((RootErrorKind.ScaleRelative, 1.0), RootErrorScale.Choose(values));
        var fewer = Enumerable.Repeat(1.0, 199).Append(1e-9).ToArray();
        Assert.Equal(RootErrorKind.RootRelative, RootErrorScale.Choose(fewer).Kind);
    }

    [Fact]
    public void AnOutputOfOneSignSpanningDecadesIsRootRelative()
    {
        // An equilibrium constant exp(10 - 20000/T) over T in [300, 3000]: 25 decades, its small values are its range.
        var values = Enumerable.Range(0, 1000).Select(i => Math.Exp(10 - 20000 / (300 + 2700 * i / 999.0))).ToArray();
        Assert.Equal(RootErrorKind.RootRelative, RootErrorScale.Choose(values).Kind);
    }

    [Fact]
    public void TheFilesScaleWins() => Assert.Equal((RootErrorKind.ScaleRelative, 0.5), RootErrorScale.Choose([1.0, 2.0], 0.5));

    [Fact]
    public void ComparisonDividesByTheScaleAndSaysSo()
    {
        // A phase angle: the error 1e-4 at y* = 1e-5 is 10 relative to y*, 1e-3 relative to the median |y*| 0.1.
        double[] reference = [-0.2, -0.1, 1e-5, 0.1, 0.2];
        double[] predicted = [-0.2, -0.1, 1e-5 + 1e-4, 0.1, 0.2];
        var result = Evaluator.Compare("phase", predicted, reference, 5, 1, 0);
        Assert.Equal(RootErrorKind.ScaleRelative, result.RootErrorKind);
        Assert.Equal(0.1, result.RootErrorScale);
        Assert.Equal(1e-3, result.RootRelativeError!.Max, 1e-12);
        var json = MetricsJsonOutput(result);
        Assert.Equal("scale-relative", json["root_error_kind"]!.GetValue<string>());
        Assert.Equal(0.1, json["root_error_scale"]!.GetValue<double>());

        var given = Evaluator.Compare("phase", predicted, reference, 5, 1, 0, scale: 1.0);
        Assert.Equal(1e-4, given.RootRelativeError!.Max, 1e-12);
        var positive = Evaluator.Compare("y", [1.1, 2.0], [1.0, 2.0], 2, 1, 0);
        Assert.Equal(RootErrorKind.RootRelative, positive.RootErrorKind);
        Assert.Null(positive.RootErrorScale);
        Assert.Equal("root-relative", MetricsJsonOutput(positive)["root_error_kind"]!.GetValue<string>());
    }

    private static System.Text.Json.Nodes.JsonObject MetricsJsonOutput(OutputResult output)
    {
        var summary = ErrorSummary.Of([0.0]);
        var result = new EvaluationResult("p", 1, 1, summary, [], [output], new EvaluationPoints([], [], [], [], []), new NewtonCheck(1, 0, null, null));
        return MetricsJson.Build(result, null, null)["outputs"]![output.Name]!.AsObject();
    }
}
