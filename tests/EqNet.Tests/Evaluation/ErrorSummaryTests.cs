using EqNet.Evaluation;

namespace EqNet.Tests.Evaluation;

public class ErrorSummaryTests
{
    [Fact]
    public void NearestRankPercentilesOfOneToHundred()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        var s = ErrorSummary.Of(values);
        Assert.Equal(50, s.Median);
        Assert.Equal(90, s.P90);
        Assert.Equal(99, s.P99);
        Assert.Equal(100, s.Max);
        Assert.Equal(100, values[0]);
    }

    [Fact]
    public void NaNCountsAsWorst()
    {
        var s = ErrorSummary.Of([1e-9, double.NaN, 1e-8]);
        Assert.Equal(double.PositiveInfinity, s.Max);
        Assert.Equal(1e-8, s.Median);
    }
}
