using System.Globalization;
using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// Checks that the intervals of a fit with a learned term mean what they say: a rate law r = k exp(-Ea / (R T)) cA + g(T)
/// with unknown k and Ea and a background g(T) = 0.02 exp((T - 350) / 30) the fit is not told (a network of T learns it),
/// measured on 12 temperatures x 4 concentrations with 3 % relative noise, fitted many times with fresh noise; a 95%
/// interval should hold the true constants in about 95 of 100 draws (examples/fitting/rate-background.yaml is one draw).
/// </summary>
internal static class LearnedTermCoverageStudy
{
    /// <summary>The true rate constant (L/(mol s)) and activation energy (J/mol).</summary>
    public const double TrueK = 1e6, TrueEa = 5e4;

    /// <summary>Relative noise of each measured rate (standard deviation).</summary>
    public const double Noise = 0.03;

    /// <summary>Gas constant as the problem file writes it.</summary>
    private const double R = 8.314462618;

    private const string Yaml = """
        name: rate-background-coverage
        inputs:
          T: {min: 300, max: 400}
          cA: {min: 0.25, max: 2}
        outputs:
          r: {}
          g: {inputs: [T]}
        parameters:
          k: {log: true, min: 1, max: 1e12}
          Ea: {min: 1e4, max: 2e5}
        equations: ["r = k*exp(-Ea/(8.314462618*T))*cA + g"]
        data: {file: points.csv}
        """;

    /// <summary>The background rate the network learns.</summary>
    public static double Background(double t) => 0.02 * Math.Exp((t - 350) / 30);

    /// <summary>Draw <paramref name="draw"/>: the problem (written to a temporary folder) with 12 temperatures x 4 concentrations of noisy rates.</summary>
    public static Problem Draw(int draw)
    {
        var random = new Random(2000 + draw);
        string dir = Directory.CreateTempSubdirectory("eqnet-coverage").FullName;
        using (var writer = new StreamWriter(Path.Combine(dir, "points.csv")))
        {
            writer.WriteLine("T,cA,r");
            for (int i = 0; i < 12; i++)
            {
                double t = 300 + 100.0 * i / 11;
                foreach (double ca in new[] { 0.25, 0.5, 1, 2 })
                {
                    double rate = TrueK * Math.Exp(-TrueEa / (R * t)) * ca + Background(t);
                    double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t:R},{ca:R},{rate * (1 + Noise * normal):R}"));
                }
            }
        }
        string path = Path.Combine(dir, "problem.yaml");
        File.WriteAllText(path, Yaml);
        return ProblemFile.Load(path);
    }

    /// <summary>One draw's outcome: each constant's estimate and whether its interval held the truth, and the learned term's RMS relative error against the truth over 300..400 K.</summary>
    public readonly record struct Outcome(double K, bool KCovered, double Ea, bool EaCovered, double TermError, bool Warned)
    {
        /// <summary>Whether k's profile-likelihood interval held the truth (an open side bounds nothing).</summary>
        public bool KProfileCovered { get; init; }

        /// <summary>Whether Ea's profile-likelihood interval held the truth.</summary>
        public bool EaProfileCovered { get; init; }
    }

    private static bool ProfileHolds(ParameterEstimate e, double truth) => !(e.ProfileLower > truth) && !(e.ProfileUpper < truth);

    /// <summary>Fits <paramref name="draws"/> draws.</summary>
    public static Outcome[] Run(int draws)
    {
        var outcomes = new Outcome[draws];
        for (int d = 0; d < draws; d++)
        {
            var problem = Draw(d);
            var fit = LearnedTermFitter.Fit(problem, new LearnedTermFitOptions { Parameters = new ParameterFitOptions { SearchStarts = 100 } });
            var k = fit.Parameters["k"];
            var ea = fit.Parameters["Ea"];
            var t = Enumerable.Range(0, 101).Select(i => 300 + i * 1.0).ToArray();
            var g = fit.Model.Predict(t, t.Length);
            double error = Math.Sqrt(t.Select((v, i) => Math.Pow(g[i] / Background(v) - 1, 2)).Average());
            outcomes[d] = new Outcome(k.Estimate, k.Lower <= TrueK && TrueK <= k.Upper, ea.Estimate, ea.Lower <= TrueEa && TrueEa <= ea.Upper, error, fit.Parameters.Warnings.Count > 0)
            {
                KProfileCovered = ProfileHolds(k, TrueK),
                EaProfileCovered = ProfileHolds(ea, TrueEa),
            };
            Directory.Delete(Path.GetDirectoryName(problem.SourcePath)!, recursive: true);
        }
        return outcomes;
    }
}
