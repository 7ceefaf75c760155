using System.Text.Json.Nodes;
using EqNet.Fitting;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Tests.Cli;

namespace EqNet.Tests.Fitting;

public class LearnedTermFitterTests
{
    private const double R = 8.314462618;

    /// <summary>A rate law with unknown k, Ea and a background g(T) a network learns; {0} is the outputs' g line, {1} extra sections.</summary>
    private const string RateLaw = """
        inputs:
          T: {min: 300, max: 400, transform: linear}
          cA: {min: 0.25, max: 2}
        outputs:
          r: {}
          g: {inputs: [T]}
        parameters:
          k: {log: true, min: 1, max: 1e12}
          Ea: {min: 1e4, max: 2e5}
        equations: ["r = k*exp(-Ea/(8.314462618*T))*cA + g"]
        data: {file: points.csv}
        """;

    /// <summary>A background a network of one tanh unit on the standardised T represents exactly: a + b tanh((T - T0) / w).</summary>
    private static double Tanh(double t) => 0.05 + 0.03 * Math.Tanh((t - 360) / 25);

    /// <summary>12 temperatures x 4 concentrations of r = k exp(-Ea/(R T)) cA + background(T), with relative noise.</summary>
    private static string Rates(Func<double, double> background, double noise, int seed = 3, double k = 1e6, double ea = 5e4)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        for (int i = 0; i < 12; i++)
        {
            double t = 300 + 100.0 * i / 11;
            foreach (double ca in new[] { 0.25, 0.5, 1, 2 })
                rows.Add([t, ca, (k * Math.Exp(-ea / (R * t)) * ca + background(t)) * (1 + noise * FitFolder.Normal(random))]);
        }
        return FitFolder.Csv("T,cA,r", rows);
    }

    private static LearnedTermFitResult Fit(string yaml, string csv, IReadOnlyList<int>? hidden = null) =>
        LearnedTermFitter.Fit(FitFolder.Load(yaml, csv), new LearnedTermFitOptions { Hidden = hidden });

    private static double[] Grid => [.. Enumerable.Range(0, 101).Select(i => 300.0 + i)];

    [Fact]
    public void Noiseless_data_give_the_constants_and_an_exactly_representable_term_to_many_digits()
    {
        var fit = Fit(RateLaw, Rates(Tanh, noise: 0), hidden: [1]);
        Assert.True(fit.Parameters.Converged);
        Assert.Equal(1e6, fit.Parameters["k"].Estimate, 1e6 * 1e-6);
        Assert.Equal(5e4, fit.Parameters["Ea"].Estimate, 5e4 * 1e-8);
        var g = fit.Model.Predict(Grid, Grid.Length);
        Assert.All(Grid.Select((t, i) => Math.Abs(g[i] / Tanh(t) - 1)), e => Assert.True(e < 1e-6, $"relative error {e}"));
    }

    [Fact]
    public void Noiseless_data_with_a_term_the_network_only_approximates_give_the_constants_within_a_percent_and_the_term_within_two()
    {
        // The example's background, exp((T - 350)/30): one tanh unit follows it to about 1 % (the coverage study's median is 1.9 % with noise).
        static double Exponential(double t) => 0.02 * Math.Exp((t - 350) / 30);
        var fit = Fit(RateLaw, Rates(Exponential, noise: 0));
        Assert.Equal(1e6, fit.Parameters["k"].Estimate, 1e6 * 0.01);
        Assert.Equal(5e4, fit.Parameters["Ea"].Estimate, 5e4 * 0.001);
        var g = fit.Model.Predict(Grid, Grid.Length);
        Assert.All(Grid.Select((t, i) => Math.Abs(g[i] / Exponential(t) - 1)), e => Assert.True(e < 0.02, $"relative error {e}"));
    }

    [Fact]
    public void Standard_errors_equal_those_of_the_same_model_written_with_explicit_constants()
    {
        // With one tanh unit on the linear feature, the network is a + b tanh((T - T0)/w) in other coordinates: the same
        // least-squares problem, so the delta method's k and Ea block must agree with parameter identification's
        // (the covariance of some parameters does not depend on how the others are parameterised).
        string csv = Rates(Tanh, noise: 0.02, seed: 11);
        var mixed = Fit(RateLaw, csv, hidden: [1]);
        const string Explicit = """
            inputs:
              T: {min: 300, max: 400}
              cA: {min: 0.25, max: 2}
            outputs: [r]
            parameters:
              k: {log: true, start: 1e6}
              Ea: {start: 5e4}
              a: {start: 0.05}
              b: {start: 0.03}
              T0: {start: 360}
              w: {start: 25}
            equations: ["r = k*exp(-Ea/(8.314462618*T))*cA + a + b*tanh((T - T0)/w)"]
            data: {file: points.csv}
            """;
        var plain = ParameterFitter.Fit(FitFolder.Load(Explicit, csv));
        Assert.True(plain.Converged);
        Assert.True(mixed.Parameters.Converged);
        Assert.Equal(plain.DegreesOfFreedom, mixed.Parameters.DegreesOfFreedom);
        Assert.Equal(plain.ResidualSumOfSquares, mixed.Parameters.ResidualSumOfSquares, plain.ResidualSumOfSquares * 1e-8);
        foreach (var name in new[] { "k", "Ea" })
        {
            Assert.Equal(plain[name].Estimate, mixed.Parameters[name].Estimate, Math.Abs(plain[name].Estimate) * 1e-7);
            Assert.Equal(plain[name].StandardError, mixed.Parameters[name].StandardError, plain[name].StandardError * 1e-5);
            Assert.Equal(plain[name].Upper, mixed.Parameters[name].Upper, plain[name].StandardError * 1e-5);
        }
        Assert.Equal(plain.Correlation[0][1], mixed.Parameters.Correlation[0][1], 1e-6);
    }

    [Fact]
    public void A_sigma_column_and_absolute_error_weight_the_rows_as_in_parameter_identification()
    {
        // Rows with sigma proportional to r weigh as relative error does: the same estimates, to the fit's precision.
        string csv = Rates(Tanh, noise: 0.02, seed: 11);
        var lines = csv.TrimEnd('\n').Split('\n');
        string withSigma = string.Join("\n", lines.Select((line, i) => i == 0 ? line + ",sigma"
            : line + "," + (0.02 * double.Parse(line.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n";
        var relative = Fit(RateLaw, csv, hidden: [1]).Parameters;
        var sigma = Fit(RateLaw, withSigma, hidden: [1]).Parameters;
        Assert.Equal("relative", relative.Error);
        Assert.Equal("sigma", sigma.Error);
        Assert.Equal(relative["Ea"].Estimate, sigma["Ea"].Estimate, relative["Ea"].StandardError * 1e-4);
        // sigma = 2 % of r: the residual standard deviation is the relative one over 0.02.
        Assert.Equal(relative.ResidualStandardDeviation / 0.02, sigma.ResidualStandardDeviation, sigma.ResidualStandardDeviation * 1e-4);

        var absolute = Fit(RateLaw.Replace("data: {file: points.csv}", "data: {file: points.csv, error: absolute}", StringComparison.Ordinal), csv, hidden: [1]).Parameters;
        Assert.Equal("absolute", absolute.Error);
        Assert.InRange(5e4, absolute["Ea"].Lower, absolute["Ea"].Upper);
    }

    [Fact]
    public void The_model_file_round_trips_the_term_and_parameters_json_names_it()
    {
        string path = FitFolder.Write(RateLaw, Rates(Tanh, noise: 0.02));
        string dir = Path.Combine(Path.GetDirectoryName(path)!, "run");
        var (result, parameters, modelPath) = LearnedTermFitter.FitToFolder(ProblemFile.Load(path), dir);
        var loaded = ModelFile.Load(modelPath);
        Assert.Equal(["T"], loaded.InputNames);
        Assert.Equal(["g"], loaded.OutputNames);
        Assert.Equal(result.Model.Predict(Grid, Grid.Length), loaded.Predict(Grid, Grid.Length));
        Assert.StartsWith("network fitted to measured data inside equation 1 (r = k*exp(-Ea/(8.314462618*T))*cA + g), jointly with k, Ea (48 rows)", loaded.Describe("g"));
        Assert.True(LearnedTermFitter.IsLearnedTerm(loaded));

        var json = JsonNode.Parse(File.ReadAllText(parameters))!;
        Assert.Equal("g", (string)json["learned_term"]!["name"]!);
        Assert.Equal(result.NetworkRank, (int)json["learned_term"]!["weights_rank"]!);
        Assert.Contains("nuisance parameters", (string)json["method"]!);
        Assert.Equal(result.Parameters["Ea"].StandardError, (double)json["parameters"]![1]!["standard_error"]!);
    }

    [Fact]
    public void The_example_runs_from_the_command_line_and_its_model_predicts()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-learned").FullName;
        string example = TestProblems.Example(Path.Combine("fitting", "rate-background.yaml"));
        var run = EqNetProcess.Run(dir, "train", example, "--out", "run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("fitted parameters (95% intervals, delta method and profile likelihood)", run.Out);
        Assert.Contains("g: network fitted to measured data inside equation 1", run.Out);
        File.WriteAllText(Path.Combine(dir, "in.csv"), "T\n350\n");
        var predict = EqNetProcess.Run(dir, "predict", Path.Combine("run", "model.eqnet"), "--in", "in.csv", "--out", "out.csv");
        Assert.Equal(0, predict.ExitCode);
        double g = double.Parse(File.ReadAllLines(Path.Combine(dir, "out.csv"))[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.02, g, 0.02 * 0.05);
        var eval = EqNetProcess.Run(dir, "eval", Path.Combine("run", "model.eqnet"));
        Assert.Equal(0, eval.ExitCode);
        Assert.Contains("no rows of it to measure it on", eval.Out);
    }

    [Fact]
    public void A_learned_term_in_no_equation_is_refused_as_unconstrained()
    {
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load(RateLaw.Replace("+ g\"]", "\"]", StringComparison.Ordinal), Rates(Tanh, 0)));
        Assert.Equal("outputs.g.inputs", e.Field);
        Assert.Contains("appears in no equation", e.Message);
        Assert.Contains("no data constrain it", e.Message);
    }

    [Fact]
    public void A_learned_term_in_an_equation_without_a_measured_output_is_refused()
    {
        const string Yaml = """
            inputs:
              T: {min: 300, max: 400}
            outputs:
              r: {}
              g: {inputs: [T]}
            parameters:
              k: {}
            equations: ["r = k*T", "g = k*T**2"]
            data: {file: points.csv}
            """;
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load(Yaml, "T,r\n300,1\n"));
        Assert.Equal("equations[2]", e.Field);
        Assert.Contains("holds the learned term 'g' but no measured output, so no data constrain it", e.Message);
    }

    [Fact]
    public void Inputs_naming_no_input_are_refused_with_a_suggestion()
    {
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load(RateLaw.Replace("inputs: [T]", "inputs: [cAA]", StringComparison.Ordinal), Rates(Tanh, 0)));
        Assert.Equal("outputs.g.inputs", e.Field);
        Assert.Equal(6, e.Line);
        Assert.Contains("'cAA' is not an input (inputs: T, cA). Did you mean 'cA'?", e.Message);
    }

    [Fact]
    public void Relative_error_with_the_learned_term_on_the_left_is_refused_before_any_fit()
    {
        var problem = FitFolder.Load(RateLaw.Replace("\"r = k*exp(-Ea/(8.314462618*T))*cA + g\"", "\"r - g = k*exp(-Ea/(8.314462618*T))*cA\"", StringComparison.Ordinal), Rates(Tanh, 0));
        var e = Assert.Throws<ProblemException>(() => LearnedTermFitter.Fit(problem));
        Assert.Equal("data.error", e.Field);
        Assert.Contains("holds the learned term 'g', which the fit changes", e.Message);
    }

    [Fact]
    public void A_learned_term_without_parameters_is_refused()
    {
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load("""
            inputs:
              T: {min: 300, max: 400}
            outputs:
              r: {}
              g: {inputs: [T]}
            equations: ["r = 2*T + g"]
            data: {file: points.csv}
            """, "T,r\n300,1\n"));
        Assert.Contains("has no 'parameters'", e.Message);
    }

    [Fact]
    public void A_term_that_reads_every_input_a_constant_acts_through_is_refused_as_unidentifiable()
    {
        var problem = FitFolder.Load(RateLaw.Replace("inputs: [T]", "inputs: [T, cA]", StringComparison.Ordinal), Rates(Tanh, 0.02));
        var e = Assert.Throws<ProblemException>(() => LearnedTermFitter.Fit(problem));
        Assert.Equal("outputs.g.inputs", e.Field);
        Assert.Contains("parameter 'k' is unidentifiable", e.Message);
        Assert.Contains("depends only on T, cA, which the learned term 'g' reads", e.Message);
    }

    [Fact]
    public void The_unidentifiable_term_exits_2_from_the_command_line()
    {
        string path = FitFolder.Write(RateLaw.Replace("inputs: [T]", "inputs: [T, cA]", StringComparison.Ordinal), Rates(Tanh, 0.02));
        var run = EqNetProcess.Run(Path.GetDirectoryName(path)!, "train", "problem.yaml", "--out", "run");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("problem.yaml:6: outputs.g.inputs: parameter 'k' is unidentifiable", run.Error);
    }

    [Fact]
    public void A_constant_whose_effect_the_network_nearly_reproduces_is_warned_about()
    {
        // cA barely varies, so k cA is nearly a constant, which the network's output bias reproduces: k is hardly told
        // apart from g, though its effect does depend on an input g does not read (the file-time check lets it pass).
        const string Yaml = """
            inputs:
              T: {min: 300, max: 400}
              cA: {min: 0.5, max: 1.5}
            outputs:
              r: {}
              g: {inputs: [T]}
            parameters:
              k: {}
            equations: ["r = k*cA + g"]
            data: {file: points.csv}
            """;
        var random = new Random(5);
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            double t = 300 + 100.0 * i / 39, ca = 1 + 1e-4 * (i % 2);
            return new[] { t, ca, (2 * ca + Tanh(t)) * (1 + 1e-3 * FitFolder.Normal(random)) };
        });
        var fit = Fit(Yaml, FitFolder.Csv("T,cA,r", rows), hidden: [2]);
        Assert.Contains(fit.Parameters.Warnings, w => w.Contains("k's effect on the fit is 1.0000 collinear with what the network of 'g'", StringComparison.Ordinal));
    }
}
