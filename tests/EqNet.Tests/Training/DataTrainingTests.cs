using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Tests.Fitting;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class DataTrainingTests
{
    private const string DataOnly = """
        name: smooth-data
        inputs:
          x: {}
        outputs: [y]
        data: {file: points.csv, error: absolute}
        """;

    private const double Noise = 0.05;

    /// <summary>y = 2 + sin(x) + x/2 over x in [0.1, 6], plus Gaussian noise of sd <see cref="Noise"/> (seeded).</summary>
    private static string SmoothCsv(int rows = 300, int seed = 3)
    {
        var random = new Random(seed);
        return FitFolder.Csv("x,y", Enumerable.Range(0, rows).Select(_ =>
        {
            double x = 0.1 + 5.9 * random.NextDouble();
            return new[] { x, 2 + Math.Sin(x) + x / 2 + Noise * FitFolder.Normal(random) };
        }));
    }

    [Fact]
    public void A_smooth_function_with_noise_trains_to_a_held_out_rmse_near_the_noise_level()
    {
        var problem = FitFolder.Load(DataOnly, SmoothCsv());
        Assert.True(problem.IsDataOnly);
        Assert.Equal(["y"], problem.DataOutputs);
        var result = Surrogate.Train(problem, new TrainingOverrides(TimeBudgetSeconds: 30, MaxSteps: 1500, Seed: 1));

        var data = Assert.IsType<DataFitResult>(result.Data);
        var y = Assert.Single(data.Outputs);
        Assert.Equal((300 * 65 + 50) / 100, y.RowsTrain);
        Assert.Equal(60, y.RowsTest);
        Assert.Equal(45, y.RowsValidation);
        // The noise is the floor: an RMSE well below it would be luck on 60 rows, well above it a poor fit (R^2 at most
        // about 0.98: the noise variance 0.0025 against the values' 0.13).
        Assert.InRange(y.RmseTest, 0.6 * Noise, 1.5 * Noise);
        Assert.True(y.R2Test > 0.95, $"R^2 {y.R2Test}");
        Assert.Equal("network fitted to measured data (300 rows)", result.Model.Describe("y"));
    }

    [Fact]
    public void Folds_on_request_measure_each_fold_and_report_their_mean_and_spread()
    {
        var problem = FitFolder.Load(DataOnly.Replace("error: absolute}", "error: absolute, folds: 4}", StringComparison.Ordinal), SmoothCsv(rows: 120));
        Assert.Equal(4, problem.Data.Folds);
        string dir = Path.Combine(Path.GetDirectoryName(problem.SourcePath)!, "run");
        var run = Surrogate.TrainToFolder(problem, dir, new TrainingOverrides(TimeBudgetSeconds: 20, MaxSteps: 300, Seed: 2), samples: 100);
        var cv = Assert.IsType<DataCrossValidation>(run.Training.Data!.CrossValidation);
        Assert.Equal((4, 2), (cv.Folds, cv.Seed));
        var y = Assert.Single(cv.Outputs);
        Assert.Equal(4, y.RmseTest.PerFold.Count);
        Assert.All(y.RmseTest.PerFold, v => Assert.InRange(v, 0.5 * Noise, 3 * Noise));
        Assert.Equal(y.RmseTest.PerFold.Average(), y.RmseTest.Mean, 1e-15);
        double mean = y.RmseTest.Mean;
        Assert.Equal(Math.Sqrt(y.RmseTest.PerFold.Sum(v => (v - mean) * (v - mean)) / 3), y.RmseTest.Sd, 1e-15);
        // The model kept is the main fit's, on its own split; the folds only measure.
        Assert.Equal(24, run.Training.Data.Split.Test.Count);

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!;
        var node = metrics["data"]!["cross_validation"]!;
        Assert.Equal(4, (int)node["folds"]!);
        Assert.Equal(mean, (double)node["outputs"]!["y"]!["rmse_test"]!["mean"]!, 1e-15);
        Assert.Equal(4, node["outputs"]!["y"]!["r2_test"]!["per_fold"]!.AsArray().Count);
    }

    [Fact]
    public void Replicate_rows_judge_the_held_out_error_against_their_pure_error()
    {
        // 40 settings of x, 4 rows each: the pure error of the fitted rows is the noise any model must leave.
        var random = new Random(5);
        var rows = Enumerable.Range(0, 40).SelectMany(s => Enumerable.Range(0, 4).Select(_ =>
        {
            double x = 0.1 + 5.9 * s / 39;
            return new[] { x, 2 + Math.Sin(x) + x / 2 + Noise * FitFolder.Normal(random) };
        })).ToArray();
        var problem = FitFolder.Load(DataOnly, FitFolder.Csv("x,y", rows));
        var result = Surrogate.Train(problem, new TrainingOverrides(TimeBudgetSeconds: 20, MaxSteps: 400, Seed: 1));
        var y = result.Data!.Outputs[0];
        var noise = Assert.IsType<LackOfFit>(y.NoiseLevel);
        var split = result.Data.Split;
        var fitted = split.Train.Concat(split.Validation).ToArray();
        var groups = fitted.GroupBy(i => rows[i][0]).Where(g => g.Count() > 1).ToArray();
        double pure = groups.Sum(g => g.Sum(i => Math.Pow(rows[i][1] - g.Average(k => rows[k][1]), 2)));
        int dof = groups.Sum(g => g.Count() - 1);
        Assert.Equal(dof, noise.Replicates!.PureErrorDof);
        Assert.Equal(y.RmseTest * y.RmseTest / (pure / dof), noise.Replicates.F, 1e-9);
        Assert.Equal(NoiseVerdict.AtNoise, noise.Verdict);
        Assert.InRange(noise.Replicates.PureErrorSd, 0.7 * Noise, 1.3 * Noise);
    }

    [Fact]
    public void A_sigma_column_far_below_the_noise_is_reported_above_it()
    {
        var random = new Random(6);
        var csv = FitFolder.Csv("x,y,sigma", Enumerable.Range(0, 150).Select(_ =>
        {
            double x = 0.1 + 5.9 * random.NextDouble();
            return new[] { x, 2 + Math.Sin(x) + x / 2 + Noise * FitFolder.Normal(random), Noise / 10 };
        }));
        var result = Surrogate.Train(FitFolder.Load(DataOnly, csv), new TrainingOverrides(TimeBudgetSeconds: 20, MaxSteps: 300, Seed: 1));
        var noise = result.Data!.Outputs[0].NoiseLevel!;
        Assert.Null(noise.Replicates);
        Assert.Equal(NoiseVerdict.AboveNoise, noise.Verdict);
        Assert.True(noise.Sigma!.ReducedChiSquare > 50, $"reduced chi-square {noise.Sigma.ReducedChiSquare}");
        Assert.StartsWith("above the declared noise", noise.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("folds: 1", "data.folds")]
    [InlineData("folds: 41", "data.folds")]
    [InlineData("folds: two", "data.folds")]
    public void Too_few_or_too_many_folds_are_errors_naming_the_field(string folds, string field)
    {
        string yaml = DataOnly.Replace("error: absolute}", $"error: absolute, {folds}}}", StringComparison.Ordinal);
        var e = Assert.Throws<ProblemException>(() => Surrogate.Train(FitFolder.Load(yaml, SmoothCsv(rows: 40)), new TrainingOverrides(MaxSteps: 5)));
        Assert.Equal(field, e.Field);
    }

    [Theory]
    [InlineData("hahn1-data.yaml", 236, 0.15)]
    [InlineData("thurber-data.yaml", 37, 60)]
    public void The_NIST_data_examples_train_to_near_their_noise_on_held_out_rows(string file, int rows, double rmse)
    {
        var problem = ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "examples", "fitting", file));
        Assert.True(problem.IsDataOnly);
        Assert.Single(problem.Notes);
        Assert.Equal($"network fitted to measured data ({rows} rows)", Surrogate.Design(problem).Describe(problem.OutputNames[0]));
        var result = Surrogate.Train(problem, new TrainingOverrides(TimeBudgetSeconds: 30, MaxSteps: 600, Seed: 1));
        Assert.InRange(result.Data!.Outputs[0].RmseTest, 0, rmse);
    }

    [Fact]
    public void A_run_folder_holds_the_split_and_the_held_out_figures_and_the_model_reads_inputs_only_without_the_data()
    {
        string path = FitFolder.Write(DataOnly, SmoothCsv(120, 5));
        var problem = ProblemFile.Load(path);
        // The input's range comes from the data, with a note.
        Assert.True(problem.DataRanges.ContainsKey("x"));
        Assert.Contains(problem.Notes, n => n.Contains("inputs.x: min and max not given, taken from the data's range", StringComparison.Ordinal));
        string dir = Path.Combine(Path.GetDirectoryName(path)!, "run");
        var run = Surrogate.TrainToFolder(problem, dir, new TrainingOverrides(TimeBudgetSeconds: 20, MaxSteps: 300, Seed: 4), samples: 200);

        var metrics = JsonNode.Parse(File.ReadAllText(run.MetricsPath))!;
        var figures = metrics["outputs"]!["y"]!["data"]!;
        Assert.Equal(24, figures["rows_test"]!.GetValue<int>());
        Assert.True(figures["rmse_test"]!.GetValue<double>() > 0);
        Assert.NotNull(figures["relative_error_test"]!["p99"]);
        Assert.NotNull(figures["r2_test"]);
        Assert.Equal("fitted to measured data (120 rows)", metrics["outputs"]!["y"]!["structure"]!["rule"]!.GetValue<string>());
        Assert.Null(metrics["scale_relative_error"]);
        var testRows = metrics["data"]!["test_rows"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(DataSplit.Of(120, 4).Test, testRows);
        var split = File.ReadAllLines(Path.Combine(dir, DataFitResult.SplitFileName));
        Assert.Equal(121, split.Length);
        Assert.Equal(testRows, split.Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "test").Select(c => int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture)));

        // Measured again from the saved model on the same file and seed: the training run's held-out figures.
        var again = Surrogate.EvaluateOnData(Surrogate.Load(run.ModelPath), seed: 4);
        Assert.Equal(run.Training.Data!.Outputs[0], again.Outputs[0]);

        // The model file is self-contained: the data file gone, it loads (the range saved with it) and predicts from x alone.
        File.Delete(Path.Combine(Path.GetDirectoryName(path)!, "points.csv"));
        var model = Surrogate.Load(run.ModelPath);
        Assert.Equal(["x"], model.InputNames);
        Assert.Equal(problem.DataRanges["x"], model.Problem.DataRanges["x"]);
        var predicted = Surrogate.Predict(model, new Dictionary<string, double> { ["x"] = 3.0 });
        Assert.Equal(run.Training.Model.Predict([3.0], 1)[0], predicted["y"]);
        Assert.InRange(predicted["y"], 2 + Math.Sin(3.0) + 1.5 - 0.2, 2 + Math.Sin(3.0) + 1.5 + 0.2);
        Assert.Equal("network fitted to measured data (120 rows)", model.Describe("y"));
        // Outputs fitted to data train from the start: resuming is refused with what to do.
        var e = Assert.Throws<TrainingSetupException>(() => Surrogate.Train(problem, new TrainingOverrides(MaxSteps: 5, ResumeFrom: dir)));
        Assert.Contains("--resume does not apply to outputs fitted to measured data", e.Message);
    }

    [Fact]
    public void Rows_outside_the_declared_input_bounds_are_fitted_with_a_warning()
    {
        string path = FitFolder.Write(DataOnly.Replace("x: {}", "x: {min: 1, max: 5}", StringComparison.Ordinal), SmoothCsv(60, 6));
        var run = Surrogate.TrainToFolder(ProblemFile.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "run"), new TrainingOverrides(MaxSteps: 40, Seed: 1), samples: 100);
        var warning = Assert.Single(run.Warnings);
        Assert.Matches(@"^\d+ of 60 rows of .*points\.csv lie outside the inputs' bounds \(first, row \d+: x = [0-9.]+ is (below its min 1|above its max 5)\)", warning);
        Assert.Equal(60, run.Training.Data!.Split.Rows);
    }

    [Fact]
    public void An_output_with_neither_an_equation_nor_data_names_both_ways_to_give_it()
    {
        var e = Assert.Throws<ProblemException>(() => ProblemFile.Parse("""
            inputs:
              x: {min: 0, max: 1}
            outputs: [y, w]
            equations: ["y = x"]
            """, "p.yaml"));
        Assert.Contains("outputs.w: output 'w' appears in no equation", e.Message);
        Assert.Contains("learn it from measured data (data: {file: points.csv} with a column 'w'", e.Message);
        // Without data, an input still needs its bounds.
        Assert.Throws<ProblemException>(() => ProblemFile.Parse("inputs:\n  x: {}\noutputs: [y]\nequations: [\"y = x\"]\n", "p.yaml"));
    }

    [Fact]
    public void A_data_file_without_the_outputs_column_says_which_and_lists_the_header()
    {
        var problem = FitFolder.Load(DataOnly.Replace("x: {}", "x: {min: 0, max: 6}", StringComparison.Ordinal), FitFolder.Csv("x,z", Enumerable.Range(0, 20).Select(i => new[] { i * 0.3, i })));
        var e = Assert.Throws<ProblemException>(() => Surrogate.Train(problem, new TrainingOverrides(MaxSteps: 5)));
        Assert.Contains("points.csv", e.Message);
        Assert.Contains("no column named 'y'; the header has 'x', 'z'", e.Message);
    }

    [Fact]
    public void Too_few_rows_is_an_error_naming_the_file_and_the_minimum()
    {
        var problem = FitFolder.Load(DataOnly, FitFolder.Csv("x,y", Enumerable.Range(1, 9).Select(i => new[] { i * 0.5, i * 2.0 })));
        var e = Assert.Throws<ProblemException>(() => Surrogate.Train(problem, new TrainingOverrides(MaxSteps: 5)));
        Assert.Contains("points.csv", e.Message);
        Assert.Contains("data.file: 9 data rows; a network fitted to measured data needs at least 10", e.Message);
    }

    [Fact]
    public void A_NaN_cell_is_an_error_naming_the_line_and_column()
    {
        string csv = "x,y\n1,2\n2,NaN\n" + string.Concat(Enumerable.Range(3, 10).Select(i => $"{i},{i}\n"));
        var problem = FitFolder.Load(DataOnly.Replace("x: {}", "x: {min: 0, max: 20}", StringComparison.Ordinal), csv);
        var e = Assert.Throws<ProblemException>(() => Surrogate.Train(problem, new TrainingOverrides(MaxSteps: 5)));
        Assert.Contains(":3: y: 'NaN' is not a finite number", e.Message);
    }

    [Fact]
    public void Relative_error_refuses_a_zero_value_and_names_the_row()
    {
        string csv = "x,y\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"{i},{(i == 4 ? 0 : i)}\n"));
        var problem = FitFolder.Load(DataOnly.Replace(", error: absolute", "", StringComparison.Ordinal), csv);
        var e = Assert.Throws<ProblemException>(() => Surrogate.Train(problem, new TrainingOverrides(MaxSteps: 5)));
        Assert.Contains(":5: y: the value is 0, and data.error: relative divides", e.Message);
    }

    [Fact]
    public void A_problem_mixing_outputs_from_equations_and_from_data_alone_trains_both_into_one_model()
    {
        string path = FitFolder.Write("""
            inputs:
              x: {min: 0.1, max: 6}
            outputs: [y, w]
            equations: ["w = 2*x + x**2"]
            data: {file: points.csv, error: absolute}
            model: {hidden: [6]}
            """, SmoothCsv());
        var problem = ProblemFile.Load(path);
        Assert.Equal(["y"], problem.DataOutputs);
        Assert.False(problem.IsDataOnly);
        Assert.Empty(Surrogate.Check(problem));
        Assert.Equal("network fitted to measured data (300 rows)", Surrogate.Design(problem).Describe("y"));
        var run = Surrogate.TrainToFolder(problem, Path.Combine(Path.GetDirectoryName(path)!, "run"), new TrainingOverrides(TimeBudgetSeconds: 60, MaxSteps: 600, Seed: 1), samples: 2000);

        var y = Assert.Single(run.Training.Data!.Outputs);
        Assert.Equal("y", y.Output);
        Assert.InRange(y.RmseTest, 0.6 * Noise, 1.5 * Noise);
        // The equations' output is measured on its equation at fresh points, as in any problem.
        var w = Assert.Single(run.Evaluation.Outputs);
        Assert.Equal("w", w.Name);
        Assert.True(run.Evaluation.Overall.P99 < 1e-3, $"p99 {run.Evaluation.Overall.P99}");
        var metrics = JsonNode.Parse(File.ReadAllText(run.MetricsPath))!;
        Assert.NotNull(metrics["outputs"]!["y"]!["data"]!["rmse_test"]);
        Assert.NotNull(metrics["outputs"]!["w"]!["r2"]);
        Assert.NotNull(metrics["scale_relative_error"]);

        var model = Surrogate.Load(run.ModelPath);
        Assert.Equal(["y", "w"], model.OutputNames);
        var predicted = Surrogate.Predict(model, new Dictionary<string, double> { ["x"] = 3.0 });
        Assert.Equal(15, predicted["w"], 1e-3);
        Assert.InRange(predicted["y"], 2 + Math.Sin(3.0) + 1.5 - 0.2, 2 + Math.Sin(3.0) + 1.5 + 0.2);
        Assert.Equal("network fitted to measured data (300 rows)", model.Describe("y"));
        Assert.Single(Surrogate.Evaluate(model, 500, 9).Outputs);
    }

    [Fact]
    public void The_automatic_network_keeps_its_parameters_below_half_the_training_rows()
    {
        OutputHead[] heads = [OutputHead.For("y", 0, null)];
        foreach (int rows in new[] { 6, 25, 160, 1000 })
        {
            var hidden = DataTraining.Hidden(2, heads, rows);
            int parameters = new MagnitudeShapeNetwork(2, hidden, 1, 0, heads).ParameterCount;
            Assert.True(parameters < rows / 2 || hidden.SequenceEqual([1]), $"{rows} rows: hidden [{string.Join(", ", hidden)}], {parameters} parameters");
        }
        Assert.Equal([16, 16], DataTraining.Hidden(2, heads, 100_000));
    }
}
