using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class ReduceOnPlateauTests
{
    [Fact]
    public void RateDropsAfterMoreThanPatienceReportsWithoutImprovement()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.5, patience: 2);
        Assert.False(schedule.Report(10));
        Assert.False(schedule.Report(10)); // bad 1
        Assert.False(schedule.Report(11)); // bad 2
        Assert.True(schedule.Report(10));  // bad 3 > patience
        Assert.Equal(0.5, schedule.Rate);
        Assert.Equal(0.5, schedule.RateAt(123));
        Assert.Equal(1, schedule.Reductions);
        Assert.Equal(10, schedule.Best);
    }

    [Fact]
    public void GainsSmallerThanTheRelativeThresholdDoNotCountAsImprovement()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.1, patience: 1, threshold: 0.01);
        schedule.Report(100);
        Assert.False(schedule.Report(99.5)); // 0.5 % better: below the 1 % threshold, bad 1
        Assert.True(schedule.Report(99.2));  // bad 2
        Assert.Equal(0.1, schedule.Rate, 15);
        Assert.Equal(100, schedule.Best);
        Assert.False(schedule.Report(98));   // 2 % better: counts, resets patience
        Assert.Equal(98, schedule.Best);
    }

    [Fact]
    public void CooldownSuspendsCountingAfterADrop()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.5, patience: 0, cooldown: 2);
        schedule.Report(5);
        Assert.True(schedule.Report(5));   // patience 0: the first bad report drops the rate
        Assert.False(schedule.Report(5));  // cooldown 2 -> 1
        Assert.False(schedule.Report(5));  // cooldown 1 -> 0
        Assert.True(schedule.Report(5));   // counting again
        Assert.Equal(0.25, schedule.Rate);
    }

    [Fact]
    public void RateNeverFallsBelowTheMinimum()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.1, patience: 0, minRate: 0.05);
        schedule.Report(1);
        Assert.True(schedule.Report(2));
        Assert.Equal(0.1, schedule.Rate, 15);
        Assert.True(schedule.Report(2));
        Assert.Equal(0.05, schedule.Rate, 15);
        Assert.False(schedule.Report(2));
        Assert.Equal(0.05, schedule.Rate, 15);
        Assert.Equal(2, schedule.Reductions);
    }

    [Fact]
    public void NaNMetricCountsAsNoImprovement()
    {
        var schedule = new ReduceOnPlateau(1.0, factor: 0.5, patience: 0);
        schedule.Report(3);
        Assert.True(schedule.Report(double.NaN));
        Assert.Equal(3, schedule.Best);
    }
}
