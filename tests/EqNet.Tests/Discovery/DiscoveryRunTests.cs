using EqNet.Models;
using EqNet.Problems;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Discovery;

[Collection(SerialCollection.Name)]
public class DiscoveryRunTests
{
    [Fact]
    public void The_facade_writes_discover_json_saves_a_winning_formula_and_keeps_a_losing_one_out()
    {
        using var folder = new TempFolder();
        var problem = ProblemFile.Parse("inputs:\n  a: {min: 1, max: 3}\n  b: {min: 1, max: 3}\noutputs: [y]\nequations: [\"y = a*b\"]\n", "test.yaml");

        var run = Surrogate.Discover(problem, folder.Path, timeBudget: 2, save: true);

        Assert.True(run.FormulaWins, run.Verdict);
        Assert.Equal(1e-4, run.Target);
        Assert.True(File.Exists(run.DocumentPath));
        Assert.Equal(Path.Combine(folder.Path, "model.eqnet"), run.SavedPath);
        Assert.Equal(run.SavedPath, (string?)run.Document["saved"]);
        var model = Assert.IsType<FormulaModel>(Surrogate.LoadAny(run.SavedPath!));
        Assert.Equal(6.0, model.Predict([2.0, 3.0], 1)[0], 1e-12);

        // A law outside the search space against a strict threshold: the verdict says so and the saved model is left as it was.
        var written = File.GetLastWriteTimeUtc(run.SavedPath!);
        var hard = ProblemFile.Parse("inputs:\n  a: {min: 1, max: 3}\n  b: {min: 1, max: 3}\noutputs: [y]\nequations: [\"y = sin(a + b**2) + a\"]\n", "hard.yaml");
        var strict = Surrogate.Discover(hard, folder.Path, timeBudget: 2, save: true, threshold: 1e-10);
        Assert.False(strict.FormulaWins);
        Assert.Null(strict.SavedPath);
        Assert.Contains("no formula beats the threshold", strict.Verdict);
        Assert.Equal(written, File.GetLastWriteTimeUtc(run.SavedPath!));
    }
}
