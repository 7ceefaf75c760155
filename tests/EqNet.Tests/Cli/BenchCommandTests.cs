using System.Globalization;
using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class BenchCommandTests
{
    private const string Product = """
        inputs:
          a: {min: 0.1, max: 10, sampling: log}
          b: {min: 1, max: 2}
        outputs: [y]
        equations: [y = a*b]
        model: {hidden: [4]}
        training: {batch: 300}
        """;

    private const string Implicit = """
        inputs:
          p: {min: 1, max: 4}
        outputs:
          x: {min: 0}
        equations: [x**2 + x = p]
        model: {hidden: [4]}
        training: {batch: 300}
        """;

    private static string Folder()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-bench").FullName;
        File.WriteAllText(Path.Combine(dir, "product.yaml"), Product);
        File.WriteAllText(Path.Combine(dir, "implicit.yaml"), Implicit);
        File.WriteAllText(Path.Combine(dir, "broken.yaml"), "inputs:\n  a: {min: 1, max: 2}\noutputs: [y]\nequations:\n  - y = a/ * 2\n");
        return dir;
    }

    [Fact]
    public void RunsAFolderRowByRowWithErrorsAsRowsAndASummaryThatCountsTheFigures()
    {
        string dir = Folder();
        var run = EqNetProcess.Run(dir, "bench", "accuracy", "--examples", ".", "--time-budget", "0.5", "--samples", "300", "--json", "out.json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out.json")))!;
        var problems = document["problems"]!.AsObject();
        Assert.Equal(["broken", "implicit", "product"], problems.Select(p => p.Key).ToArray());
        Assert.Contains("broken.yaml:5", (string)problems["broken"]!["error"]!);
        Assert.Matches(@"broken\s+error: .*broken\.yaml:5", run.Out);

        var p99 = new[] { "implicit", "product" }.Select(n => (double)problems[n]!["scale_relative_error"]!["p99"]!).ToArray();
        foreach (var name in new[] { "implicit", "product" })
        {
            var entry = problems[name]!;
            double p = (double)entry["scale_relative_error"]!["p99"]!;
            Assert.Equal(p <= 1e-4, (bool)entry["meets_target"]!);
            Assert.Equal(0.5, (double)entry["time_budget"]!);
            Assert.Contains((string)entry["stop_reason"]!, new[] { "converged", "time budget" });
            Assert.Matches($@"{name}\s+p99 {System.Text.RegularExpressions.Regex.Escape(p.ToString("0.00e+00", CultureInfo.InvariantCulture))}", run.Out);
        }
        var rootRelative = problems["implicit"]!["outputs"]!["x"]!["root_relative_error"]!["p99"]!;
        Assert.Equal((double)rootRelative <= 1e-4, (bool)problems["implicit"]!["meets_root_relative_target"]!);
        Assert.Matches(@"implicit\s+p99 .* root-relative p99 \S+  Newton +\d+\.\d\d ?%", run.Out);

        var summary = document["summary"]!;
        Assert.Equal(3, (int)summary["problems"]!);
        Assert.Equal(1, (int)summary["failed"]!);
        Assert.Equal(p99.Count(p => p <= 1e-4), (int)summary["p99_at_most_1e-4"]!);
        Assert.Equal(p99.Count(p => p <= 1e-8), (int)summary["p99_at_most_1e-8"]!);
        Assert.Equal(p99.Max(), (double)summary["median_p99"]!); // the failed problem counts as infinitely bad
        var maxima = new[] { "implicit", "product" }.Select(name => (double)problems[name]!["scale_relative_error"]!["max"]!).ToArray();
        Assert.Equal(maxima.Count(m => m <= 1e-4), (int)summary["max_at_most_1e-4"]!);
        Assert.InRange((int)summary["root_p99_at_most_1e-5"]!, 0, 2);
        Assert.Contains("summary: ", run.Out);
        Assert.Contains("at max <= 1e-4", run.Out);
    }

    [Fact]
    public void ABaselineMarksProblemsWorseBeyondNoiseOnly()
    {
        string dir = Folder();
        File.WriteAllText(Path.Combine(dir, "baseline.json"), """
            {"problems": {
              "broken": {"scale_relative_error": {"p99": 1e-5}},
              "product": {"scale_relative_error": {"p99": 1e-30}},
              "implicit": {"scale_relative_error": {"p99": 1.0}}
            }}
            """);
        var run = EqNetProcess.Run(dir, "bench", "accuracy", "--examples", ".", "--problems", "product,implicit,broken,absent",
            "--time-budget", "0.5", "--samples", "300", "--baseline", "baseline.json", "--json", "-");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var document = JsonNode.Parse(run.Out)!;
        var problems = document["problems"]!;
        Assert.Equal(["product", "implicit", "broken", "absent"], problems.AsObject().Select(p => p.Key).ToArray());
        Assert.Contains("absent.yaml", (string)problems["absent"]!["error"]!);
        double product = (double)problems["product"]!["scale_relative_error"]!["p99"]!;
        Assert.Equal(product > 1e-8, problems["product"]!["worse_than_baseline"] is not null);
        Assert.Null(problems["implicit"]!["worse_than_baseline"]);
        Assert.Equal((product > 1e-8 ? 1 : 0) + 1, (int)document["summary"]!["worse_than_baseline"]!);

        var bad = EqNetProcess.Run(dir, "bench", "accuracy", "--examples", ".", "--baseline", "product.yaml");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--baseline product.yaml", bad.Error);
    }

    [Fact]
    public void WithOnnxEachTrainedModelIsRunInOnnxRuntimeInFloat64AndFloat32()
    {
        string dir = Folder();
        var run = EqNetProcess.Run(dir, "bench", "accuracy", "--examples", ".", "--problems", "product",
            "--steps", "5", "--time-budget", "100", "--samples", "300", "--onnx", "--json", "out.json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("ONNX Runtime vs EqNet, largest relative difference: float64", run.Out);
        var product = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out.json")))!["problems"]!["product"]!;
        double float64 = (double)product["onnx_float64_difference"]!, float32 = (double)product["onnx_float32_difference"]!;
        Assert.InRange(float64, 0, 1e-12);
        // float32 layers round the hidden activations to 6e-8 of themselves: visible, far above float64's, far below 1.
        Assert.InRange(float32, 1e-9, 1e-4);
    }
}
