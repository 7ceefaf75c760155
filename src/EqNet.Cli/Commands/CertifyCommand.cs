using System.CommandLine;
using System.Globalization;
using EqNet.Certification;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet certify MODEL</c>: a guaranteed upper bound of the model's error over its trained input box, or why there is none.</summary>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train' (DIR/model.eqnet)." };
        var budget = new Option<double>("--time-budget") { Description = "Seconds for the whole certification, the search for the worst point included.", DefaultValueFactory = _ => 60 };
        var factor = new Option<double>("--factor") { Description = "The bound closes when it is at most this many times the largest error found.", DefaultValueFactory = _ => 4 };
        var output = new Option<string?>("--out") { Description = "Where to write the certificate (default: certificate.json beside the model)." };
        var json = CommonOptions.Json("Print only the certificate JSON object (the file's content).");
        var newtonSteps = CommonOptions.NewtonSteps();
        var threads = CommonOptions.Threads();
        var command = new Command("certify", "Bound a model's error over its whole trained input box (interval branch and bound), or say why it cannot.") { modelPath, budget, factor, output, json, newtonSteps, threads };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(budget), parsed.GetValue(factor),
            parsed.GetValue(output), parsed.GetValue(json), parsed.GetValue(newtonSteps), CommonOptions.CheckThreads(parsed.GetValue(threads)))));
        return command;
    }

    private static int Run(string path, double budget, double factor, string? output, bool json, int? newtonSteps, int threads)
    {
        if (!(budget > 0)) throw new UserInputException($"--time-budget must be a positive number of seconds, not {budget.ToString(CultureInfo.InvariantCulture)}");
        if (!(factor >= 1)) throw new UserInputException($"--factor must be at least 1 (the bound can never be below the largest error found), not {factor.ToString(CultureInfo.InvariantCulture)}");
        var model = CommonOptions.WithNewtonSteps(Surrogate.LoadAny(path), newtonSteps);
        string target = output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", CertificateFile.FileName);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (folder is not null && !Directory.Exists(folder))
            throw new UserInputException($"--out {target}: the folder {folder} does not exist; create it or write elsewhere");
        if (!json)
            Console.WriteLine($"eqnet certify {model.Problem.Name}: {model.InputNames.Count} inputs, {model.Problem.Equations.Count} equations; budget {budget:G} s, closes at {factor:G}x the largest error found");
        var certificate = Surrogate.Certify(model, new CertifyOptions { TimeBudget = budget, Factor = factor, Threads = threads }, target);
        if (json)
        {
            Console.Out.WriteLine(CertificateFile.ToText(certificate));
            return ExitCodes.Ok;
        }
        Print(certificate);
        Console.WriteLine($"wrote {target}");
        return ExitCodes.Ok;
    }

    private static void Print(Certificate c)
    {
        static string F(double? v) => v is { } x ? x.ToString("0.00e+00", CultureInfo.InvariantCulture) : "none";
        if (c.Certified)
            Console.WriteLine($"certified: scale-relative residual |lhs - rhs| / S <= {F(c.Bound)} over the whole trained input box " +
                $"(exact-arithmetic bound {F(c.ExactBound)} + rounding estimate {F(c.RoundingEstimate)}), {c.Ratio:0.0}x the searched max {F(c.SearchedMax)}");
        else
            Console.WriteLine($"not certified: {c.Reason}" + (c.BoundReached is { } b ? $"\n  bound reached {F(b)} (exact-arithmetic {F(c.ExactBound)} + rounding estimate {F(c.RoundingEstimate)}), {c.Ratio:0.0}x the searched max" : "") +
                $"\n  searched max {F(c.SearchedMax)} (a lower bound of the true worst error)");
        if (c.Equations.Count > 1)
            foreach (var e in c.Equations) Console.WriteLine($"  {e.Equation}: bound {F(e.BoundReached)}");
        if (c.RootBoundReached is not null || c.RootSearchedMax is not null)
            Console.WriteLine($"  root error: bound {F(c.RootBoundReached)} in exact arithmetic (to the root nearest the prediction), searched max {F(c.RootSearchedMax)}");
        Console.WriteLine($"  {c.Boxes:N0} boxes, {c.Seconds:0.0} s, stopped: {c.Exit}");
        Console.WriteLine($"  method: {c.Method}");
    }
}
