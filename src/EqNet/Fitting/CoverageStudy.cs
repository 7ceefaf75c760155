using System.Globalization;
using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// Checks that the stated confidence intervals mean what they say: an Arrhenius law k = A exp(-Ea / (R T)) with
/// unknown A and Ea, measured with 3 % relative noise from a known truth, fitted many times with fresh noise; a 95%
/// interval should hold the true Ea in about 95 of 100 draws.
/// </summary>
internal static class CoverageStudy
{
    /// <summary>The constant whose coverage is counted.</summary>
    public const string Constant = "Ea";

    /// <summary>The true activation energy (J/mol) and pre-exponential factor (1/s).</summary>
    public const double TrueEa = 5.2e4, TrueA = 2e7;

    /// <summary>Relative noise of each measured k (standard deviation).</summary>
    public const double Noise = 0.03;

    private const string Yaml = """
        name: arrhenius-coverage
        inputs:
          T: {min: 300, max: 400}
        outputs: [k]
        parameters:
          A: {log: true, min: 1, max: 1e12}
          Ea: {min: 1e3, max: 2e5}
        equations: ["k = A*exp(-Ea/(8.314*T))"]
        data: {file: points.csv}
        """;

    /// <summary>Draw <paramref name="draw"/>: the problem (written to a temporary folder) with <paramref name="rows"/> noisy rows.</summary>
    public static Problem Draw(int draw, int rows)
    {
        var random = new Random(1000 + draw);
        string dir = Directory.CreateTempSubdirectory("eqnet-coverage").FullName;
        using (var writer = new StreamWriter(Path.Combine(dir, "points.csv")))
        {
            writer.WriteLine("T,k");
            for (int i = 0; i < rows; i++)
            {
                double t = 300 + 100.0 * i / (rows - 1);
                double k = TrueA * Math.Exp(-TrueEa / (8.314 * t));
                double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t:R},{k * (1 + Noise * normal):R}"));
            }
        }
        string path = Path.Combine(dir, "problem.yaml");
        File.WriteAllText(path, Yaml);
        return ProblemFile.Load(path);
    }

    /// <summary>
    /// Fits <paramref name="draws"/> draws; returns how many 95% intervals held the true Ea (delta method), the draws'
    /// estimates, and how many profile-likelihood intervals held it.
    /// </summary>
    public static (int Covered, double[] Estimates, int ProfileCovered) Run(int draws, int rows)
    {
        int covered = 0, profileCovered = 0;
        var estimates = new double[draws];
        for (int d = 0; d < draws; d++)
        {
            var problem = Draw(d, rows);
            var fit = ParameterFitter.Fit(problem, new ParameterFitOptions { SearchStarts = 100 });
            var ea = fit[Constant];
            estimates[d] = ea.Estimate;
            if (ea.Lower <= TrueEa && TrueEa <= ea.Upper) covered++;
            // An open side (NaN) bounds nothing there.
            if (!(ea.ProfileLower > TrueEa) && !(ea.ProfileUpper < TrueEa)) profileCovered++;
            Directory.Delete(Path.GetDirectoryName(problem.SourcePath)!, recursive: true);
        }
        return (covered, estimates, profileCovered);
    }
}
