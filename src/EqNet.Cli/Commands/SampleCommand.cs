using System.CommandLine;
using System.Text;
using EqNet.IO;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet sample PROBLEM --rows N --out FILE</c>: points of a problem's (or a model's problem's) domain as CSV, the input of <c>eqnet predict --in</c>.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PROBLEM") { Description = "A problem file (.yaml) or a model file (its problem's domain is sampled)." };
        var rows = new Option<long>("--rows") { Description = "Data rows to write.", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "CSV file to write; '-' (default) for stdout.", DefaultValueFactory = _ => "-" };
        var seed = CommonOptions.Seed("Seed of the points (default 1).");
        var command = new Command("sample", "Write points of a problem's domain as CSV (header of input names; drawn as training draws them), e.g. the input of 'eqnet predict --in'.")
        {
            path, rows, output, seed,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            long n = parsed.GetValue(rows);
            if (n < 0) throw new UserInputException($"--rows must be at least 0, not {n}");
            string file = parsed.GetRequiredValue(path);
            var problem = file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                ? Surrogate.LoadProblem(file) : Surrogate.LoadAny(file).Problem;
            string target = parsed.GetRequiredValue(output);
            int s = parsed.GetValue(seed) ?? 1;
            if (target == "-")
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
                Surrogate.SampleCsv(problem, n, stdout, s);
            }
            else
            {
                AtomicFile.Write(target, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    Surrogate.SampleCsv(problem, n, writer, s);
                });
                Console.Error.WriteLine($"wrote {n:N0} rows of {problem.Name}'s domain to {target}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
