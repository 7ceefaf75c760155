using EqNet.Models;
using EqNet.Evaluation;
using EqNet.Training;

namespace EqNet.Tests.Evaluation;

public class EvaluatorTests
{
    [Fact]
    public void ImplicitProblemGetsNewtonReferencesAndMetricsKeys()
    {
        var problem = TestProblems.Load("product-quotient.yaml");
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 30, TrainingPoints = 500, ValidationPoints = 1000, Hidden = [6] }).Model;
        var result = Evaluator.Evaluate(model, 3000, 11);
        Assert.Equal(1.0, result.Newton.ConvergedFraction);
        Assert.All(result.Outputs, o => Assert.NotNull(o.RootRelativeError));
        for (int i = 0; i < 3000; i += 97)
        {
            double p = result.Points.Inputs[i * 2], q = result.Points.Inputs[i * 2 + 1];
            Assert.Equal(Math.Sqrt(p * q), result.Points.Reference[i * 2], Math.Sqrt(p * q) * 1e-9);
        }
        var json = MetricsJson.Build(result, 1.5, 30);
        foreach (var key in new[] { "problem", "samples", "seed", "train_seconds", "steps", "scale_relative_error", "equations", "outputs", "newton" })
            Assert.True(json.ContainsKey(key), key);
        Assert.NotNull(json["outputs"]!["u"]!["root_relative_error"]!["p99"]);
        Assert.Equal(1.0, (double)json["newton"]!["converged_fraction"]!);
    }

    [Fact]
    public void HeldOutSampleDependsOnlyOnItsSeed()
    {
        var problem = TestProblems.Load("seed.yaml");
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 2, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        var a = Evaluator.Evaluate(model, 500, 5);
        var b = Evaluator.Evaluate(model, 500, 5);
        var c = Evaluator.Evaluate(model, 500, 6);
        Assert.Equal(a.Points.Inputs, b.Points.Inputs);
        Assert.NotEqual(a.Points.Inputs, c.Points.Inputs);
        Assert.Equal(a.Overall, b.Overall);
    }

    [Fact]
    public void RSquaredIsOneForAPerfectPredictionAndLowerOtherwise()
    {
        double[] reference = [1, 2, 3, 4];
        Assert.Equal(1.0, Evaluator.Compare("y", reference, reference, 4, 1, 0).R2);
        var off = Evaluator.Compare("y", [1, 2, 3, 5], reference, 4, 1, 0);
        Assert.Equal(1 - 1.0 / 5.0, off.R2!.Value, 12);
        Assert.Equal(0.25, off.RootRelativeError!.Max, 12);
        Assert.Null(Evaluator.Compare("y", reference, [double.NaN, double.NaN, double.NaN, double.NaN], 4, 1, 0).R2);
    }
}

public class SaturationCheckTests
{
    [Fact]
    public void AnOutputPinnedToItsBoundIsReported()
    {
        var problem = TestProblems.Load("kepler.yaml");
        // The network's own outputs (no Newton steps after it, which would move a pinned output off its bound).
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4], NewtonSteps = 0 }).Model;
        Assert.Empty(SaturationCheck.Warnings(model, Evaluator.Evaluate(model, 500, 3)));
        var (offset, length) = model.Network.OutputParameterRange(0);
        model.Parameters[offset + length - 1] = 1000;
        var warning = Assert.Single(SaturationCheck.Warnings(model, Evaluator.Evaluate(model, 500, 3)));
        Assert.Contains("output ea sits on a declared bound at 100.00 %", warning);
    }

    [Fact]
    public void APredictionOnABoundIsNotSaturatedWhereTheSolutionIsThereToo()
    {
        var problem = TestProblems.Load("kepler.yaml");
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        var evaluation = Evaluator.Evaluate(model, 100, 3);
        var head = model.Network.Heads.Single();
        Assert.NotEqual(OutputHeadKind.Free, head.Kind);
        double bound = head.Kind == OutputHeadKind.UpperBound ? head.Max : head.Min, side = head.Kind == OutputHeadKind.UpperBound ? -1 : 1;
        EvaluationResult With(double predicted, double root) => evaluation with
        {
            Points = evaluation.Points with
            {
                Predicted = Enumerable.Repeat(bound + side * predicted, 100).ToArray(),
                Reference = Enumerable.Repeat(bound + side * root, 100).ToArray(),
            },
        };
        Assert.Empty(SaturationCheck.Warnings(model, With(1e-13, 1.2e-13)));
        Assert.Contains("at 100.00 %", Assert.Single(SaturationCheck.Warnings(model, With(1e-13, 0.3))));
        Assert.Single(SaturationCheck.Warnings(model, With(1e-13, double.NaN)));
    }
}
