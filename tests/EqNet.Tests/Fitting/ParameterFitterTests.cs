using EqNet.Fitting;

namespace EqNet.Tests.Fitting;

public class ParameterFitterTests
{
    private const string Line = """
        inputs:
          x: {min: 0, max: 10}
        outputs: [y]
        parameters:
          a: {start: 0}
          b: {start: 0}
        equations: ["y = a + b*x"]
        data: {file: points.csv, error: absolute}
        """;

    [Fact]
    public void Straight_line_matches_the_closed_form_estimates_standard_errors_and_t_interval()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] y = [.. x.Select((v, i) => 1.5 + 0.8 * v + (i % 3 - 1) * 0.3 + (i % 2) * 0.1)];
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, FitFolder.Csv("x,y", x.Select((v, i) => new[] { v, y[i] }))));

        int n = x.Length;
        double xbar = x.Average(), ybar = y.Average();
        double sxx = x.Sum(v => (v - xbar) * (v - xbar));
        double slope = x.Select((v, i) => (v - xbar) * (y[i] - ybar)).Sum() / sxx;
        double intercept = ybar - slope * xbar;
        double rss = x.Select((v, i) => Math.Pow(y[i] - intercept - slope * v, 2)).Sum();
        double s = Math.Sqrt(rss / (n - 2));
        Assert.Equal(intercept, fit["a"].Estimate, 1e-12);
        Assert.Equal(slope, fit["b"].Estimate, 1e-12);
        Assert.Equal(s / Math.Sqrt(sxx), fit["b"].StandardError, 1e-12);
        Assert.Equal(s * Math.Sqrt(1.0 / n + xbar * xbar / sxx), fit["a"].StandardError, 1e-12);
        Assert.Equal(rss, fit.ResidualSumOfSquares, 1e-12);
        Assert.Equal(8, fit.DegreesOfFreedom);
        Assert.Equal(2.306004135, fit.TQuantile, 1e-8);
        Assert.Equal(slope - 2.306004135 * s / Math.Sqrt(sxx), fit["b"].Lower, 1e-8);
        // corr(a, b) = -xbar / sqrt(Sxx/n + xbar^2)
        Assert.Equal(-xbar / Math.Sqrt(sxx / n + xbar * xbar), fit.Correlation[0][1], 1e-10);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void Misra1a_from_NIST_start_1_reaches_the_certified_values_and_standard_deviations()
    {
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "nist", "Misra1a.yaml"));
        problem = problem with { Parameters = [problem.Parameters[0] with { Start = 500 }, problem.Parameters[1] with { Start = 1e-4 }] };
        var fit = ParameterFitter.Fit(problem);
        Assert.Equal(238.94212918, fit["b1"].Estimate, 238.94212918 * 1e-8);
        Assert.Equal(5.5015643181e-4, fit["b2"].Estimate, 5.5015643181e-4 * 1e-8);
        Assert.Equal(2.7070075241, fit["b1"].StandardError, 2.7070075241 * 1e-6);
        Assert.Equal(7.2668688436e-6, fit["b2"].StandardError, 7.2668688436e-6 * 1e-6);
        Assert.Equal(0.12455138894, fit.ResidualSumOfSquares, 0.12455138894 * 1e-8);
        Assert.Equal(12, fit.DegreesOfFreedom);
    }

    [Fact]
    public void MGH17_from_NIST_start_1_reaches_the_certified_optimum_and_says_the_start_led_elsewhere()
    {
        // Start 1 puts both decay rates 100x too high: every exponential term vanishes past the first row, a stationary
        // point that Levenberg-Marquardt from the start alone reports as converged.
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "nist", "MGH17.yaml"));
        double[] start = [50, 150, -100, 1, 2];
        problem = problem with { Parameters = [.. problem.Parameters.Select((q, j) => q with { Start = start[j] })] };
        var fit = ParameterFitter.Fit(problem);
        double[] certified = [3.7541005211e-01, 1.9358469127e+00, -1.4646871366e+00, 1.2867534640e-02, 2.2122699662e-02];
        for (int j = 0; j < 5; j++) Assert.Equal(certified[j], fit[$"b{j + 1}"].Estimate, Math.Abs(certified[j]) * 1e-6);
        Assert.Equal(5.4648946975e-05, fit.ResidualSumOfSquares, 5.4648946975e-05 * 1e-6);
        Assert.Contains(fit.Warnings, w => w.Contains("a search without them found", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_start_the_search_finds_a_decay_rate_spanning_decades()
    {
        const string yaml = """
            inputs:
              t: {min: 0, max: 1000}
            outputs: [c]
            parameters:
              c0: {}
              k: {min: 0}
            equations: ["c = c0*exp(-k*t)"]
            data: {file: points.csv}
            """;
        var rows = Enumerable.Range(0, 20).Select(i => new[] { i * 50.0, 3.2e4 * Math.Exp(-2.5e-3 * i * 50) * (1 + 0.01 * Math.Sin(i)) });
        var fit = ParameterFitter.Fit(FitFolder.Load(yaml, FitFolder.Csv("t,c", rows)));
        Assert.Equal(2.5e-3, fit["k"].Estimate, 2.5e-3 * 0.02);
        Assert.Equal(3.2e4, fit["c0"].Estimate, 3.2e4 * 0.02);
        Assert.InRange(fit["k"].Estimate, fit["k"].Lower, fit["k"].Upper);
        Assert.True(fit.Converged);
        Assert.True(fit.StartsTried > 1);
        Assert.Equal("relative", fit.Error);
    }

    [Fact]
    public void A_sigma_column_weights_rows_and_a_log_parameter_stays_positive()
    {
        const string yaml = """
            inputs:
              T: {min: 300, max: 400}
            outputs: [k]
            parameters:
              A: {start: 1e5, log: true}
              Ea: {start: 4e4}
            equations: ["k = A*exp(-Ea/(8.314*T))"]
            data: {file: points.csv}
            """;
        var random = new Random(3);
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            double t = 300 + i * 100.0 / 29, k = 2e7 * Math.Exp(-5.2e4 / (8.314 * t)), sigma = 0.03 * k;
            return new[] { t, k + sigma * FitFolder.Normal(random), sigma };
        });
        var fit = ParameterFitter.Fit(FitFolder.Load(yaml, FitFolder.Csv("T,k,sigma", rows)));
        Assert.Equal("sigma", fit.Error);
        Assert.InRange(fit["Ea"].Estimate, 5.2e4 - 3 * fit["Ea"].StandardError, 5.2e4 + 3 * fit["Ea"].StandardError);
        Assert.True(fit["A"].Estimate > 0);
        // With sigma the residual sd is the reduced chi-square's root: near 1 at the data's noise level.
        Assert.InRange(fit.ResidualStandardDeviation, 0.6, 1.4);
    }

    [Fact]
    public void Parameters_the_data_cannot_tell_apart_are_named_in_a_warning()
    {
        const string yaml = """
            inputs:
              x: {min: 0, max: 1}
            outputs: [y]
            parameters:
              a: {start: 1}
              b: {start: 1}
            equations: ["y = a*exp(b*x)"]
            data: {file: points.csv, error: absolute}
            """;
        // x spans 1e-4: a and b act alike there (y ~ a + a b x), so they are correlated almost exactly.
        var rows = Enumerable.Range(0, 10).Select(i => new[] { 1 + i * 1e-5, 2 * Math.Exp(0.7 * (1 + i * 1e-5)) + 1e-6 * Math.Sin(7 * i) });
        var fit = ParameterFitter.Fit(FitFolder.Load(yaml, FitFolder.Csv("x,y", rows)));
        var warning = Assert.Single(fit.Warnings, w => w.StartsWith("a and b are correlated", StringComparison.Ordinal));
        Assert.Contains("wider range of x", warning);
    }

    [Fact]
    public void Parameters_that_enter_only_as_a_product_give_a_near_singular_warning_naming_both()
    {
        const string yaml = """
            inputs:
              x: {min: 0, max: 1}
            outputs: [y]
            parameters:
              a: {start: 1}
              b: {start: 2}
              c: {start: 0}
            equations: ["y = a*b*x + c"]
            data: {file: points.csv, error: absolute}
            """;
        var rows = Enumerable.Range(0, 10).Select(i => new[] { i / 10.0, 3 * i / 10.0 + 1 + 0.01 * Math.Sin(i) });
        var fit = ParameterFitter.Fit(FitFolder.Load(yaml, FitFolder.Csv("x,y", rows)));
        var warning = Assert.Single(fit.Warnings, w => w.Contains("near-singular", StringComparison.Ordinal));
        Assert.Contains(" a", warning);
        Assert.Contains(" b", warning);
        Assert.DoesNotContain(" c ", warning);
        Assert.Equal(3, fit["a"].Estimate * fit["b"].Estimate, 0.05);
    }

    [Fact]
    public void Parameters_json_holds_estimates_intervals_correlation_and_the_method()
    {
        double[] x = [1, 2, 3, 4, 5];
        string path = FitFolder.Write(Line, FitFolder.Csv("x,y,note", x.Select(v => new[] { v, 2 + 3 * v + 0.1 * Math.Cos(v), 0 })));
        string dir = Path.Combine(Path.GetDirectoryName(path)!, "run");
        var (result, file) = Surrogate.FitToFolder(Surrogate.LoadProblem(path), dir);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(Path.Combine(dir, "parameters.json"), file);
        Assert.Equal(result["b"].Estimate, (double)json["parameters"]![1]!["estimate"]!);
        Assert.Equal(result["b"].Upper, (double)json["parameters"]![1]!["ci_upper"]!);
        Assert.Equal(3, (int)json["dof"]!);
        Assert.Equal(1.0, (double)json["correlation"]![0]![0]!);
        Assert.Contains("delta method", (string)json["method"]!);
    }
}
