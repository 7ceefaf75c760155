using EqNet.Models;

namespace EqNet.Tests.Models;

public class OutputHeadTests
{
    [Theory]
    [InlineData(null, null, OutputHeadKind.Free)]
    [InlineData(0.0, null, OutputHeadKind.LowerBound)]
    [InlineData(null, 1.0, OutputHeadKind.UpperBound)]
    [InlineData(0.0, 1.0, OutputHeadKind.Interval)]
    public void KindFollowsDeclaredBounds(double? min, double? max, OutputHeadKind expected) =>
        Assert.Equal(expected, OutputHead.For("y", min, max).Kind);

    [Fact]
    public void MagnitudeForInvertsCombine()
    {
        var lower = OutputHead.For("w", 2, null);
        double m = lower.MagnitudeFor(7.5);
        Assert.Equal(7.5, lower.Combine(m, 0).Y, 12);
        var upper = OutputHead.For("w", null, 2);
        Assert.Equal(-3.0, upper.Combine(upper.MagnitudeFor(-3), 0).Y, 12);
    }

    [Fact]
    public void FreeHeadCarriesSignInShape()
    {
        var (y, dm, dt) = OutputHead.For("y", null, null).Combine(Math.Log(1e5), -0.25);
        Assert.Equal(-25000, y, 6);
        Assert.Equal(y, dm);
        Assert.Equal(1e5, dt, 6);
    }
}
