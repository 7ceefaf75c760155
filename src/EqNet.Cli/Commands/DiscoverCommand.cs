using System.CommandLine;
using System.Text.Json;
using EqNet.Discovery;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet discover PROBLEM</c>: closed forms for the outputs, verified, as a Pareto front; optionally saved as a formula model.</summary>
internal static class DiscoverCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML)." };
        var budget = new Option<double>("--time-budget") { Description = "Seconds for the search (all outputs).", DefaultValueFactory = _ => 20 };
        var outDir = new Option<string?>("--out") { Description = "Folder for discover.json and, with --save, model.eqnet (default: runs/<problem name>)." };
        var json = CommonOptions.Json("Print only the result as one JSON object.");
        var save = new Option<bool>("--save") { Description = "Write the chosen formulas as DIR/model.eqnet when they beat the network there (or --threshold)." };
        var threshold = new Option<double?>("--threshold") { Description = $"Held-out p99 a formula must reach to be saved when DIR has no network (default {DiscoveryRun.DefaultThreshold:G})." };
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
        var problem = Surrogate.LoadProblem(path);
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        if (!json) Console.WriteLine($"eqnet discover {problem.Name}: {problem.Inputs.Count} inputs, {problem.Outputs.Count} outputs; budget {budget} s, seed {seed}");
        var run = Surrogate.Discover(problem, dir, budget, seed, save, threshold, json ? null : line => Console.WriteLine("  " + line));
        if (json)
        {
            Console.Out.WriteLine(run.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        foreach (var r in run.Outputs) Print(r);
        Console.WriteLine(run.Verdict);
        if (save && !run.FormulaWins) Console.WriteLine($"not saved: {Path.Combine(dir, "model.eqnet")} is left as it was");
        Console.WriteLine($"wrote {run.DocumentPath}{(run.SavedPath is null ? "" : ", " + run.SavedPath)} ({run.Seconds:0.0} s)");
        return ExitCodes.Ok;
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

    private static string Format(double v) => DiscoveryRun.Format(v);
}
