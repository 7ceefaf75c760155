using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Tests.Reporting;

public class FormulaReportTests
{
    [Fact]
    public void AFormulaModelGetsItsEvaluationAndPlotsWithoutALossHistory()
    {
        using var folder = new TempFolder();
        var problem = TestProblems.Inline("""
            name: kinetic
            inputs:
              m: {min: 1, max: 10}
              v: {min: 0.1, max: 100, sampling: log}
            outputs: [E]
            equations:
              - E = m*v**2/2
            """);
        string path = System.IO.Path.Combine(folder.Path, "formula.eqnet");
        FormulaModelFile.Save(new FormulaModel(problem, [Expr.Parse("m*v**2/2")]), path);
        string report = Surrogate.Report(path, 2000);
        string html = File.ReadAllText(report);
        Assert.Contains("formula for E", html);
        Assert.Contains("No training history was recorded", html);
        // The exact formula: its error is rounding, far below any network's.
        var evaluation = Surrogate.Evaluate(Surrogate.LoadAny(path), 2000);
        Assert.True(evaluation.Overall.Max < 1e-14, $"max error {evaluation.Overall.Max:E2}");
        Assert.True(Directory.GetFiles(folder.Path, "*.png").Length + Directory.GetFiles(folder.Path, "*.svg").Length > 0 || html.Contains("<svg", StringComparison.Ordinal) || html.Contains("<img", StringComparison.Ordinal),
            "the report has no figure");
    }
}
