using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

public class ScheduleTests
{
    [Fact]
    public void ConstantScheduleNeverChanges()
    {
        var schedule = new ConstantSchedule(0.003);
        Assert.Equal(0.003, schedule.RateAt(0));
        Assert.Equal(0.003, schedule.RateAt(1_000_000));
    }

    [Fact]
    public void CosineFallsFromInitialThroughMidpointToFloorAndStays()
    {
        var schedule = new CosineSchedule(0.1, 100, floorRate: 0.01);
        Assert.Equal(0.1, schedule.RateAt(0), 15);
        Assert.Equal(0.055, schedule.RateAt(50), 15);
        Assert.Equal(0.01 + 0.09 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), schedule.RateAt(25), 15);
        Assert.Equal(0.01, schedule.RateAt(100), 15);
        Assert.Equal(0.01, schedule.RateAt(5000), 15);
    }

    [Fact]
    public void WarmupRampsLinearlyThenHandsOverToTheInnerScheduleFromItsStart()
    {
        var schedule = new WarmupSchedule(new CosineSchedule(1.0, 10), 4);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(0, 4).Select(k => schedule.RateAt(k)));
        Assert.Equal(1.0, schedule.RateAt(4), 15);
        Assert.Equal(0.5, schedule.RateAt(9), 15);
        Assert.Equal(0.0, schedule.RateAt(14), 15);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CosineSchedule(0.01, 10, floorRate: 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(1).RateAt(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(0.1, factor: 1));
    }
}
