using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Fitting;
using EqNet.IO;
using EqNet.Problems;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench nist</c>: the 27 NIST StRD nonlinear-regression problems, each fitted from NIST's Start 1, Start 2
/// and no start at all through its problem file (bench/nist/NAME.yaml, the same path a user's file takes), scored by the
/// log relative error (LRE: correct significant digits, capped at the certified values' 11, below 1 counted as 0;
/// McCullough 1998) of every estimate, standard error and the residual sum of squares.
/// </summary>
internal static class NistBench
{
    /// <summary>Digits of the certified values: an LRE beyond them cannot be checked.</summary>
    private const double CertifiedDigits = 11;

    /// <summary>The pass marks of the target: estimates and RSS to 6 digits, standard errors to 3.</summary>
    private const double EstimateTarget = 6, ErrorTarget = 3;

    /// <summary>
    /// Problems whose certified RSS float64 cannot reproduce, scored on their estimates alone (bench/nist/README.md):
    /// Lanczos1's residuals at the optimum are 1e-13 of values near 1, so the rounding of exp alone moves its RSS
    /// (1.4e-25) in the third digit, and the standard errors (s from the RSS) with it.
    /// </summary>
    private static readonly string[] EstimatesOnly = ["Lanczos1"];

    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Folder with problems.json, the CSV files and a problem file per dataset.", DefaultValueFactory = _ => Path.Combine("bench", "nist") };
        var problems = CommonOptions.Problems();
        var json = new Option<string?>("--json") { Description = "Also write every LRE as JSON to this file." };
        var seed = CommonOptions.Seed("Seed of the no-start search (default 1).");
        var profile = new Option<bool>("--profile") { Description = "Also fit each problem from Start 1 with profile-likelihood intervals and print them beside the delta method's." };
        var command = new Command("nist", "Fit the 27 NIST StRD nonlinear-regression problems from Start 1, Start 2 and no start; print the LRE (correct digits) of estimates, standard errors and RSS.")
        {
            dir, problems, json, seed, profile,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            int code = Run(parsed.GetRequiredValue(dir), parsed.GetValue(problems), parsed.GetValue(json), parsed.GetValue(seed) ?? 1);
            return parsed.GetValue(profile) ? Profiles(parsed.GetRequiredValue(dir), parsed.GetValue(problems)) : code;
        }));
        return command;
    }

    private sealed record Certified(string Name, string Difficulty, double[] Start1, double[] Start2, double[] Values, double[] StdDevs, double Rss);

    private static int Run(string dir, string? names, string? jsonPath, int seed)
    {
        string catalogue = Path.Combine(dir, "problems.json");
        if (!File.Exists(catalogue)) throw new UserInputException($"--dir: no problems.json in '{dir}'; give the folder of the NIST StRD files (bench/nist)");
        var all = JsonNode.Parse(File.ReadAllText(catalogue))!["problems"]!.AsArray().Select(node => new Certified(
            (string)node!["name"]!, (string)node["difficulty"]!, Doubles(node["start1"]!), Doubles(node["start2"]!),
            Doubles(node["certified_values"]!), Doubles(node["certified_std_devs"]!), (double)node["certified_rss"]!)).ToList();
        var selected = names?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (selected?.FirstOrDefault(n => all.All(c => c.Name != n)) is { } unknown)
            throw new UserInputException($"--problems: no NIST problem '{unknown}'; the problems are {string.Join(", ", all.Select(c => c.Name))}");
        var chosen = selected is null ? all : [.. all.Where(c => selected.Contains(c.Name))];

        Console.WriteLine($"NIST StRD nonlinear regression: {chosen.Count} problems from Start 1, Start 2 and no start; LRE = correct significant digits (max {CertifiedDigits}).");
        Console.WriteLine($"Pass: estimates and RSS >= {EstimateTarget}, standard errors >= {ErrorTarget}.");
        Console.WriteLine();
        Console.WriteLine($"{"problem",-10} {"level",-8} | {"start 1: est  se  rss",-24}| {"start 2: est  se  rss",-24}| {"no start: est  se  rss",-26}| seconds");
        var rows = new JsonArray();
        var passes = new Dictionary<string, int> { ["start1"] = 0, ["start2"] = 0, ["none"] = 0 };
        var relabelledPasses = new Dictionary<string, int> { ["start1"] = 0, ["start2"] = 0, ["none"] = 0 };
        var total = Stopwatch.StartNew();
        foreach (var c in chosen)
        {
            var problem = Surrogate.LoadProblem(Path.Combine(dir, c.Name + ".yaml"));
            var line = new List<string>();
            var record = new JsonObject { ["name"] = c.Name, ["difficulty"] = c.Difficulty };
            var clock = Stopwatch.StartNew();
            foreach (var (key, start) in new[] { ("start1", c.Start1), ("start2", c.Start2), ("none", (double[]?)null) })
            {
                var variant = problem with { Parameters = [.. problem.Parameters.Select((q, j) => q with { Start = start?[j] })] };
                var fit = Surrogate.Fit(variant, new ParameterFitOptions { Seed = seed, ProfileIntervals = false });
                double rss = Lre(fit.ResidualSumOfSquares, c.Rss);
                int[] order = [.. Enumerable.Range(0, c.Values.Length)];
                if (rss >= EstimateTarget && Relabelling(variant, fit, c) is { } relabelled) order = relabelled;
                double[] est = [.. order.Select((k, j) => Lre(fit.Parameters[k].Estimate, c.Values[j]))];
                double[] se = [.. order.Select((k, j) => Lre(fit.Parameters[k].StandardError, c.StdDevs[j]))];
                bool swapped = !order.SequenceEqual(Enumerable.Range(0, order.Length));
                bool pass = est.Min() >= EstimateTarget && (EstimatesOnly.Contains(c.Name) || (rss >= EstimateTarget && se.Min() >= ErrorTarget));
                if (pass && !swapped) passes[key]++;
                if (pass && swapped) relabelledPasses[key]++;
                line.Add($"{est.Min(),5:0.0} {se.Min(),4:0.0} {rss,4:0.0} {(pass ? swapped ? "ok~" : "ok " : "NO ")}{(fit.Converged ? ' ' : '*')}");
                record[key] = new JsonObject
                {
                    ["pass"] = pass,
                    ["converged"] = fit.Converged,
                    ["estimate_lre"] = new JsonArray([.. est.Select(v => (JsonNode)v)]),
                    ["standard_error_lre"] = new JsonArray([.. se.Select(v => (JsonNode)v)]),
                    ["rss_lre"] = rss,
                    ["rss"] = fit.ResidualSumOfSquares,
                    ["estimates"] = new JsonArray([.. fit.Parameters.Select(e => (JsonNode)e.Estimate)]),
                    ["relabelled_as"] = swapped ? new JsonArray([.. order.Select(k => (JsonNode)fit.Parameters[k].Name)]) : null,
                    ["starts_tried"] = fit.StartsTried,
                    ["iterations"] = fit.Iterations,
                };
            }
            record["seconds"] = clock.Elapsed.TotalSeconds;
            rows.Add(record);
            Console.WriteLine($"{c.Name + (EstimatesOnly.Contains(c.Name) ? "+" : ""),-10} {c.Difficulty,-8} | {line[0],-24}| {line[1],-24}| {line[2],-26}| {clock.Elapsed.TotalSeconds,6:0.00}");
        }
        Console.WriteLine();
        Console.WriteLine($"passed: start 1 {passes["start1"]}/{chosen.Count}, start 2 {passes["start2"]}/{chosen.Count}, no start {passes["none"]}/{chosen.Count} " +
            $"(targets: {chosen.Count}, {chosen.Count}, 20 of 27); '*' = the fit reported no convergence; {total.Elapsed.TotalSeconds:0.0} s in all");
        Console.WriteLine($"~ the certified optimum with interchangeable parameters swapped (the model is the same function under the swap; the RSS is checked): " +
            $"start 1 {relabelledPasses["start1"]}, start 2 {relabelledPasses["start2"]}, no start {relabelledPasses["none"]} more, not counted above.");
        Console.WriteLine($"+ scored on its estimates only: its certified RSS is below what float64 can evaluate (bench/nist/README.md, 'Points to watch').");
        if (jsonPath is not null)
        {
            var document = new JsonObject
            {
                ["source"] = "NIST StRD nonlinear regression (public domain), bench/nist",
                ["lre_cap"] = CertifiedDigits,
                ["passed"] = new JsonObject { ["start1"] = passes["start1"], ["start2"] = passes["start2"], ["none"] = passes["none"], ["of"] = chosen.Count },
                ["passed_relabelled"] = new JsonObject { ["start1"] = relabelledPasses["start1"], ["start2"] = relabelledPasses["start2"], ["none"] = relabelledPasses["none"] },
                ["problems"] = rows,
            };
            AtomicFile.WriteAllText(jsonPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"wrote {jsonPath}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Each problem from Start 1 with profile-likelihood intervals beside the delta method's: the ends, and the larger
    /// shift of an end in delta half-widths (0 for a model linear in its parameters; above 0.1 the delta method is poor).
    /// </summary>
    private static int Profiles(string dir, string? names)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "problems.json")))!["problems"]!.AsArray()
            .Select(node => ((string)node!["name"]!, Doubles(node["start1"]!))).ToList();
        var selected = names?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Console.WriteLine();
        Console.WriteLine("Profile-likelihood against delta-method 95% intervals, from Start 1 (shift: the larger distance between their ends, in delta half-widths; * above 0.1: the delta method is poor)");
        Console.WriteLine($"{"problem",-10} {"param",-5} {"estimate",14} | {"delta lower",14} {"delta upper",14} | {"profile lower",14} {"profile upper",14} | {"shift",6}");
        int poor = 0, open = 0, count = 0;
        var total = Stopwatch.StartNew();
        foreach (var (name, start) in all.Where(c => selected is null || selected.Contains(c.Item1)))
        {
            var problem = Surrogate.LoadProblem(Path.Combine(dir, name + ".yaml"));
            problem = problem with { Parameters = [.. problem.Parameters.Select((q, j) => q with { Start = start[j] })] };
            var fit = Surrogate.Fit(problem);
            foreach (var e in fit.Parameters)
            {
                count++;
                bool isOpen = double.IsNaN(e.ProfileLower) || double.IsNaN(e.ProfileUpper);
                if (isOpen) open++;
                if (e.ProfileShift > ParameterFitResult.PoorDeltaShift) poor++;
                string shift = isOpen ? "open" : e.ProfileShift.ToString("0.000", CultureInfo.InvariantCulture) + (e.ProfileShift > ParameterFitResult.PoorDeltaShift ? "*" : "");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} {e.Name,-5} {e.Estimate,14:G8} | {e.Lower,14:G8} {e.Upper,14:G8} | {e.ProfileLower,14:G8} {e.ProfileUpper,14:G8} | {shift,6}"));
            }
        }
        Console.WriteLine($"{count} parameters: {poor} where the delta method is poor (shift > {ParameterFitResult.PoorDeltaShift}), {open} with an open side; {total.Elapsed.TotalSeconds:0.0} s (fits and profiles)");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// When the fit reached the certified RSS with its parameters in another order (sums of exponentials or Gaussians
    /// whose terms can be listed either way): the order that pairs each certified value with the nearest estimate, if it
    /// is a permutation and the model's RSS at the estimates so reordered is the fit's own (so the swap leaves the model
    /// unchanged); null otherwise.
    /// </summary>
    private static int[]? Relabelling(Problem problem, ParameterFitResult fit, Certified c)
    {
        int p = c.Values.Length;
        int[] order = [.. c.Values.Select(v => Enumerable.Range(0, p).MinBy(k => Math.Abs(fit.Parameters[k].Estimate - v) / Math.Abs(v)))];
        if (order.Distinct().Count() != p || order.SequenceEqual(Enumerable.Range(0, p))) return null;
        var data = MeasuredData.Read(problem.Data.File!, ParameterFitter.DataVariables(problem));
        double Rss(double[] b)
        {
            string[] layout = [.. data.Names, .. problem.ParameterNames];
            var residual = problem.Equations[0].Equation.Residual.Compile(layout);
            var row = new double[layout.Length];
            b.CopyTo(row, data.Names.Count);
            double sum = 0;
            for (int r = 0; r < data.Rows; r++)
            {
                for (int v = 0; v < data.Names.Count; v++) row[v] = data.Columns[v][r];
                double e = residual.Evaluate(row);
                sum += e * e;
            }
            return sum;
        }
        double[] estimates = [.. fit.Parameters.Select(e => e.Estimate)];
        double[] reordered = new double[p];
        for (int j = 0; j < p; j++) reordered[j] = estimates[order[j]];
        double own = Rss(estimates), swapped = Rss(reordered);
        return Math.Abs(swapped - own) <= 1e-9 * own ? order : null;
    }

    /// <summary>
    /// LRE = -log10(|q - c| / |c|) (McCullough 1998), capped at the certified digits; below 1, or not a number, is 0
    /// (no correct digit).
    /// </summary>
    internal static double Lre(double estimate, double certified)
    {
        if (!double.IsFinite(estimate)) return 0;
        if (estimate == certified) return CertifiedDigits;
        double lre = certified == 0 ? -Math.Log10(Math.Abs(estimate)) : -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified));
        return lre < 1 ? 0 : Math.Min(CertifiedDigits, lre);
    }

    private static double[] Doubles(JsonNode node) => [.. node.AsArray().Select(v => (double)v!)];
}

