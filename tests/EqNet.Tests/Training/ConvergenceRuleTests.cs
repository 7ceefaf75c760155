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
    public void ASlowGrindLevelsOffWithoutBeingFlatAndAFlatRunIsFlat()
    {
        var rule = new ConvergenceRule(10, 0.01, 0.25);
        var grind = Enumerable.Range(0, 40).Select(i => 7.4e-9 * Math.Pow(0.997, i)).ToArray();
        Assert.Equal(10, FirstStop(rule, grind, 60));
        Assert.False(rule.Flat);
        Assert.Equal(-Math.Log(0.997), rule.Pace, 9);
        var flat = new ConvergenceRule(10, 0.01, 0.25);
        Assert.Equal(10, FirstStop(flat, Enumerable.Repeat(1e-6, 30).ToArray(), 60));
        Assert.True(flat.Flat);
        Assert.Equal(0, flat.Pace);
    }

    /// <summary>
    /// Kepler with M from 0 (60 s): the held-out p99 still fell about 5 % per 10 s window when the run stopped as
    /// "converged" after 21 s at 1.5e-4. Replayed one validation a second: the rule still calls it levelled off (the rest
    /// of the budget at that pace is worth less than a refinement), but the run now turns to its correction stages, and
    /// with none left to try it goes on, because the error still falls.
    /// </summary>
    [Fact]
    public void KeplerFromZeroNoLongerConvergesWhileItsErrorStillFalls()
    {
        var history = Enumerable.Range(0, 60).Select(i => 1.67e-4 * Math.Pow(0.9945, i)).ToArray();
        var rule = new ConvergenceRule(10, 0.01, 0.25);
        var staged = new CorrectionRefinement(new TrainingOptions { TimeBudgetSeconds = 60 });
        var alone = new CorrectionRefinement(new TrainingOptions { TimeBudgetSeconds = 60, MaxCorrectionStages = 0 });
        int levelled = -1;
        for (int i = 0; i < history.Length; i++)
        {
            if (!rule.Observe(i + 1, history[i], 60)) continue;
            levelled = levelled < 0 ? i : levelled;
            staged.Plateau(rule.Flat);
            alone.Plateau(rule.Flat);
            Assert.False(staged.Exhausted, $"converged at {i + 1} s while the p99 still falls");
            Assert.False(alone.Exhausted, $"converged at {i + 1} s without stages while the p99 still falls");
        }
        Assert.InRange(levelled, 10, 25);
        // At 1.5e-4 the network is still far above a floor a stage could lift (CorrectionRefinement.LargestP99): it keeps the time.
        Assert.False(staged.Due(history[levelled], 0, levelled + 1, rule.Pace));
        Assert.True(staged.Due(1e-7, 0, levelled + 1, rule.Pace), "near its floor, the stages are the next refinement");
        // Flat (no gain over a window) after the refinement was tried: the floor, converged.
        alone.Plateau(flat: true);
        Assert.True(alone.Exhausted);
    }

    [Fact]
    public void TheStagesWaitWhileTheNetworkStillGainsMoreThanAStageWould()
    {
        var refinement = new CorrectionRefinement(new TrainingOptions { TimeBudgetSeconds = 60 });
        // 65 % of the budget spent: at 0.2 per second the 21 s left promise a factor 67, more than a stage's 10.
        Assert.False(refinement.Due(1e-7, 0, 39, 0.2));
        Assert.True(refinement.Due(1e-7, 0, 39, 0.05));
        Assert.False(refinement.Due(1e-7, 0, 30, 0.05));
        Assert.False(refinement.Due(1e-7, 0, 39, double.NaN));
        Assert.False(refinement.Due(1e-15, 0, 39, 0.05));
        Assert.False(refinement.Due(1e-5, 0, 39, 0.05));
        // A step-limited run switches on its steps alone.
        var steps = new CorrectionRefinement(new TrainingOptions { MaxSteps = 100 });
        Assert.False(steps.Due(1e-7, 64, 1000, 0));
        Assert.True(steps.Due(1e-7, 65, 0, double.NaN));
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
