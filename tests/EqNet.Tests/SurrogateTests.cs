using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Tests;

public class SurrogateTests
{
    private const string Law = """
        inputs:
          a: {min: 0.1, max: 10, sampling: log}
          b: {min: 1, max: 2}
        outputs: [y, z]
        equations: [y = a*b + 1, z = a - b]
        model: {hidden: [5]}
        training: {seed: 5, time_budget: 3, batch: 300}
        """;

    private static readonly TrainingOverrides Short = new(MaxSteps: 4);

    [Fact]
    public void The_facade_fits_constants_with_a_learned_term_and_writes_both_files()
    {
        var problem = Surrogate.LoadProblem(TestProblems.Example(Path.Combine("fitting", "rate-background.yaml")));
        string folder = Directory.CreateTempSubdirectory("eqnet-learned-term").FullName;
        var (result, parametersPath, modelPath) = Surrogate.FitLearnedTermToFolder(problem, folder);
        Assert.Equal("g", result.Term);
        // The data were drawn with Ea = 50,000 (3 % noise): the estimate lies within its own 95 % interval of it.
        var ea = result.Parameters.Parameters.Single(e => e.Name == "Ea");
        Assert.InRange(50_000, ea.Lower, ea.Upper);
        Assert.True(File.Exists(parametersPath) && File.Exists(modelPath));
        Assert.Contains("\"learned_term\"", File.ReadAllText(parametersPath));
        Assert.StartsWith("network fitted to measured data inside equation 1", Surrogate.Load(modelPath).Describe("g"));
        Assert.Throws<ProblemException>(() => Surrogate.FitLearnedTerm(TestProblems.Load("arrhenius.yaml")));
    }

    [Fact]
    public void OptionsTakeTheFilesSettingsAndOverridesWin()
    {
        var problem = Surrogate.ParseProblem(Law);
        var options = Surrogate.Options(problem);
        Assert.Equal(5, options.Seed);
        Assert.Equal(3, options.TimeBudgetSeconds);
        Assert.Equal(300, options.TrainingPoints);
        Assert.Equal([5], options.Hidden);
        Assert.Null(options.MaxSteps);

        var overridden = Surrogate.Options(problem, new TrainingOverrides(TimeBudgetSeconds: 7, MaxSteps: 9, Seed: 2));
        Assert.Equal((2, 7.0, 9), (overridden.Seed, overridden.TimeBudgetSeconds, overridden.MaxSteps));
        Assert.Equal(300, overridden.TrainingPoints);

        var bare = Surrogate.Options(Surrogate.ParseProblem("inputs: {a: {min: 1, max: 2}}\noutputs: [y]\nequations: [y = a]\n"));
        Assert.Equal((1, TrainingPlan.DefaultTimeBudgetSeconds), (bare.Seed, bare.TimeBudgetSeconds));
    }

