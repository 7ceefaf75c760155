using EqNet.Fitting;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Tests.Fitting;

public class ParameterCrossValidationTests
{
    private const string Line = """
        inputs:
          x: {min: 0, max: 20}
        outputs: [y]
        parameters:
          a: {start: 1}
          b: {start: 1}
        equations: ["y = a + b*x"]
        data: {file: points.csv, error: absolute, folds: 4}
        """;

    [Fact]
    public void A_straight_line_folds_match_ordinary_least_squares_on_each_fold()
    {
        double[] x = [.. Enumerable.Range(0, 20).Select(i => (double)i)];
        double[] y = [.. x.Select((v, i) => 1.5 + 0.8 * v + ((i * 7) % 5 - 2) * 0.3)];
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, FitFolder.Csv("x,y", x.Select((v, i) => new[] { v, y[i] }))));
        var cv = Assert.IsType<ParameterCrossValidation>(fit.CrossValidation);
        Assert.Equal((4, 1), (cv.Folds, cv.Seed));
        for (int f = 0; f < 4; f++)
        {
            var test = DataSplit.FoldRows(20, 1, 4, f).ToHashSet();
            var train = Enumerable.Range(0, 20).Where(i => !test.Contains(i)).ToArray();
            double xbar = train.Average(i => x[i]), ybar = train.Average(i => y[i]);
            double slope = train.Sum(i => (x[i] - xbar) * (y[i] - ybar)) / train.Sum(i => (x[i] - xbar) * (x[i] - xbar));
            double intercept = ybar - slope * xbar;
            double heldOut = Math.Sqrt(test.Average(i => Math.Pow(y[i] - intercept - slope * x[i], 2)));
            double sd = Math.Sqrt(train.Sum(i => Math.Pow(y[i] - intercept - slope * x[i], 2)) / (train.Length - 2));
            Assert.Equal(heldOut, cv.HeldOutRms.PerFold[f], 1e-9);
            Assert.Equal(sd, cv.FitSd.PerFold[f], 1e-9);
            Assert.Equal(slope, cv.Estimates[1].Values.PerFold[f], 1e-10);
            Assert.Equal(intercept, cv.Estimates[0].Values.PerFold[f], 1e-10);
        }
        // The reported estimates stay those of the fit to every row.
        Assert.Equal(20, fit.Rows);
        var json = ParameterFile.ToJson(fit)["cross_validation"]!;
        Assert.Equal(cv.HeldOutRms.Mean, (double)json["held_out_rms"]!["mean"]!, 1e-15);
        Assert.Equal(4, json["estimates"]!["b"]!["per_fold"]!.AsArray().Count);
    }

    [Fact]
    public void Too_many_folds_for_the_rows_is_an_error_naming_the_field()
    {
        var e = Assert.Throws<ProblemException>(() => ParameterFitter.Fit(FitFolder.Load(Line.Replace("folds: 4", "folds: 6", StringComparison.Ordinal),
            "x,y\n0,1\n1,2\n2,3.1\n3,3.9\n4,5.2\n5,6\n6,7.1\n7,7.9\n8,9\n9,10.2\n")));
        Assert.Equal("data.folds", e.Field);
        Assert.Contains("at most 5 folds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learned_term_is_refitted_in_each_fold_and_predicts_the_held_out_rows_near_the_noise()
    {
        string source = Path.Combine(TestProblems.RepositoryRoot, "examples", "fitting");
        string dir = Directory.CreateTempSubdirectory("eqnet-folds").FullName;
        File.Copy(Path.Combine(source, "rate-background.csv"), Path.Combine(dir, "rate-background.csv"));
        string yaml = File.ReadAllText(Path.Combine(source, "rate-background.yaml")).Replace("  file: rate-background.csv", "  folds: 3\n  file: rate-background.csv", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "problem.yaml"), yaml);
        var fit = LearnedTermFitter.Fit(ProblemFile.Load(Path.Combine(dir, "problem.yaml")));
        var cv = Assert.IsType<ParameterCrossValidation>(fit.Parameters.CrossValidation);
        Assert.Equal(3, cv.HeldOutRms.PerFold.Count);
        // 3 % noise: the held-out rows' relative residuals near it, neither far below (a leak) nor far above (a failed fold).
        Assert.All(cv.HeldOutRms.PerFold, v => Assert.InRange(v, 0.01, 0.06));
        Assert.All(cv.Estimates[1].Values.PerFold, ea => Assert.InRange(ea, 47_000, 52_000));
    }
}
