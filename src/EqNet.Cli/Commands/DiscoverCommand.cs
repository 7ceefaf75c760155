using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Discovery;
using EqNet.Evaluation;
using EqNet.IO;
using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet discover PROBLEM</c>: closed forms for the outputs, verified, as a Pareto front; optionally saved as a formula model.</summary>
internal static class DiscoverCommand
{
    /// <summary>Without a network to beat, a formula must reach the accuracy target networks are held to (README) to be saved.</summary>
    private const double DefaultThreshold = 1e-4;

    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML)." };
        var budget = new Option<double>("--time-budget") { Description = "Seconds for the search (all outputs).", DefaultValueFactory = _ => 20 };
        var outDir = new Option<string?>("--out") { Description = "Folder for discover.json and, with --save, model.eqnet (default: runs/<problem name>)." };
        var json = CommonOptions.Json("Print only the result as one JSON object.");
        var save = new Option<bool>("--save") { Description = "Write the chosen formulas as DIR/model.eqnet when they beat the network there (or --threshold)." };
        var threshold = new Option<double?>("--threshold") { Description = "Held-out p99 a formula must reach to be saved when DIR has no network (default 1e-4)." };
        var seed = CommonOptions.Seed("Seed of the search sample (held-out: seed + 1000).");
        var command = new Command("discover", "Find closed-form formulas for the outputs from samples, verified on held-out and widened domains.")
        {
            problemPath, budget, outDir, json, save, threshold, seed,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(problemPath), parsed.GetValue(budget), parsed.GetValue(outDir),
            parsed.GetValue(json), parsed.GetValue(save), parsed.GetValue(threshold), parsed.GetValue(seed) ?? 1)));
        return command;
    }

    private static int Run(string path, double budget, string? outDir, bool json, bool save, double? threshold, int seed)
    {
        if (!(budget > 0)) throw new UserInputException($"--time-budget must be positive, not {budget}");
        if (threshold is not null && !(threshold > 0)) throw new UserInputException($"--threshold must be positive, not {threshold}");
        var problem = ProblemFile.Load(path);
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        var started = DateTime.UtcNow;
        if (!json) Console.WriteLine($"eqnet discover {problem.Name}: {problem.Inputs.Count} inputs, {problem.Outputs.Count} outputs; budget {budget} s, seed {seed}");
        var results = FormulaDiscovery.Run(problem, new DiscoveryOptions(budget, seed), json ? null : line => Console.WriteLine("  " + line));
        double seconds = (DateTime.UtcNow - started).TotalSeconds;

        var (target, against) = Target(dir, threshold);
        bool all = results.All(r => r.Chosen is not null);
        double worst = all ? results.Max(r => r.Chosen!.HeldOutP99) : double.PositiveInfinity;
        bool wins = all && worst <= target;
        string verdict = wins
            ? $"the formula{(results.Count > 1 ? "s" : "")} beat{(results.Count > 1 ? "" : "s")} {against} (held-out p99 {Format(worst)} <= {Format(target)})"
            : all
                ? $"no formula beats {against}: the best held-out p99 is {Format(worst)} > {Format(target)}; the network stays the model"
                : "no formula could be fitted for some output; the network stays the model";

        var document = Json(problem, results, seconds, verdict, wins);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "discover.json"), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string? saved = null;
        if (save && wins)
        {
            saved = Path.Combine(dir, "model.eqnet");
            FormulaModelFile.Save(new FormulaModel(problem, results.Select(r => r.Chosen!.Formula).ToArray()), saved);
            document["saved"] = saved;
        }
        if (json)
        {
            Console.Out.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        foreach (var r in results) Print(r);
        Console.WriteLine(verdict);
        if (save && !wins) Console.WriteLine($"not saved: {Path.Combine(dir, "model.eqnet")} is left as it was");
        Console.WriteLine($"wrote {Path.Combine(dir, "discover.json")}{(saved is null ? "" : ", " + saved)} ({seconds:0.0} s)");
        return ExitCodes.Ok;
    }

    /// <summary>The held-out p99 to beat: the network's in DIR (re-evaluated on 20,000 points), else the threshold.</summary>
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

    private static void Print(OutputDiscovery r)
    {
        Console.WriteLine($"output {r.Output}: Pareto front (complexity vs held-out p99 scale-relative error)");
        Console.WriteLine($"  {"",1} {"size",4}  {"p99",9}  {"median",9}  {"widened",9}  {"stage",-10}  formula");
        foreach (var c in r.Front)
        {
            string mark = ReferenceEquals(c, r.Chosen) ? "*" : " ";
            Console.WriteLine($"  {mark} {c.Complexity,4}  {Format(c.HeldOutP99),9}  {Format(c.HeldOutMedian),9}  {Format(c.WidenedP99),9}  {c.Stage,-10}  {r.Output} = {c.Formula}");
        }
        if (r.Chosen is null || r.Chosen.HeldOutP99 > ParetoFront.Exact)
        {
            Console.WriteLine("  no exact formula; best candidates:");
            foreach (var c in r.Candidates.Take(5))
                Console.WriteLine($"    {Format(c.HeldOutP99),9}  {c.Stage,-10}  {r.Output} = {c.Formula}");
        }
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

    private static string Format(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
