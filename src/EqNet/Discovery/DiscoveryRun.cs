using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.IO;
using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Discovery;

/// <summary>What one discovery run into a folder found, decided and wrote.</summary>
/// <param name="Outputs">Per output, its Pareto front, chosen formula and best candidates.</param>
/// <param name="Seconds">Wall-clock seconds of the search.</param>
/// <param name="Target">The held-out p99 the formulas had to reach to replace the model.</param>
/// <param name="Against">What <paramref name="Target"/> is: the network in the folder, or the threshold.</param>
/// <param name="FormulaWins">Whether every output has a formula and the worst reaches <paramref name="Target"/>.</param>
/// <param name="Verdict">One sentence saying so.</param>
/// <param name="Document">The result as JSON (what discover.json holds, plus <c>saved</c> when a model was written).</param>
/// <param name="DocumentPath">Where discover.json was written.</param>
/// <param name="SavedPath">Where the formula model was written, or null.</param>
public sealed record DiscoveryRunResult(IReadOnlyList<OutputDiscovery> Outputs, double Seconds, double Target, string Against, bool FormulaWins,
    string Verdict, JsonObject Document, string DocumentPath, string? SavedPath);

/// <summary>
/// <c>eqnet discover</c> without the terminal: runs <see cref="FormulaDiscovery"/>, compares the chosen formulas with the
/// network already in the folder (or a threshold), writes FOLDER/discover.json and, if asked and the formulas win,
/// FOLDER/model.eqnet as a <see cref="FormulaModel"/>.
/// </summary>
public static class DiscoveryRun
{
    /// <summary>Without a network to beat, a formula must reach the accuracy target networks are held to (README) to be saved.</summary>
    public const double DefaultThreshold = 1e-4;

    /// <summary>The file the run's result is written to, in the folder.</summary>
    public const string DocumentFileName = "discover.json";

    /// <summary>Runs discovery for <paramref name="problem"/> into <paramref name="folder"/> (created if missing).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="folder">Where discover.json (and model.eqnet) go; a model.eqnet there is the network to beat.</param>
    /// <param name="options">Budget and seed of the search.</param>
    /// <param name="save">Whether to write the formulas as folder/model.eqnet when they win.</param>
    /// <param name="threshold">The held-out p99 to reach instead of the network's (null: the network's, else <see cref="DefaultThreshold"/>).</param>
    /// <param name="progress">Receives one line per search stage, or null.</param>
    public static DiscoveryRunResult Run(Problem problem, string folder, DiscoveryOptions options, bool save = false, double? threshold = null, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var started = DateTime.UtcNow;
        var results = FormulaDiscovery.Run(problem, options, progress);
        double seconds = (DateTime.UtcNow - started).TotalSeconds;

        var (target, against) = Target(folder, threshold);
        bool all = results.All(r => r.Chosen is not null);
        double worst = all ? results.Max(r => r.Chosen!.HeldOutP99) : double.PositiveInfinity;
        bool wins = all && worst <= target;
        string verdict = wins
            ? $"the formula{(results.Count > 1 ? "s" : "")} beat{(results.Count > 1 ? "" : "s")} {against} (held-out p99 {Format(worst)} <= {Format(target)})"
            : all
                ? $"no formula beats {against}: the best held-out p99 is {Format(worst)} > {Format(target)}; the network stays the model"
                : "no formula could be fitted for some output; the network stays the model";

        var document = Json(problem, results, seconds, verdict, wins);
        Directory.CreateDirectory(folder);
        string documentPath = Path.Combine(folder, DocumentFileName);
        AtomicFile.WriteAllText(documentPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string? saved = null;
        if (save && wins)
        {
            saved = Path.Combine(folder, "model.eqnet");
            FormulaModelFile.Save(new FormulaModel(problem, results.Select(r => r.Chosen!.Formula).ToArray()), saved);
            document["saved"] = saved;
        }
        return new DiscoveryRunResult(results, seconds, target, against, wins, verdict, document, documentPath, saved);
    }

    /// <summary>An error as the discover output prints it (three significant digits, "-" for NaN).</summary>
    public static string Format(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>The held-out p99 to beat: the network's in the folder (re-evaluated on 20,000 points), else the threshold.</summary>
    private static (double Target, string Against) Target(string dir, double? threshold)
    {
        string model = Path.Combine(dir, "model.eqnet");
        if (threshold is null && File.Exists(model))
        {
            try
            {
                var network = ModelFile.Load(model);
                var result = Evaluator.Evaluate(network, 20_000, 2 * Evaluator.HeldOutSeedOffset + 1, 0);
                return (result.Overall.P99, $"the network in {model}");
            }
            catch (ModelFileException)
            {
                // Not a network (e.g. a formula model from an earlier run): compare with the threshold instead.
            }
        }
        double t = threshold ?? DefaultThreshold;
        return (t, $"the threshold {Format(t)}");
    }

    private static JsonObject Json(Problem problem, IReadOnlyList<OutputDiscovery> results, double seconds, string verdict, bool wins)
    {
        static JsonObject Candidate(FormulaCandidate c, bool chosen) => new()
        {
            ["formula"] = c.Formula.ToString(),
            ["complexity"] = c.Complexity,
            ["stage"] = c.Stage,
            ["held_out_p99"] = Number(c.HeldOutP99),
            ["held_out_median"] = Number(c.HeldOutMedian),
            ["widened_p99"] = Number(c.WidenedP99),
            ["chosen"] = chosen,
        };
        return new JsonObject
        {
            ["problem"] = problem.Name,
            ["seconds"] = seconds,
            ["outputs"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
            {
                ["output"] = r.Output,
                ["chosen"] = r.Chosen is null ? null : r.Chosen.Formula.ToString(),
                ["exact"] = r.Chosen is not null && r.Chosen.HeldOutP99 <= ParetoFront.Exact,
                ["front"] = new JsonArray(r.Front.Select(c => (JsonNode)Candidate(c, ReferenceEquals(c, r.Chosen))).ToArray()),
                ["candidates"] = new JsonArray(r.Candidates.Take(10).Select(c => (JsonNode)Candidate(c, ReferenceEquals(c, r.Chosen))).ToArray()),
            }).ToArray()),
            ["formula_wins"] = wins,
            ["verdict"] = verdict,
        };
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
