using EqNet.Reporting;

namespace EqNet.Tests.Reporting;

public class AxisScaleTests
{
    [Fact]
    public void Positive_values_spanning_decades_get_a_log_scale()
    {
        var scale = AxisScale.Choose([1e-3, 0.5, 40, 2e6, double.NaN]);

        Assert.Equal(AxisScaleKind.Log, scale.Kind);
        Assert.Equal(-3, scale.Forward(1e-3), 12);
    }

    [Fact]
    public void Values_in_one_decade_stay_linear()
    {
        Assert.Equal(AxisScaleKind.Linear, AxisScale.Choose([1, 2, 5, 9.9]).Kind);
        Assert.Equal(AxisScaleKind.Linear, AxisScale.Choose([-3, 0, 4]).Kind);
        Assert.Equal(AxisScaleKind.Linear, AxisScale.Choose([0, 0, 0]).Kind);
        Assert.Equal(AxisScaleKind.Linear, AxisScale.Choose([]).Kind);
    }

    [Fact]
    public void Signed_values_spanning_decades_get_an_asinh_scale_linear_below_a_round_width()
    {
        double[] values = [-2e5, -30, -0.4, -0.03, 0, 0.02, 0.7, 12, 3e4, 8e6];

        var scale = AxisScale.Choose(values);

        Assert.Equal(AxisScaleKind.Asinh, scale.Kind);
        Assert.Equal(0.01, scale.AsinhWidth, 12);
        Assert.Equal(Math.Asinh(-3000), scale.Forward(-30), 12);
        Assert.Equal(0, scale.Forward(0));
    }

    [Fact]
    public void Inputs_use_log_only_when_log_scaled_and_positive()
    {
        Assert.Equal(AxisScaleKind.Log, AxisScale.ForInput(true, [1e-3, 1e4]).Kind);
        Assert.Equal(AxisScaleKind.Linear, AxisScale.ForInput(true, [0, 1e4]).Kind);
        Assert.Equal(AxisScaleKind.Linear, AxisScale.ForInput(false, [1e-3, 1e4]).Kind);
        Assert.False(AxisScale.Log.CanShow(0));
        Assert.True(AxisScale.Linear.CanShow(-1));
    }
}
