using EqNet.Fitting;
using EqNet.Problems;

namespace EqNet.Tests.Fitting;

public class BadDataTests
{
    private const string Decay = """
        inputs:
          t: {min: 0, max: 10}
        outputs: [c]
        parameters:
          c0: {start: 1}
          k: {start: 0.5, min: 0, max: 5}
        equations: ["c = c0*exp(-k*t)"]
        data: {file: points.csv}
        """;

    private static ProblemException FitError(string yaml, string csv) =>
        Assert.Throws<ProblemException>(() => ParameterFitter.Fit(FitFolder.Load(yaml, csv)));

    [Fact]
    public void A_missing_column_is_named_with_the_header_found()
    {
        var e = FitError(Decay, "t,conc\n0,1\n1,0.6\n2,0.4\n");
        Assert.EndsWith("points.csv", e.File);
        Assert.Equal(1, e.Line);
        Assert.Contains("no column named 'c'", e.Message);
        Assert.Contains("'t', 'conc'", e.Message);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        var e = FitError(Decay, "t,c\n0,1\n1,0.6\n2,n/a\n3,0.2\n");
        Assert.Equal(4, e.Line);
        Assert.Equal("c", e.Field);
        Assert.Contains("points.csv:4: c: 'n/a' is not a number", e.Message);
    }

    [Fact]
    public void NaN_and_empty_cells_are_refused_with_their_line()
    {
        Assert.Contains("points.csv:3: t: 'NaN' is not a finite number", FitError(Decay, "t,c\n0,1\nNaN,0.6\n2,0.4\n").Message);
        Assert.Contains("points.csv:2: c: empty cell", FitError(Decay, "t,c\n0,\n1,0.6\n2,0.4\n").Message);
    }

    [Fact]
    public void Fewer_rows_than_parameters_says_how_many_of_each()
    {
        var e = FitError(Decay, "t,c\n0,1\n");
        Assert.Contains("1 data row (1 residual) but 2 parameters (c0, k)", e.Message);
    }

    [Fact]
    public void A_parameter_in_no_equation_is_refused_at_its_line()
    {
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load(Decay.Replace("  k: {start: 0.5, min: 0, max: 5}", "  k: {start: 0.5, min: 0, max: 5}\n  q: {}"), "t,c\n0,1\n"));
        Assert.Equal(7, e.Line);
        Assert.Contains("parameters.q: parameter 'q' appears in no equation", e.Message);
    }

    [Fact]
    public void A_start_outside_its_bounds_is_refused()
    {
        var e = Assert.Throws<ProblemException>(() => FitFolder.Load(Decay.Replace("start: 0.5, min: 0", "start: 7, min: 0"), "t,c\n0,1\n"));
        Assert.Equal(6, e.Line);
        Assert.Contains("parameters.k.start: start 7 lies outside [0, 5]", e.Message);
    }

    [Fact]
    public void Parameters_without_data_and_unknown_error_kinds_are_refused()
    {
        Assert.Contains("add data: {file: points.csv}", Assert.Throws<ProblemException>(() => TestProblems.Inline(Decay.Replace("data: {file: points.csv}", ""))).Message);
        Assert.Contains("data.error: unknown error kind 'squared'", Assert.Throws<ProblemException>(() => TestProblems.Inline(Decay.Replace("{file: points.csv}", "{file: points.csv, error: squared}"))).Message);
    }

    [Fact]
    public void Relative_error_with_a_zero_measurement_says_what_to_do()
    {
        var e = FitError(Decay, "t,c\n0,1\n1,0\n2,0.4\n");
        Assert.Contains("error: absolute", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_non_positive_sigma_is_refused()
    {
        Assert.Contains("points.csv:3: sigma: sigma must be positive", FitError(Decay, "t,c,sigma\n0,1,0.1\n1,0.6,0\n2,0.4,0.1\n").Message);
    }

    [Fact]
    public void A_large_file_is_streamed_and_fitted()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-fit").FullName, "problem.yaml");
        File.WriteAllText(path, Decay.Replace("{file: points.csv}", "{file: points.csv, error: absolute}"));
        const int rows = 200_000;
        using (var writer = new StreamWriter(Path.Combine(Path.GetDirectoryName(path)!, "points.csv")))
        {
            writer.WriteLine("t,c,comment");
            for (int i = 0; i < rows; i++)
            {
                double t = 10.0 * i / rows;
                writer.WriteLine(FormattableString.Invariant($"{t},{2 * Math.Exp(-0.3 * t) + 1e-3 * Math.Sin(12.9898 * i)},row{i}"));
            }
        }
        var fit = ParameterFitter.Fit(ProblemFile.Load(path));
        Assert.Equal(rows, fit.Rows);
        Assert.Equal(0.3, fit["k"].Estimate, 1e-4);
        Assert.Equal(2, fit["c0"].Estimate, 1e-4);
    }
}
