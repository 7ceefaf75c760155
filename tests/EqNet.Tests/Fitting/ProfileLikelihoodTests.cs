using EqNet.Fitting;
using MathNet.Numerics.Distributions;

namespace EqNet.Tests.Fitting;

public class ProfileLikelihoodTests
{
    [Fact]
    public void Straight_line_profile_interval_equals_the_delta_method_interval()
    {
        // For a model linear in its parameters S(c) = S_min + (c - b)^2 / [(J^T J)^-1]_jj exactly, and F(1, dof) = t^2,
        // so the profile interval is the delta-method one.
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var fit = ParameterFitter.Fit(FitFolder.Load(FitFolder.StraightLine, FitFolder.Csv("x,y", x.Select((v, i) => new[] { v, 1.5 + 0.8 * v + (i % 3 - 1) * 0.3 + (i % 2) * 0.1 }))));
        Assert.True(double.IsFinite(fit.ProfileCutoff));
        foreach (var e in fit.Parameters)
        {
            double half = (e.Upper - e.Lower) / 2;
            Assert.Equal(e.Lower, e.ProfileLower, half * 1e-6);
            Assert.Equal(e.Upper, e.ProfileUpper, half * 1e-6);
            Assert.True(e.ProfileShift < 1e-6);
        }
        Assert.Empty(fit.ProfileWarnings);
        double f = FisherSnedecor.InvCDF(1, 8, 0.95);
        Assert.Equal(fit.ResidualSumOfSquares * (1 + f / 8), fit.ProfileCutoff, 1e-12);
    }

    /// <summary>BoxBOD's data and model y = b1 (1 - exp(-b2 x)): b1 is linear given b2, so both profiles are one-dimensional searches here.</summary>
    private static readonly double[] BoxX = [1, 2, 3, 5, 7, 10], BoxY = [109, 149, 149, 191, 213, 224];

    private static (double B1, double Rss) BestB1(double b2)
    {
        double fy = 0, ff = 0;
        for (int i = 0; i < BoxX.Length; i++)
        {
            double f = 1 - Math.Exp(-b2 * BoxX[i]);
            (fy, ff) = (fy + f * BoxY[i], ff + f * f);
        }
        double b1 = fy / ff;
        return (b1, Rss(b1, b2));
    }

    private static double Rss(double b1, double b2) => BoxX.Select((x, i) => Math.Pow(BoxY[i] - b1 * (1 - Math.Exp(-b2 * x)), 2)).Sum();

