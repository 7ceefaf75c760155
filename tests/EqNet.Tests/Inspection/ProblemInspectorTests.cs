using EqNet.Inspection;

namespace EqNet.Tests.Inspection;

public class ProblemInspectorTests
{
    [Fact]
    public void SeedInputsShowTheTransformsAndTheLogDistanceFeature()
    {
        var report = ProblemInspector.Inspect(TestProblems.Load("seed.yaml"), 4000);
        var x2 = report.Inputs.Single(i => i.Name == "x2");
        Assert.Equal(["log(x2)", "log(x1 - x2)"], x2.Features);
        Assert.Equal(["x1", "log(x1)"], report.Inputs.Single(i => i.Name == "x1").Features);
        Assert.InRange(x2.Decades!.Value, 2.5, 3.0);
        Assert.True(report.Outputs.Single().ChangesSign);
        Assert.Equal(3, report.Equations.Single().Terms.Count);
    }

    [Fact]
    public void TheQuestionsLossScaleIsFlaggedWithItsRatioRange()
    {
        var warning = Assert.Single(ProblemInspector.Inspect(TestProblems.Load("seed-question-loss.yaml"), 4000).Warnings, w => w.Code == "scale-ratio");
        Assert.Contains("x5/x2", warning.Message);
        Assert.Contains("remove 'scale: x5/x2'", warning.Fix);
        Assert.DoesNotContain(ProblemInspector.Inspect(TestProblems.Load("seed.yaml"), 4000).Warnings, w => w.Code == "scale-ratio");
    }

    [Fact]
    public void UniformSamplingOverDecadesSaysHowMuchLandsInTheTopDecade()
    {
        var report = ProblemInspector.Inspect(TestProblems.Load("seed.yaml"), 4000);
        var x4 = Assert.Single(report.Warnings, w => w.Code == "uniform-decades" && w.Message.Contains("x4"));
        Assert.Matches(@"(89|90|91) % of the points fall in the top decade", x4.Message);
    }

    [Fact]
    public void TheQuestionsSamplerBoundsShowUp()
    {
        var report = ProblemInspector.Inspect(TestProblems.Load("seed-question-sampler.yaml"), 4000);
        var x3 = report.Inputs.Single(i => i.Name == "x3");
        var x5 = report.Inputs.Single(i => i.Name == "x5");
        Assert.InRange(x3.Min, 1, 10);
        Assert.InRange(x3.Max, 9900, 10000);
        Assert.InRange(x5.Min, 1000, 1100);
        Assert.Equal("integer", x5.Sampling);
        Assert.Contains(report.Warnings, w => w.Code == "integer" && w.Message.Contains("x5"));
    }

    [Fact]
    public void ADataFileIsSaidToBeUnused()
    {
        const string Core = "inputs: {x: {min: 1, max: 2}}\noutputs: [y]\nequations: [y = 2*x]\n";
        var warning = Assert.Single(ProblemInspector.Inspect(TestProblems.Inline(Core + "data: {file: points.csv}\n"), 500).Warnings, w => w.Code == "data-unused");
        Assert.Contains("points.csv", warning.Message);
        Assert.Contains("eqnet predict", warning.Message);
        Assert.DoesNotContain(ProblemInspector.Inspect(TestProblems.Inline(Core), 500).Warnings, w => w.Code == "data-unused");
    }

    [Fact]
    public void OutputBoundsThatExcludeSolutionsAreReported()
    {
        var problem = TestProblems.Inline("""
            inputs: {x: {min: 1, max: 100}}
            outputs: {y: {min: 5}}
            equations: [y^2 = x]
            """);
        var warning = Assert.Single(ProblemInspector.Inspect(problem, 2000).Warnings, w => w.Code == "no-solution");
        Assert.Contains("output y", warning.Message);
    }

    [Fact]
    public void JsonHasStableKeys()
    {
        var json = InspectionJson.ToJson(ProblemInspector.Inspect(TestProblems.Load("van-der-waals.yaml"), 1000));
        foreach (var key in new[] { "problem", "samples", "inputs", "equations", "outputs", "warnings" }) Assert.True(json.ContainsKey(key), key);
        Assert.Equal(1.0, (double)json["outputs"]![0]!["solved_fraction"]!);
        Assert.NotNull(json["equations"]![0]!["term_scale"]!["median"]);
    }
    /// <summary>
    /// Spherical coordinates: each implicit output's closed form is shown, and the one point where the x equation's terms
    /// cancel (x near 0, Newton's residual 1.2e-12, rounding) is no "no solution" warning.
    /// </summary>
    [Fact]
    public void ClosedFormsAreShownAndRoundingIsNoMissingSolution()
    {
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "implicit", "07-radar-az-el.yaml"));
        var report = ProblemInspector.Inspect(problem);
        var r = EqNet.Expressions.Expr.Parse(report.Outputs[0].ClosedForm!);
        Assert.Equal(3.0, r.Evaluate(new Dictionary<string, double> { ["x"] = 1, ["y"] = 2, ["z"] = 2 }), 1e-14);
        Assert.All(report.Outputs, o => Assert.Equal(1, o.SolvedFraction));
        Assert.All(report.Outputs, o => Assert.NotNull(o.ClosedForm));
        Assert.DoesNotContain(report.Warnings, w => w.Code == "no-solution");
        var text = new StringWriter();
        InspectionText.Write(report, text);
        Assert.Contains("closed form from the equations (agrees with Newton): az = ", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(report.Outputs[1].ClosedForm, InspectionJson.ToJson(report)["outputs"]![1]!["closed_form"]!.GetValue<string>());
    }

    [Fact]
    public void A_side_written_against_zero_is_not_counted_as_cancelling()
    {
        // x - p + lam*x/a**2 = 0 sums to 0 at every root: it is the residual, not a cancellation that costs digits.
        var zero = TestProblems.Inline("""
            inputs:
              p: {min: 1, max: 2}
              k: {min: 1, max: 2}
            outputs: [x]
            equations:
              - x - p + k*x = 0
            """);
        Assert.Equal(0, ProblemInspector.Inspect(zero, 1000).Equations[0].CancellationFraction);
        var written = TestProblems.Inline("""
            inputs:
              p: {min: 1, max: 2}
              k: {min: 1, max: 2}
            outputs: [x]
            equations:
              - x*(1 + k) - p = 1e-9*p
            """);
        Assert.Equal(1, ProblemInspector.Inspect(written, 1000).Equations[0].CancellationFraction);
    }
}
