using EqNet.Fitting;

namespace EqNet.Tests.Fitting;

public class CoverageTests
{
    [Fact]
    public void The_95_percent_interval_holds_the_true_constant_in_most_noise_draws()
    {
        // 20 seeded draws (eqnet bench coverage runs 100): a 95% interval misses more than 3 of 20 with probability 1.6%.
        var (covered, estimates) = CoverageStudy.Run(draws: 20, rows: 25);
        Assert.InRange(covered, 17, 20);
        Assert.InRange(estimates.Average(), CoverageStudy.TrueEa * 0.98, CoverageStudy.TrueEa * 1.02);
    }
}
