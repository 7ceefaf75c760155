using EqNet.Evaluation;
using EqNet.Export;
using EqNet.Tests.Export;
using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Tests.Structure;
using EqNet.Training;

namespace EqNet.Tests.Models;

public class NewtonRefinementTests
{
    private static readonly TrainingOptions Short = new() { MaxSteps = 25, TrainingPoints = 400, ValidationPoints = 1000, Hidden = [8], TimeBudgetSeconds = 120 };

    /// <summary>Per point, the largest scale-relative residual and the sum of squared ones, with the steps and without.</summary>
    private static (double[] Refined, double[] Alone, double[] RefinedSquares, double[] AloneSquares) Residuals(EqNetModel model, double[] inputs, int n)
    {
        var system = new CompiledSystem(model.Problem);
        int e = system.EquationCount;
        var (refinedEach, refined) = system.ScaleRelativeErrors(system.Join(inputs, model.Predict(inputs, n), n), n);
        var (aloneEach, alone) = system.ScaleRelativeErrors(system.Join(inputs, model.WithoutRefinement().Predict(inputs, n), n), n);
        double[] Squares(double[] each) => [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, e).Sum(k => each[i * e + k] * each[i * e + k]))];
        return (refined, alone, Squares(refinedEach), Squares(aloneEach));
    }

    [Fact]
    public void A_torn_system_gets_Newton_steps_on_its_residual_equations_that_reach_rounding_and_never_worsen_a_point()
    {
        var model = Trainer.Train(TestProblems.Inline(StructureProblems.BubblePoint), Short).Model;
        var refinement = Assert.IsType<NewtonRefinement>(model.Refinement);
        Assert.NotNull(model.Computed);
        // The residual equation is the one no computed output uses: the sum of the vapour fractions.
        Assert.Equal([5], refinement.Equations);
        Assert.InRange(refinement.Steps, 1, NewtonStepsChoice.MaxAutomaticSteps);
        Assert.Contains("held-out p99", refinement.Rule);
        Assert.EndsWith($"then {refinement.Text}", model.Describe("T"));
        Assert.DoesNotContain("Newton", model.Describe("y1"));

        const int n = 2000;
        var inputs = new DomainSampler(model.Problem).Sample(n, 77);
        var (refined, alone, refinedSquares, aloneSquares) = Residuals(model, inputs, n);
        var sortedAlone = alone.Order().ToArray();
        var sortedRefined = refined.Order().ToArray();
        Assert.True(sortedAlone[(int)(0.99 * n)] > 1e-8, $"25 steps of a width-8 network should leave the network alone above 1e-8 (p99 {sortedAlone[(int)(0.99 * n)]:E2})");
        Assert.True(sortedRefined[(int)(0.99 * n)] < 1e-12, $"refined p99 {sortedRefined[(int)(0.99 * n)]:E2}");
        // A step that does not lower a point's sum of squared residuals is halved or undone, so no point ends worse than
        // the network left it (up to the rounding of the computed outputs' own equations).
        for (int i = 0; i < n; i++)
            Assert.True(refinedSquares[i] <= aloneSquares[i] * (1 + 1e-9) + 1e-28, $"point {i}: refined {refinedSquares[i]:E3} > network alone {aloneSquares[i]:E3}");
    }

    [Fact]
    public void The_steps_are_saved_loaded_and_measured_beside_the_network_alone()
    {
        var model = Trainer.Train(TestProblems.Inline(StructureProblems.BubblePoint), Short).Model;
        Assert.NotNull(model.Refinement);
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-refinement").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var text = File.ReadAllText(path);
        Assert.Contains("\"refinement\"", text);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Refinement!.Steps, loaded.Refinement!.Steps);
        Assert.Equal(model.Refinement.Rule, loaded.Refinement.Rule);
        var x = new DomainSampler(model.Problem).Sample(300, 4);
        Assert.Equal(model.Predict(x, 300), loaded.Predict(x, 300));
        // The same points with one thread and with all: the blocks do not change the result.
        Assert.Equal(loaded.Predict(x, 300, threads: 1), loaded.Predict(x, 300, threads: 0));

        var evaluation = Evaluator.Evaluate(loaded, 1500, 5, worstCaseEvaluations: 0);
        var alone = Assert.IsType<NetworkAlone>(evaluation.NetworkAlone);
        Assert.True(alone.Overall.P99 > 100 * evaluation.Overall.P99, $"network alone p99 {alone.Overall.P99:E2}, refined {evaluation.Overall.P99:E2}");
        var metrics = MetricsJson.Build(evaluation, null, null);
        Assert.Equal(alone.Overall.P99, metrics["network_alone"]!["scale_relative_error"]!["p99"]!.GetValue<double>());
        Assert.Equal(model.Refinement.Text, metrics["outputs"]!["T"]!["structure"]!["refinement"]!.GetValue<string>());
        Assert.Equal(alone.Missed, metrics["network_alone"]!["missed"]!.GetValue<int>());
        Assert.Equal(evaluation.Overall.Max <= Evaluator.MissedResidual, alone.Missed == 0);
    }

    [Fact]
    public void Where_one_step_from_a_poor_network_stops_short_the_evaluation_says_how_often_and_in_which_unknown()
    {
        var model = Trainer.Train(TestProblems.Inline(StructureProblems.BubblePoint), Short with { MaxSteps = 2, NewtonSteps = 1 }).Model;
        var evaluation = Evaluator.Evaluate(model, 1000, 8, worstCaseEvaluations: 0);
        var alone = Assert.IsType<NetworkAlone>(evaluation.NetworkAlone);
        int missed = Enumerable.Range(0, 1000).Count(i => evaluation.Points.OverallErrors[i] > Evaluator.MissedResidual);
        Assert.Equal(missed, alone.Missed);
        Assert.True(missed > 0, "one step from a 2-step network should leave points short of the root");
        Assert.Equal("T", alone.FarthestStart);
        Assert.True(alone.FarthestStartError > 0);
        Assert.Equal([5], alone.Equations);
        Assert.Contains($"stopped short at {missed:N0} of 1,000 points", alone.Describe(1000));
        Assert.Contains("furthest from the root in T", alone.Describe(1000));
    }

    [Fact]
    public void Explicit_laws_the_network_alone_and_newton_steps_0_get_no_steps_and_a_count_is_taken_as_given()
    {
        var seed = TestProblems.Load("seed.yaml");
        Assert.Null(Trainer.Train(seed, Short with { MaxSteps = 3 }).Model.Refinement);
        var bubble = TestProblems.Inline(StructureProblems.BubblePoint);
        Assert.Null(Trainer.Train(bubble, Short with { MaxSteps = 3, Structure = EqNet.Problems.StructureMode.None }).Model.Refinement);
        Assert.Null(Trainer.Train(bubble, Short with { MaxSteps = 3, NewtonSteps = 0 }).Model.Refinement);
        var fromFile = Surrogate.Options(TestProblems.Inline(StructureProblems.BubblePoint + "\nmodel: {newton_steps: 3}\n"));
        Assert.Equal(3, fromFile.NewtonSteps);
        var given = Trainer.Train(bubble, fromFile with { MaxSteps = 3, TrainingPoints = 200, ValidationPoints = 500, Hidden = [4] }).Model;
        Assert.Equal(3, given.Refinement!.Steps);
        Assert.Equal("newton_steps: 3 in the problem file", given.Refinement.Rule);
        Assert.Null(Surrogate.Options(TestProblems.Inline(StructureProblems.BubblePoint + "\nmodel: {newton_steps: auto}\n")).NewtonSteps);
        var tooMany = Assert.Throws<EqNet.Problems.ProblemException>(() => TestProblems.Inline(StructureProblems.BubblePoint + "\nmodel: {newton_steps: 50}\n"));
        Assert.Contains("model.newton_steps", tooMany.Message);
    }

    private const string Kepler = """
        name: kepler-refined
        inputs:
          M: {min: 0, max: 3.14}
          e: {min: 0, max: 0.9}
        outputs:
          E: {min: 0, max: 4}
        equations:
          - M = E - e*sin(E)
        """;

    [Theory]
    [InlineData("bubble")]
    [InlineData("kepler")]
    public void The_exported_CSharp_file_takes_the_same_Newton_steps_to_the_bit(string which)
    {
        var problem = TestProblems.Inline(which == "bubble" ? StructureProblems.BubblePoint : Kepler);
        var model = Trainer.Train(problem, Short with { MaxSteps = 8, NewtonSteps = 3 }).Model;
        Assert.NotNull(model.Refinement);
        Assert.Equal(which == "bubble", model.Computed is not null);
        string source = CSharpExporter.Generate(model, "ExportedModel", "Generated");
        Assert.Contains("Refine(x, ", source);
        var run = CSharpExporterTests.Compile(source);
        const int n = 500;
        var x = new DomainSampler(model.Problem).Sample(n, 12);
        var expected = model.Predict(x, n);
        var actual = new double[expected.Length];
        run(x, n, actual);
        Assert.Equal(expected, actual);
        // One point at a time (the single-point path, on the stack) gives the batch's bits too.
        int d = model.InputNames.Count, o = model.OutputCount;
        for (int i = 0; i < n; i++)
            Assert.Equal(expected.AsSpan(i * o, o).ToArray(), model.Predict(x.AsSpan(i * d, d), 1));
        // And the steps changed something: the network alone predicts otherwise.
        Assert.NotEqual(model.WithoutRefinement().Predict(x, n), expected);
    }
}