/// <summary>
/// <c>eqnet bench coverage</c>: how often the stated 95% interval holds the true constant, over noise draws of a law
/// with unknown constants (Arrhenius, 3 % noise; <see cref="EqNet.Fitting.CoverageStudy"/>). Target: at least 90 of 100.
/// </summary>
internal static class CoverageBench
{
    public static Command Create()
    {
        var draws = new Option<int>("--draws") { Description = "Noise draws.", DefaultValueFactory = _ => 100 };
        var rows = new Option<int>("--rows") { Description = "Measured rows per draw.", DefaultValueFactory = _ => 25 };
        var learned = new Option<bool>("--learned-term") { Description = "The rate law with unknown k, Ea and a learned background term g(T) (12 x 4 rows; --rows does not apply) instead of Arrhenius." };
        var command = new Command("coverage", "Fit a law with unknown constants to many noisy draws from a known truth; count how often the 95% interval holds the truth.")
        {
            draws, rows, learned,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            int n = parsed.GetValue(draws), r = parsed.GetValue(rows);
            if (n < 1 || r < 3) throw new UserInputException("--draws must be at least 1 and --rows at least 3");
            var clock = Stopwatch.StartNew();
            if (parsed.GetValue(learned)) return LearnedTerm(n, clock);
            var (covered, estimates, profileCovered) = EqNet.Fitting.CoverageStudy.Run(n, r);
            double mean = estimates.Average(), sd = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / Math.Max(1, n - 1));
            Console.WriteLine($"Arrhenius k = A exp(-Ea/(R T)), A and Ea unknown, {r} rows, {EqNet.Fitting.CoverageStudy.Noise:P0} relative noise, {n} draws:");
            Console.WriteLine($"  95% interval holds the true Ea = {EqNet.Fitting.CoverageStudy.TrueEa:G} in {covered} of {n} draws (target >= {Math.Ceiling(0.9 * n)}); " +
                $"estimates: mean {mean:G6}, sd {sd:G3}; {clock.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"  the profile-likelihood interval holds it in {profileCovered} of {n}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int LearnedTerm(int n, Stopwatch clock)
    {
        var outcomes = EqNet.Fitting.LearnedTermCoverageStudy.Run(n);
        string Spread(Func<EqNet.Fitting.LearnedTermCoverageStudy.Outcome, double> of)
        {
            double mean = outcomes.Average(of), sd = Math.Sqrt(outcomes.Sum(o => (of(o) - mean) * (of(o) - mean)) / Math.Max(1, n - 1));
            return $"mean {mean:G6}, sd {sd:G3}";
        }
        var errors = outcomes.Select(o => o.TermError).Order().ToArray();
        Console.WriteLine($"Rate law r = k exp(-Ea/(R T)) cA + g(T), k and Ea unknown, g learned by a network of T, 48 rows (12 T x 4 cA), " +
            $"{EqNet.Fitting.LearnedTermCoverageStudy.Noise:P0} relative noise, {n} draws:");
        Console.WriteLine($"  95% interval holds the true Ea = {EqNet.Fitting.LearnedTermCoverageStudy.TrueEa:G} in {outcomes.Count(o => o.EaCovered)} of {n} draws, " +
            $"the true k = {EqNet.Fitting.LearnedTermCoverageStudy.TrueK:G} in {outcomes.Count(o => o.KCovered)} (target >= {Math.Ceiling(0.9 * n)}); " +
            $"Ea estimates: {Spread(o => o.Ea)}; k: {Spread(o => o.K)}");
        Console.WriteLine($"  learned g(T) against the truth over 300..400 K, RMS relative error: median {errors[errors.Length / 2]:P2}, worst {errors[^1]:P2}; " +
            $"{outcomes.Count(o => o.Warned)} draws with warnings; {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"  the profile-likelihood intervals hold the true Ea in {outcomes.Count(o => o.EaProfileCovered)} of {n} draws, the true k in {outcomes.Count(o => o.KProfileCovered)}");
        return ExitCodes.Ok;
    }
}