    /// <summary>min over b2 of the RSS with b1 fixed: golden-section search on a bracket around the optimum (the profile is unimodal there).</summary>
    private static double BestRssAtB1(double b1)
    {
        double lo = 0.05, hi = 5, g = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 200; i++)
        {
            double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
            if (Rss(b1, c) < Rss(b1, d)) hi = d; else lo = c;
        }
        return Rss(b1, (lo + hi) / 2);
    }

    private static double Crossing(Func<double, double> profile, double inside, double outside, double cutoff)
    {
        for (int i = 0; i < 200; i++)
        {
            double mid = (inside + outside) / 2;
            if (profile(mid) < cutoff) inside = mid; else outside = mid;
        }
        return (inside + outside) / 2;
    }

    [Fact]
    public void BoxBOD_profile_intervals_match_a_brute_force_profile_and_differ_from_the_delta_method()
    {
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "nist", "BoxBOD.yaml"));
        problem = problem with { Parameters = [problem.Parameters[0] with { Start = 100 }, problem.Parameters[1] with { Start = 0.75 }] };
        var fit = ParameterFitter.Fit(problem);
        double b1 = fit["b1"].Estimate, b2 = fit["b2"].Estimate, rss = fit.ResidualSumOfSquares;
        Assert.Equal(1.1680088766e3, rss, 1e-4);
        double cutoff = rss * (1 + FisherSnedecor.InvCDF(1, 4, 0.95) / 4);

        double b2Lower = Crossing(c => BestB1(c).Rss, b2, 0.01, cutoff), b2Upper = Crossing(c => BestB1(c).Rss, b2, 5, cutoff);
        double b1Lower = Crossing(BestRssAtB1, b1, 150, cutoff), b1Upper = Crossing(BestRssAtB1, b1, 300, cutoff);
        Assert.Equal(b2Lower, fit["b2"].ProfileLower, b2Lower * 1e-6);
        Assert.Equal(b2Upper, fit["b2"].ProfileUpper, b2Upper * 1e-6);
        Assert.Equal(b1Lower, fit["b1"].ProfileLower, b1Lower * 1e-6);
        Assert.Equal(b1Upper, fit["b1"].ProfileUpper, b1Upper * 1e-6);

        // b2's profile interval is skewed to the right of the symmetric delta one by most of a half-width, and the fit says so.
        Assert.True(fit["b2"].ProfileShift > 0.5, $"shift {fit["b2"].ProfileShift}");
        Assert.True(fit["b2"].ProfileUpper - b2 > 1.5 * (b2 - fit["b2"].ProfileLower));
        Assert.Contains(fit.ProfileWarnings, w => w.StartsWith("b2's profile interval", StringComparison.Ordinal) && w.Contains("the delta method is poor here", StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_scale_parameter_has_the_same_profile_interval()
    {
        // The profile is invariant under reparametrisation: fitting b2 as log(b2) changes the walk's coordinate, not the interval.
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "nist", "BoxBOD.yaml"));
        problem = problem with { Parameters = [problem.Parameters[0] with { Start = 100 }, problem.Parameters[1] with { Start = 0.75 }] };
        var plain = ParameterFitter.Fit(problem);
        var logged = ParameterFitter.Fit(problem with { Parameters = [problem.Parameters[0], problem.Parameters[1] with { Log = true }] });
        foreach (var name in new[] { "b1", "b2" })
        {
            Assert.Equal(plain[name].ProfileLower, logged[name].ProfileLower, Math.Abs(plain[name].ProfileLower) * 1e-6);
            Assert.Equal(plain[name].ProfileUpper, logged[name].ProfileUpper, Math.Abs(plain[name].ProfileUpper) * 1e-6);
        }
    }

    [Fact]
    public void A_side_the_data_do_not_bound_is_open_and_said_so()
    {
        // Nearly flat data: as b2 grows the model tends to the constant b1, whose RSS stays below the cutoff, so b2 has no upper end.
        const string yaml = """
            inputs:
              x: {min: 1, max: 6}
            outputs: [y]
            parameters:
              b1: {start: 10}
              b2: {start: 1}
            equations: ["y = b1*(1-exp(-b2*x))"]
            data: {file: points.csv, error: absolute}
            """;
        var fit = ParameterFitter.Fit(FitFolder.Load(yaml, "x,y\n1,9.5\n2,10.3\n3,9.8\n4,10.4\n5,9.9\n6,10.1\n"));
        Assert.True(double.IsNaN(fit["b2"].ProfileUpper));
        Assert.True(fit["b2"].ProfileLower > 0 && fit["b2"].ProfileLower < fit["b2"].Estimate);
        Assert.True(double.IsFinite(fit["b1"].ProfileLower) && double.IsFinite(fit["b1"].ProfileUpper));
        Assert.Contains(fit.ProfileWarnings, w => w.StartsWith("b2's profile interval is open above", StringComparison.Ordinal));
        var json = ParameterFile.ToJson(fit);
        var b2 = json["parameters"]![1]!;
        Assert.Null(b2["profile_upper"]);
        Assert.Equal(fit["b2"].ProfileLower, (double)b2["profile_lower"]!);
    }

    [Fact]
    public void Profiles_can_be_turned_off_and_the_file_says_why()
    {
        var problem = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "nist", "BoxBOD.yaml"));
        problem = problem with { Parameters = [problem.Parameters[0] with { Start = 100 }, problem.Parameters[1] with { Start = 0.75 }] };
        var fit = ParameterFitter.Fit(problem, new ParameterFitOptions { ProfileIntervals = false });
        Assert.True(double.IsNaN(fit["b2"].ProfileLower));
        Assert.Equal("profile intervals not computed: not requested", fit.ProfileNote);
        var json = ParameterFile.ToJson(fit);
        Assert.Null(json["profile_rss_cutoff"]);
        Assert.Equal(fit["b2"].Lower, (double)json["parameters"]![1]!["ci_lower"]!);
    }
}
