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
    public void AnAffineHeadSpansItsSpreadAsTheShapeGoesFromMinusOneToOne()
    {
        var head = OutputHead.For("t3", null, null).AsAffine(-5, 3);
        Assert.Equal(OutputHeadKind.Affine, head.Kind);
        Assert.False(head.HasMagnitude);
        Assert.True(head.HasShape);
        Assert.Equal(-5, head.Combine(0, -1).Y, 12);
        Assert.Equal(3, head.Combine(0, 1).Y, 12);
        var (y, dm, dt) = head.Combine(0, 0.25);
        Assert.Equal(-1 + 4 * 0.25, y, 12);
        Assert.Equal(0, dm);
        Assert.Equal(4, dt);
        // Only a free head turns affine: declared bounds keep their head.
        Assert.Equal(OutputHeadKind.Interval, OutputHead.For("t", 0, 1).AsAffine(-5, 3).Kind);
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
