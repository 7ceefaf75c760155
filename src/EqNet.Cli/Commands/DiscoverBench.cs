using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EqNet.Discovery;
using EqNet.Evaluation;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench discover</c>: <c>eqnet discover</c> over every problem of a folder, one row per law (the formula
/// found, held-out p99 on the stated and the widened domain, seconds), then the exact-recovery rate per kind of law
/// (the suite's file-name prefixes: <c>fsred-</c> and <c>wide-</c> are FSReD laws, <c>bonus-</c> its bonus laws).
/// </summary>
internal static class DiscoverBench
{
    /// <summary>Widened-domain p99 an exact recovery must reach (a target of the project); the stated domain's is <see cref="ParetoFront.Exact"/>.</summary>
    public const double WidenedExact = 1e-10;

    private sealed record Row(string Name, string Kind, string Formula, double P99, double Widened, double Seconds, string? Error)
    {
        public bool Exact => Error is null && P99 <= ParetoFront.Exact && (Widened <= WidenedExact || double.IsNaN(Widened));
    }

    public static Command Create()
    {
        var examples = CommonOptions.Examples("bench/suite");
        var problems = CommonOptions.Problems();
        var budget = new Option<double>("--time-budget") { Description = "Discovery seconds per problem.", DefaultValueFactory = _ => 20 };
        var outDir = new Option<string>("--out") { Description = "Folder for each problem's discover.json (one subfolder per problem).", DefaultValueFactory = _ => Path.Combine("runs", "bench-discover") };
        var json = new Option<string?>("--json") { Description = "Also write the rows and summary as one JSON object to this file ('-': print only the JSON)." };
        var seed = CommonOptions.Seed("Seed of each search sample.");
        var command = new Command("discover", "Run discover on each problem of a folder: the formula found, held-out p99 (stated and widened domain), seconds, and the exact-recovery rate.")
        {
            examples, problems, budget, outDir, json, seed,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(examples), parsed.GetValue(problems), parsed.GetValue(budget),
            parsed.GetRequiredValue(outDir), parsed.GetValue(json), parsed.GetValue(seed) ?? 1)));
        return command;
    }

    private static int Run(string folder, string? names, double budget, string outDir, string? jsonPath, int seed)
    {
        if (!(budget > 0)) throw new UserInputException($"--time-budget must be a positive number of seconds, not {budget}");
        var selected = CommonOptions.SelectProblems(folder, names);
        bool quiet = jsonPath == "-";
        if (!quiet)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench discover: {selected.Length} problems from {folder}, {budget:0.##} s each, seed {seed}; exact: held-out p99 <= {ParetoFront.Exact:0e+00}, widened <= {WidenedExact:0e+00}"));
            Console.WriteLine($"  {"problem",-18} {"exact",5} {"p99",9} {"widened",9} {"s",6}  formula");
        }
        var rows = new List<Row>();
        foreach (var name in selected)
        {
            var row = RunOne(Path.Combine(folder, name + ".yaml"), name, budget, Path.Combine(outDir, name), seed);
            rows.Add(row);
            if (!quiet)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-18} {(row.Exact ? "yes" : "no"),5} {Format(row.P99),9} {Format(row.Widened),9} {row.Seconds,6:0.0}  {row.Error ?? row.Formula}"));
            }
        }
        var summary = new JsonObject();
        foreach (var group in rows.GroupBy(r => r.Kind))
        {
            int exact = group.Count(r => r.Exact);
            summary[group.Key] = new JsonObject { ["laws"] = group.Count(), ["exact"] = exact, ["rate"] = (double)exact / group.Count() };
            if (!quiet)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Key}: {exact}/{group.Count()} exact ({100.0 * exact / group.Count():0}%)"));
        }
        if (!quiet)
        {
            var seconds = rows.Select(r => r.Seconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seconds per law: median {seconds[seconds.Length / 2]:0.0}, max {seconds[^1]:0.0}; exact with the widened domain undefined: {rows.Count(r => r.Exact && double.IsNaN(r.Widened))}"));
        }
        if (jsonPath is not null)
        {
            var document = new JsonObject
            {
                ["folder"] = folder,
                ["time_budget"] = budget,
                ["seed"] = seed,
                ["problems"] = new JsonObject(rows.Select(r => new KeyValuePair<string, JsonNode?>(r.Name, r.Error is not null
                    ? new JsonObject { ["kind"] = r.Kind, ["error"] = r.Error }
                    : new JsonObject
                    {
                        ["kind"] = r.Kind,
                        ["formula"] = r.Formula,
                        ["held_out_p99"] = Number(r.P99),
                        ["widened_p99"] = Number(r.Widened),
                        ["seconds"] = r.Seconds,
                        ["exact"] = r.Exact,
                    }))),
                ["summary"] = summary,
            };
            if (quiet) Console.WriteLine(MetricsJson.ToText(document));
            else
            {
                MetricsJson.Write(document, jsonPath);
                Console.WriteLine($"wrote {jsonPath}");
            }
        }
        return ExitCodes.Ok;
    }

    private static Row RunOne(string path, string name, double budget, string folder, int seed)
    {
        string kind = name.StartsWith("bonus-", StringComparison.Ordinal) ? "bonus" : name.StartsWith("fsred-", StringComparison.Ordinal) || name.StartsWith("wide-", StringComparison.Ordinal) ? "fsred" : "other";
        try
        {
            var problem = Surrogate.LoadProblem(path);
            var run = Surrogate.Discover(problem, folder, budget, seed);
            var chosen = run.Outputs.Select(o => o.Chosen).ToList();
            if (chosen.Any(c => c is null)) return new Row(name, kind, "-", double.PositiveInfinity, double.NaN, run.Seconds, "no formula could be fitted");
            string formula = string.Join("; ", run.Outputs.Select(o => $"{o.Output} = {o.Chosen!.Formula}"));
            double widened = chosen.Any(c => double.IsNaN(c!.WidenedP99)) ? double.NaN : chosen.Max(c => c!.WidenedP99);
            return new Row(name, kind, formula, chosen.Max(c => c!.HeldOutP99), widened, run.Seconds, null);
        }
        catch (Exception e)
        {
            string message = UserErrors.IsUserError(e) ? e.Message : $"internal error ({e.GetType().Name}): {e.Message}";
            return new Row(name, kind, "-", double.PositiveInfinity, double.NaN, 0, message);
        }
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? v : null;

    private static string Format(double v) => DiscoveryRun.Format(v);
}
