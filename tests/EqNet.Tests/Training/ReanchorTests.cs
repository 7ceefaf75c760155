using EqNet.Evaluation;
using EqNet.Problems;
using EqNet.Tests.Structure;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class ReanchorTests
{
    [Fact]
    public void A_residual_fit_stalled_on_a_domain_edge_goes_back_to_the_reference_fit()
    {
        // Torn at Q0 and Q2, the pumping network computes Q1 = Q0 - Q2 under a power: after six reference steps some
        // points have Q1 < 0 (a NaN residual) and the others' steps are all rejected. Before the residual fit went back to
        // the references, this run ended at p99 1.0 with every step rejected.
        var problem = TestProblems.Inline(StructureProblems.PumpingNetwork);
        var result = Trainer.Train(problem, new TrainingOptions { MaxSteps = 40, Seed = 3, TimeBudgetSeconds = 600 });
        var afterResidualFit = result.History.SkipWhile(h => h.Phase != "lm").ToArray();
        Assert.Contains(afterResidualFit, h => h.Phase == "reference");
        var evaluation = Evaluator.Evaluate(result.Model, 2000, 11, worstCaseEvaluations: 0);
        Assert.True(evaluation.Overall.P99 < 1e-8, $"p99 {evaluation.Overall.P99:E2}");
    }

    [Fact]
    public void An_output_between_two_bounds_starts_from_its_reference_fit()
    {
        // The Hill law y = A^nH / (K^nH + A^nH), y declared in [0, 1]: a sigmoid head with no magnitude pre-fit. From seed
        // 3's random start the first step drove the sigmoid into saturation and the run ended at p99 1.0 (60 steps, as
        // at 30 s); fitted first to logit(y), it starts where the residual fit can move.
        var problem = TestProblems.Inline("""
            name: hill
            inputs:
              A:  {min: 1e-9, max: 1e-4, sampling: log}
              K:  {min: 1e-8, max: 1e-5, sampling: log}
              nH: {min: 0.5, max: 3}
            outputs:
              y: {min: 0, max: 1}
            equations:
              - y = A**nH/(K**nH + A**nH)
            """);
        var result = Trainer.Train(problem, new TrainingOptions { MaxSteps = 60, Seed = 3, TimeBudgetSeconds = 600 });
        Assert.Equal("reference", result.History.First(h => h.Phase is "reference" or "lm").Phase);
        var evaluation = Evaluator.Evaluate(result.Model, 2000, 11, worstCaseEvaluations: 0);
        Assert.True(evaluation.Overall.P99 < 1e-2, $"p99 {evaluation.Overall.P99:E2}");
    }

    [Fact]
    public void The_network_alone_fits_an_output_that_changes_sign_to_its_references_first()
    {
        // y = exp(m) * t, t from a random start: where t has the wrong sign the scale-relative residual is 1 whatever
        // t's size, so the residual fit alone ended at p99 1.0 (R^2 -7). Fitted first to the references, t starts with
        // the right sign everywhere but near its zero (p90 1e-2 after 60 steps, against 1.0 without the reference fit).
        var problem = TestProblems.Inline("""
            name: dipole-energy
            inputs:
              mom:   {min: 1, max: 5}
              B:     {min: 1, max: 5}
              theta: {min: 1, max: 5}
            outputs: [E]
            equations:
              - E = -mom*B*cos(theta)
            """);
        var result = Trainer.Train(problem, new TrainingOptions { MaxSteps = 60, Seed = 1, TimeBudgetSeconds = 600, Structure = StructureMode.None });
        Assert.Equal("reference", result.History.First(h => h.Phase is "reference" or "lm").Phase);
        var evaluation = Evaluator.Evaluate(result.Model, 2000, 11, worstCaseEvaluations: 0);
        Assert.True(evaluation.Overall.P90 < 0.1, $"p90 {evaluation.Overall.P90:E2}");
    }
}
