using EqNet.Fitting;

namespace EqNet.Tests.Fitting;

public class CoverageTests
{
    [Fact]
    public void The_95_percent_interval_holds_the_true_constant_in_most_noise_draws()
    {
        // 20 seeded draws (eqnet bench coverage runs 100): a 95% interval misses more than 3 of 20 with probability 1.6%.
        var (covered, estimates, profileCovered) = CoverageStudy.Run(draws: 20, rows: 25);
        Assert.InRange(covered, 17, 20);
        Assert.InRange(profileCovered, 17, 20);
        Assert.InRange(estimates.Average(), CoverageStudy.TrueEa * 0.98, CoverageStudy.TrueEa * 1.02);
    }

    [Fact]
    public void With_a_learned_term_the_95_percent_intervals_hold_the_true_constants_in_most_noise_draws()
    {
        // 20 seeded draws of the rate law with a learned background (eqnet bench coverage --learned-term runs 100).
        var outcomes = LearnedTermCoverageStudy.Run(draws: 20);
        Assert.InRange(outcomes.Count(o => o.EaCovered), 17, 20);
        Assert.InRange(outcomes.Count(o => o.KCovered), 17, 20);
        Assert.InRange(outcomes.Average(o => o.Ea), LearnedTermCoverageStudy.TrueEa * 0.99, LearnedTermCoverageStudy.TrueEa * 1.01);
        Assert.All(outcomes, o => Assert.True(o.TermError < 0.1, $"learned term off by {o.TermError:P1} RMS"));
    }
}
