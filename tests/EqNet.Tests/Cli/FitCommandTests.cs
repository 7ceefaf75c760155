using EqNet.Tests.Fitting;

namespace EqNet.Tests.Cli;

public class FitCommandTests
{
    private const string Decay = """
        inputs:
          t: {min: 0, max: 10}
        outputs: [c]
        parameters:
          c0: {start: 1}
          k: {start: 0.5}
        equations: ["c = c0*exp(-k*t)"]
        data: {file: points.csv, error: absolute}
        """;

    private static readonly string Points = FitFolder.Csv("t,c", Enumerable.Range(0, 12).Select(i => new[] { i * 0.8, 2 * Math.Exp(-0.4 * i * 0.8) + 0.002 * Math.Cos(3 * i) }));

    [Fact]
    public void Train_fits_the_parameters_prints_the_table_and_writes_parameters_json()
    {
        string path = FitFolder.Write(Decay, Points);
        string dir = Path.GetDirectoryName(path)!;
        var result = EqNetProcess.Run(dir, "train", "problem.yaml", "--out", "run");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fitted parameters (95% intervals, delta method and profile likelihood)", result.Out);
        Assert.Contains("std. error", result.Out);
        Assert.Contains("profile lower", result.Out);
        Assert.Contains("noise level: cannot tell", result.Out);
        Assert.Matches(@"│ k\s+│ 0\.4", result.Out);
        Assert.True(File.Exists(Path.Combine(dir, "run", "parameters.json")));
    }

    [Fact]
    public void A_bad_cell_exits_2_with_file_line_and_column_and_other_commands_refuse_unfitted_constants()
    {
        string path = FitFolder.Write(Decay, "t,c\n0,2\n1,x\n2,0.9\n");
        string dir = Path.GetDirectoryName(path)!;
        var bad = EqNetProcess.Run(dir, "train", "problem.yaml", "--out", "run");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("points.csv:3: c: 'x' is not a number", bad.Error);
        Assert.DoesNotContain("   at ", bad.Error);

        var inspect = EqNetProcess.Run(dir, "inspect", "problem.yaml");
        Assert.Equal(2, inspect.ExitCode);
        Assert.Contains("unknown constants (c0, k)", inspect.Error);
    }
}