    [Theory]
    [InlineData(0.0, null, "time budget")]
    [InlineData(null, 0, "step limit")]
    public void OutOfRangeOverridesAreSetupErrors(double? budget, int? steps, string expected)
    {
        var problem = Surrogate.ParseProblem(Law);
        var e = Assert.Throws<TrainingSetupException>(() => Surrogate.Options(problem, new TrainingOverrides(budget, steps)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AnActivationOtherThanTanhIsAProblemError()
    {
        var problem = Surrogate.ParseProblem("inputs: {a: {min: 1, max: 2}}\noutputs: [y]\nequations: [y = a]\nmodel: {activation: relu}\n", "relu.yaml");
        var e = Assert.Throws<ProblemException>(() => Surrogate.Options(problem));
        Assert.Contains("relu.yaml", e.Message);
        Assert.Contains("model.activation", e.Message);
    }

    [Fact]
    public void CheckReturnsWarningsAndThrowsWhereAnEquationIsUndefined()
    {
        Assert.Empty(Surrogate.Check(Surrogate.ParseProblem(Law)));
        var unused = Surrogate.Check(Surrogate.ParseProblem("inputs: {a: {min: 1, max: 2}}\noutputs: [y]\nequations: [y = a]\ndata: {file: points.csv}\n"));
        Assert.Contains(unused, w => w.Contains("points.csv"));
        var undefined = Surrogate.ParseProblem("inputs: {a: {min: -1, max: 2}}\noutputs: [y]\nequations: [y = log(a)]\n", "log.yaml");
        var e = Assert.Throws<ProblemException>(() => Surrogate.Check(undefined));
        Assert.Contains("undefined", e.Message);
    }

    [Fact]
    public void PredictByNameAgreesWithTheModelOnPointsAndColumns()
    {
        var model = Surrogate.Train(Surrogate.ParseProblem(Law), Short).Model;
        double[] a = [0.5, 2, 9], b = [1.1, 1.5, 1.9];
        var columns = Surrogate.Predict(model, new Dictionary<string, double[]> { ["b"] = b, ["a"] = a });
        var rows = model.Predict([a[0], b[0], a[1], b[1], a[2], b[2]], 3);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(rows[2 * r], columns["y"][r]);
            Assert.Equal(rows[2 * r + 1], columns["z"][r]);
            var one = Surrogate.Predict(model, new Dictionary<string, double> { ["a"] = a[r], ["b"] = b[r] });
            Assert.Equal((rows[2 * r], rows[2 * r + 1]), (one["y"], one["z"]));
        }
    }

    [Fact]
    public void BatchesAndPointsSayWhichRowsLieOutsideTheTrainedDomain()
    {
        var model = Surrogate.Design(Surrogate.ParseProblem(Law));
        var inside = Surrogate.InDomain(model, new Dictionary<string, double[]> { ["a"] = [0.5, 20, 5, 0.1], ["b"] = [1.5, 1.5, 0.5, 2] });
        Assert.Equal([true, false, false, true], inside);
        Assert.Null(Surrogate.DomainViolation(model, new Dictionary<string, double> { ["a"] = 10, ["b"] = 1 }));
        var violation = Surrogate.DomainViolation(model, new Dictionary<string, double> { ["a"] = 20, ["b"] = 1.5 });
        Assert.NotNull(violation);
        Assert.Equal("a", violation.Input);
        Assert.True(violation.IsUpper);
    }

    [Fact]
    public void PredictNamesWhatIsMissingUnknownOrRagged()
    {
        var model = Surrogate.Design(Surrogate.ParseProblem(Law));
        Assert.Contains("missing input b", Assert.Throws<ArgumentException>(() => Surrogate.Predict(model, new Dictionary<string, double> { ["a"] = 1 })).Message);
        Assert.Contains("unknown input c", Assert.Throws<ArgumentException>(() =>
            Surrogate.Predict(model, new Dictionary<string, double> { ["a"] = 1, ["b"] = 1, ["c"] = 1 })).Message);
        Assert.Contains("input b has 1 values", Assert.Throws<ArgumentException>(() =>
            Surrogate.Predict(model, new Dictionary<string, double[]> { ["a"] = [1, 2], ["b"] = [1] })).Message);
    }

    [Fact]
    public void SaveLoadAndEvaluateRoundTrip()
    {
        var model = Surrogate.Train(Surrogate.ParseProblem(Law), Short).Model;
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-facade").FullName, "m.eqnet");
        Surrogate.Save(model, path);
        var loaded = Surrogate.Load(path);
        Assert.Equal(model.Parameters, loaded.Parameters);
        var first = Surrogate.Evaluate(model, 500);
        var second = Surrogate.Evaluate(loaded, 500);
        Assert.Equal(Surrogate.FreshEvaluationSeed, first.Seed);
        Assert.Equal(first.Overall, second.Overall);
    }

    [Fact]
    public void SolveFindsTheExactSolutionAndComparesTheModel()
    {
        var problem = Surrogate.ParseProblem(Law);
        var model = Surrogate.Train(problem, Short).Model;
        var solved = Surrogate.Solve(problem, new Dictionary<string, double> { ["a"] = 3, ["b"] = 1.5 }, model);
        Assert.True(solved.Converged);
        Assert.Equal(5.5, solved.Outputs["y"], 12);
        Assert.Equal(1.5, solved.Outputs["z"], 12);
        Assert.NotNull(solved.Prediction);
        Assert.Equal(2, solved.PredictionResiduals!.Count);
        Assert.All(solved.EquationResiduals, r => Assert.True(r < 1e-12));
    }

    [Fact]
    public void TrainToFolderWritesTheRunAsTheCommandDoes()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-facade").FullName;
        // A budget no loaded machine reaches, so the step limit is what stops it.
        var run = Surrogate.TrainToFolder(Surrogate.ParseProblem(Law), dir, Short with { TimeBudgetSeconds = 600 }, samples: 400);
        foreach (var file in new[] { run.ModelPath, run.MetricsPath, run.HistoryPath, run.ReportPath! }) Assert.True(File.Exists(file), file);
        var metrics = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(run.MetricsPath))!;
        Assert.Equal("step limit", (string)metrics["stop_reason"]!);
        Assert.Equal(5 + EqNet.Evaluation.Evaluator.HeldOutSeedOffset, (int)metrics["seed"]!);
        Assert.Equal(run.Evaluation.Overall.P99, (double)metrics["scale_relative_error"]!["p99"]!);
        Assert.Equal(run.Training.Model.Parameters, Surrogate.Load(run.ModelPath).Parameters);
    }
}
