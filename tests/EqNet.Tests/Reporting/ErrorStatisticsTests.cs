using EqNet.Reporting;

namespace EqNet.Tests.Reporting;

public class ErrorStatisticsTests
{
    [Fact]
    public void Quantiles_interpolate_between_sorted_values()
    {
        double[] sorted = [1, 2, 3, 4, 5];

        Assert.Equal(3, ErrorStatistics.Quantile(sorted, 0.5));
        Assert.Equal(4.96, ErrorStatistics.Quantile(sorted, 0.99), 12);
        Assert.Equal(1, ErrorStatistics.Quantile(sorted, 0));
        Assert.True(double.IsNaN(ErrorStatistics.Quantile([], 0.5)));
    }

    [Fact]
    public void Non_finite_values_are_dropped_and_zero_errors_clamped_to_the_floor()
    {
        Assert.Equal([-1, 2], ErrorStatistics.FiniteSorted([2, double.NaN, -1, double.PositiveInfinity]));
        Assert.Equal(-17, ErrorStatistics.Log10(0));
        Assert.Equal(-3, ErrorStatistics.Log10(1e-3), 12);
    }

    [Fact]
    public void Error_bins_split_the_range_evenly_and_report_median_and_p99()
    {
        // 100 points: x in [0, 99]; error is 1 below x = 50 and 10 above.
        var xs = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var errors = xs.Select(x => x < 49.5 ? 1.0 : 10.0).ToArray();

        var bins = ErrorBin.Compute(xs, errors);

        Assert.Equal(4, bins.Count);
        Assert.Equal([25, 25, 25, 25], bins.Select(b => b.Count));
        Assert.Equal([1.0, 1.0, 10.0, 10.0], bins.Select(b => b.Median));
        Assert.Equal(12.375, bins[0].Center, 12);
    }

    [Fact]
    public void A_single_valued_input_makes_one_bin_and_nan_points_are_skipped()
    {
        var bins = ErrorBin.Compute([3, 3, 3, double.NaN, 3], [1e-3, 2e-3, double.NaN, 5, 3e-3]);

        var bin = Assert.Single(bins);
        Assert.Equal((3.0, 3, 2e-3), (bin.Center, bin.Count, bin.Median));
    }

    [Fact]
    public void Histogram_counts_every_value_once_and_widens_a_zero_span()
    {
        var histogram = Log10Histogram.Spanning(-6, -2, 4).Fill([-6, -5.5, -4.2, -3.5, -2, -2]);
        Assert.Equal([2, 1, 1, 2], histogram.Counts);

        var flat = Log10Histogram.Spanning(-17, -17, 10).Fill([-17, -17, -17]);
        Assert.Equal([3], flat.Counts);
        Assert.Equal(-17, flat.Center(0));
    }
}
