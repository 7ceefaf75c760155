using EqNet.Evaluation;
using EqNet.Fitting;
using MathNet.Numerics.Distributions;

namespace EqNet.Tests.Fitting;

public class LackOfFitTests
{
    private const string Line = FitFolder.StraightLine;

    /// <summary>Three rows at each of x = 0..5, with a fixed scatter of -0.2, +0.1, +0.1 about <paramref name="truth"/>.</summary>
    private static string Replicated(Func<double, double> truth)
    {
        double[] scatter = [-0.2, 0.1, 0.1];
        return FitFolder.Csv("x,y", Enumerable.Range(0, 6).SelectMany(x => scatter.Select(e => new[] { x, truth(x) + e })));
    }

    /// <summary>The textbook pure-error F test for a straight line (Draper and Smith, 2.1), computed here from the rows.</summary>
    private static (double F, double P) ByHand(string csv)
    {
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',').Select(double.Parse).ToArray()).ToArray();
        double xbar = rows.Average(r => r[0]), ybar = rows.Average(r => r[1]);
        double slope = rows.Sum(r => (r[0] - xbar) * (r[1] - ybar)) / rows.Sum(r => (r[0] - xbar) * (r[0] - xbar));
        double rss = rows.Sum(r => Math.Pow(r[1] - ybar - slope * (r[0] - xbar), 2));
        var groups = rows.GroupBy(r => r[0]).ToArray();
        double pure = groups.Sum(g => g.Sum(r => Math.Pow(r[1] - g.Average(q => q[1]), 2)));
        int pureDof = rows.Length - groups.Length, lofDof = groups.Length - 2;
        double f = (rss - pure) / lofDof / (pure / pureDof);
        return (f, 1 - FisherSnedecor.CDF(lofDof, pureDof, f));
    }

    [Fact]
    public void Replicates_find_a_line_through_curved_data_short_of_the_noise()
    {
        string csv = Replicated(x => 1 + 0.5 * x + 0.1 * x * x);
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, csv));
        var test = fit.LackOfFit!;
        var (f, p) = ByHand(csv);
        Assert.Equal(NoiseVerdict.AboveNoise, test.Verdict);
        Assert.Equal(12, test.Replicates!.PureErrorDof);
        Assert.Equal(4, test.Replicates.LackOfFitDof);
        Assert.Equal(f, test.Replicates.F, f * 1e-8);
        Assert.Equal(p, test.Replicates.PValue, 1e-10);
        Assert.True(p < 0.05);
        Assert.StartsWith("lack of fit", test.Text, StringComparison.Ordinal);
        Assert.Null(test.Sigma);
        Assert.Equal("above_noise", (string)ParameterFile.ToJson(fit)["lack_of_fit"]!["verdict"]!);
    }

    [Fact]
    public void Replicates_pass_a_line_through_straight_data()
    {
        string csv = Replicated(x => 1 + 0.5 * x + 0.01 * Math.Sin(3 * x));
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, csv));
        var test = fit.LackOfFit!;
        var (f, p) = ByHand(csv);
        Assert.Equal(NoiseVerdict.AtNoise, test.Verdict);
        Assert.Equal(f, test.Replicates!.F, Math.Max(f, 1e-6) * 1e-8);
        Assert.Equal(p, test.Replicates.PValue, 1e-10);
        Assert.True(p >= 0.05);
        Assert.StartsWith("at the data's noise level", test.Text, StringComparison.Ordinal);
        // The replicates' scatter (-0.2, 0.1, 0.1: sum of squares 0.06 per setting, 2 dof) is the noise they show.
        Assert.Equal(Math.Sqrt(0.06 / 2), test.Replicates.PureErrorSd, 1e-9);
    }

    /// <summary>20 rows on a line with a fixed pattern of unit-variance scatter times <paramref name="noise"/>, declared sigma <paramref name="sigma"/>.</summary>
    private static string WithSigma(double noise, double sigma)
    {
        var random = new Random(7);
        return FitFolder.Csv("x,y,sigma", Enumerable.Range(0, 20).Select(i => new[] { i * 0.5, 2 + 0.3 * i * 0.5 + noise * FitFolder.Normal(random), sigma }));
    }

    [Theory]
    [InlineData(0.1, NoiseVerdict.AtNoise)]
    [InlineData(0.01, NoiseVerdict.AboveNoise)]
    [InlineData(1.0, NoiseVerdict.BelowNoise)]
    public void A_sigma_column_is_judged_by_the_reduced_chi_square_against_its_spread(double declared, NoiseVerdict expected)
    {
        var fit = ParameterFitter.Fit(FitFolder.Load(Line.Replace("error: absolute", "error: relative", StringComparison.Ordinal), WithSigma(0.1, declared)));
        var test = fit.LackOfFit!;
        Assert.Null(test.Replicates);
        Assert.Equal(fit.ResidualSumOfSquares / 18, test.Sigma!.ReducedChiSquare, 1e-12);
        Assert.Equal(ChiSquared.InvCDF(18, 0.975) / 18, test.Sigma.High, 1e-12);
        Assert.Equal(ChiSquared.InvCDF(18, 0.025) / 18, test.Sigma.Low, 1e-12);
        Assert.Equal(expected, test.Verdict);
    }

    [Fact]
    public void Without_replicates_or_sigma_it_says_it_cannot_tell()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, FitFolder.Csv("x,y", x.Select((v, i) => new[] { v, 1.5 + 0.8 * v + (i % 3 - 1) * 0.3 }))));
        Assert.Equal(NoiseVerdict.CannotTell, fit.LackOfFit!.Verdict);
        Assert.Null(fit.LackOfFit.Replicates);
        Assert.Null(fit.LackOfFit.Sigma);
        Assert.StartsWith("cannot tell", fit.LackOfFit.Text, StringComparison.Ordinal);
        Assert.Equal("cannot_tell", (string)ParameterFile.ToJson(fit)["lack_of_fit"]!["verdict"]!);
    }

    [Fact]
    public void Replicates_at_as_many_settings_as_parameters_cannot_test_lack_of_fit()
    {
        // Two settings, two parameters: the line passes through both settings' means, so no dof is left for lack of fit.
        var fit = ParameterFitter.Fit(FitFolder.Load(Line, "x,y\n0,1\n0,1.2\n0,0.9\n5,3\n5,3.3\n5,2.8\n"));
        Assert.Equal(NoiseVerdict.CannotTell, fit.LackOfFit!.Verdict);
        Assert.StartsWith("cannot tell", fit.LackOfFit.Text, StringComparison.Ordinal);
    }
}
