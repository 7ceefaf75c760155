using EqNet.Evaluation;
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
}
