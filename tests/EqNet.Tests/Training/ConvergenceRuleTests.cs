using EqNet.Training;

namespace EqNet.Tests.Training;

public class ConvergenceRuleTests
{
    /// <summary>Feeds (seconds, best p99) one validation a second; returns the index of the first "converged", or -1.</summary>
    private static int FirstStop(ConvergenceRule rule, IReadOnlyList<double> p99, double budget)
    {
        for (int i = 0; i < p99.Count; i++)
            if (rule.Observe(i + 1, p99[i], budget)) return i;
        return -1;
    }

    [Fact]
    public void TheRoundingFloorStopsAtOnce() =>
        Assert.Equal(0, FirstStop(new ConvergenceRule(10, 0.01, 0.25), [5e-15], 60));

    [Fact]
    public void AFlatRunStopsAfterOneWindow()
    {
        var flat = Enumerable.Repeat(1e-6, 30).ToArray();
        Assert.Equal(10, FirstStop(new ConvergenceRule(10, 0.01, 0.25), flat, 60));
    }

    [Fact]
    public void AWindowOfFastValidationsMustAlsoSpanAShareOfTheBudget()
    {
        // Validations 0.1 s apart: ten of them are 1 s, too short to call a 60 s run flat; the window grows to 9 s.
        var rule = new ConvergenceRule(10, 0.01, 0.25);
        int stop = -1;
        for (int i = 0; i < 200 && stop < 0; i++)
            if (rule.Observe(0.1 * i, 1e-6, 60)) stop = i;
        Assert.Equal(90, stop);
        Assert.True(0.1 * stop >= ConvergenceRule.MinWindowShare * 60);
    }

    [Fact]
    public void ASlowGrindStopsWhenTheRestOfTheBudgetPromisesLittle()
    {
        // 0.3 % better per validation: 3 % per window of 10, so not flat; at that pace the 50 s left would give 16 %.
        var grind = Enumerable.Range(0, 40).Select(i => 7.4e-9 * Math.Pow(0.997, i)).ToArray();
        Assert.Equal(10, FirstStop(new ConvergenceRule(10, 0.01, 0.25), grind, 60));
        // With a long budget the same pace is worth continuing until the budget left shrinks.
        int stop = FirstStop(new ConvergenceRule(10, 0.01, 0.25), grind, 100);
        Assert.InRange(stop, 11, 39);
        Assert.True(0.003 * (100 - (stop + 1)) < Math.Log(1.25) + 0.01);
    }

    [Fact]
    public void TheLastQuarterOfTheBudgetIsNotCutForPace()
    {
        // 5 % better per window: not flat; from 11 s of a 13 s budget on the rest promises little, but saves little time too.
        var late = Enumerable.Range(0, 20).Select(i => 1e-5 * Math.Pow(0.995, i)).ToArray();
        Assert.Equal(-1, FirstStop(new ConvergenceRule(10, 0.01, 0.25), late, 13));
        Assert.Equal(10, FirstStop(new ConvergenceRule(10, 0.01, 0.25), late, 30));
    }

    [Fact]
    public void ARunStillGainingDecadesGoesOn()
    {
        var improving = Enumerable.Range(0, 50).Select(i => Math.Pow(10, -2 - i / 10.0)).ToArray();
        Assert.Equal(-1, FirstStop(new ConvergenceRule(10, 0.01, 0.25), improving, 60));
    }

    [Fact]
    public void NonFiniteErrorsNeverCountAsConverged()
    {
        var rule = new ConvergenceRule(2, 0.01, 0.25);
        Assert.False(rule.Observe(1, double.PositiveInfinity, 60));
        Assert.False(rule.Observe(2, double.PositiveInfinity, 60));
        Assert.False(rule.Observe(3, double.PositiveInfinity, 60));
        Assert.False(rule.Observe(4, 1e-3, 60));
    }
}
