using System.Globalization;
using EqNet.Problems;

namespace EqNet.Tests.Fitting;

/// <summary>A temporary folder holding a problem file and its data file, for parameter-fit tests.</summary>
internal static class FitFolder
{
    /// <summary>y = a + b x with unknown a and b, absolute error, data in points.csv: a model whose statistics have closed forms.</summary>
    public const string StraightLine = """
        inputs:
          x: {min: 0, max: 10}
        outputs: [y]
        parameters:
          a: {start: 1}
          b: {start: 1}
        equations: ["y = a + b*x"]
        data: {file: points.csv, error: absolute}
        """;

    /// <summary>Writes <paramref name="yaml"/> as problem.yaml and <paramref name="csv"/> as points.csv; returns the problem file's path.</summary>
    public static string Write(string yaml, string csv)
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-fit").FullName;
        File.WriteAllText(Path.Combine(dir, "points.csv"), csv);
        string path = Path.Combine(dir, "problem.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static Problem Load(string yaml, string csv) => ProblemFile.Load(Write(yaml, csv));

    /// <summary>CSV text with a header and one row per tuple.</summary>
    public static string Csv(string header, IEnumerable<double[]> rows) =>
        header + "\n" + string.Concat(rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n"));

    /// <summary>Standard normal draws (Box-Muller) from a seeded generator.</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
