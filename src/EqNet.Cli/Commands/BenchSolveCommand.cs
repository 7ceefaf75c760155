using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.IO;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench solve</c>: per implicit problem, on one thread, the cost per point and the error of the ways to get
/// the outputs: the surrogate per point and batched, plain Newton from the problem's guess, EqNet's globalised solver,
/// and the surrogate followed by one and two Newton steps (<see cref="NewtonPolish"/>); errors against converged roots.
/// </summary>
internal static class BenchSolveCommand
{
    /// <summary>Plain Newton's step limit from the guess: past 50 steps a start that has not converged will not.</summary>
    private const int PlainNewtonSteps = 50;

    public static Command Create()
    {
        var examples = CommonOptions.Examples("examples");
        var problems = CommonOptions.Problems();
        var models = new Option<string?>("--models") { Description = "Folder of trained models, one 'eqnet train --out' folder per problem named as its file (DIR/NAME/model.eqnet); default: train each briefly." };
        var budget = new Option<double>("--time-budget") { Description = "Training seconds per problem when no model is given.", DefaultValueFactory = _ => 10 };
        var points = new Option<int>("--points") { Description = "Points of each problem's domain.", DefaultValueFactory = _ => 2000 };
        var json = new Option<string?>("--json") { Description = "Also write the figures as one JSON object to this file." };
        var command = new Command("solve", "Per implicit problem, one thread: ns per point and max/p99 root error of the surrogate (per point, batched; with its own Newton steps where it has them), its network alone, plain Newton from the problem's guess, EqNet's globalised Newton, and the network plus 1 and 2 Newton steps.")
        {
            examples, problems, models, budget, points, json,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(examples), parsed.GetValue(problems), parsed.GetValue(models),
            parsed.GetValue(budget), parsed.GetValue(points), parsed.GetValue(json))));
        return command;
    }

    private static int Run(string folder, string? names, string? modelsFolder, double budget, int count, string? jsonPath)
    {
        if (count < 10) throw new UserInputException($"--points must be at least 10, not {count}");
        if (!(budget > 0)) throw new UserInputException($"--time-budget must be positive, not {budget}");
        if (modelsFolder is not null && !Directory.Exists(modelsFolder)) throw new UserInputException($"--models {modelsFolder}: no such folder");
        var selected = CommonOptions.SelectProblems(folder, names);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench solve: {count:N0} points per problem, one thread, ns per point from CPU time (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}); errors: largest root error over the outputs (scale-relative for outputs that cross zero), against EqNet's converged roots"));
        var all = new JsonObject();
        foreach (var name in selected)
        {
            string path = Path.Combine(folder, name + ".yaml");
            var problem = Surrogate.LoadProblem(path);
            if (new ExplicitDefinitions(problem).AllExplicit) continue;
            EqNetModel model;
            if (modelsFolder is not null)
            {
                string file = Path.Combine(modelsFolder, name, TrainingRun.ModelFileName);
                if (!File.Exists(file)) throw new UserInputException($"--models: no {file}; train it with 'eqnet train {path} --out {Path.Combine(modelsFolder, name)}'");
                model = Surrogate.Load(file);
            }
            else model = Surrogate.Train(problem, new TrainingOverrides(TimeBudgetSeconds: budget)).Model;
            var rows = Measure(problem, model, count);
            all[name] = new JsonObject(rows.Select(r => new KeyValuePair<string, JsonNode?>(r.Label, r.ToJson())));
            Console.WriteLine($"  {name}");
            foreach (var r in rows) Console.WriteLine("    " + r.Text());
        }
        if (jsonPath is not null)
            AtomicFile.WriteAllText(jsonPath, new JsonObject { ["points"] = count, ["problems"] = all }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return ExitCodes.Ok;
    }

    private sealed record Method(string Label, double NanosecondsPerPoint, double Failed, double P99, double Max)
    {
        public string Text() => string.Create(CultureInfo.InvariantCulture,
            $"{Label,-48} {NanosecondsPerPoint,12:N0} ns/point  failed {Failed,7:P2}  p99 {P99:0.0e+00}  max {Max:0.0e+00}");

        public JsonObject ToJson() => new()
        {
            ["ns_per_point"] = NanosecondsPerPoint,
            ["failed_fraction"] = Failed,
            ["root_error_p99"] = double.IsFinite(P99) ? P99 : null,
            ["root_error_max"] = double.IsFinite(Max) ? Max : null,
        };
    }

    private static List<Method> Measure(Problem problem, EqNetModel model, int n)
    {
        var system = new CompiledSystem(problem);
        int d = system.InputCount, o = system.OutputCount;
        var x = new DomainSampler(problem).Sample(n, 20261207);
        var solver = new NewtonSolver(system);
        var rough = model.Predict(x, n, threads: 1);
        var reference = solver.Solve(x, n, rough);
        var scales = Enumerable.Range(0, o).Select(j => RootErrorScale.Choose(
            Enumerable.Range(0, n).Where(i => reference.Converged[i]).Select(i => reference.Solutions[i * o + j]).ToArray(), problem.Outputs[j].Scale)).ToArray();
        var rows = new List<Method>();
        Method Row(string label, double seconds, double[] y, bool[]? converged)
        {
            var errors = new List<double>();
            int failed = 0;
            for (int i = 0; i < n; i++)
            {
                if (converged is not null && !converged[i]) failed++;
                if (!reference.Converged[i]) continue;
                double worst = 0;
                for (int j = 0; j < o; j++)
                {
                    double exact = reference.Solutions[i * o + j], by = scales[j].Kind == RootErrorKind.ScaleRelative ? scales[j].Scale : Math.Abs(exact);
                    double err = Math.Abs(y[i * o + j] - exact) / Math.Max(by, 1e-300);
                    worst = Math.Max(worst, double.IsNaN(err) ? double.PositiveInfinity : err);
                }
                errors.Add(worst);
            }
            var summary = ErrorSummary.Of([.. errors]);
            return new Method(label, seconds * 1e9 / n, failed / (double)n, summary.P99, summary.Max);
        }

        var perPoint = new double[n * o];
        double t = Cpu(() =>
        {
            for (int i = 0; i < n; i++) model.Predict(x.AsSpan(i * d, d), 1, threads: 1).CopyTo(perPoint, i * o);
        });
        string what = model.Refinement is { } refinement ? $"surrogate (network + <= {refinement.Steps} Newton steps)" : "surrogate";
        rows.Add(Row($"{what}, per point", t, perPoint, null));
        double[] batch = [];
        t = Cpu(() => batch = model.Predict(x, n, threads: 1));
        rows.Add(Row($"{what}, batched", t, batch, null));
        // The network without its own steps, and with a fixed count of plain Newton steps after it, for comparison.
        var network = model.WithoutRefinement();
        if (network != model)
        {
            t = Cpu(() => batch = network.Predict(x, n, threads: 1));
            rows.Add(Row("network alone, batched", t, batch, null));
        }

        var guess = solver.Guess();
        var plain = new double[n * o];
        for (int i = 0; i < n; i++) guess.CopyTo(plain, i * o);
        PolishResult? plainResult = null;
        t = Cpu(() => plainResult = NewtonPolish.Run(system, x, n, plain, PlainNewtonSteps));
        rows.Add(Row("Newton from the guess, to 1e-12", t, plain, plainResult!.Residuals.Select(r => r <= solver.Tolerance).ToArray()));

        SolveResult? global = null;
        t = Cpu(() => global = solver.Solve(x, n));
        rows.Add(Row("EqNet's globalised Newton, to 1e-12", t, global!.Solutions, global.Converged));

        foreach (int k in new[] { 1, 2 })
        {
            var polished = new double[n * o];
            PolishResult? result = null;
            t = Cpu(() =>
            {
                network.Predict(x, n, threads: 1).CopyTo(polished, 0);
                result = NewtonPolish.Run(system, x, n, polished, k);
            });
            rows.Add(Row($"network + {k} Newton step{(k > 1 ? "s" : "")}", t, polished, result!.Residuals.Select(r => r <= solver.Tolerance).ToArray()));
        }
        return rows;
    }

    /// <summary>CPU seconds of this process spent in <paramref name="work"/> (one thread: less disturbed by a loaded machine than wall time).</summary>
    private static double Cpu(Action work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        work();
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }
}
