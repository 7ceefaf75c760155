using System.CommandLine;
using EqNet.Cli.Commands;

namespace EqNet.Cli;

/// <summary>The <c>eqnet</c> command tree; every command is a thin shell over the library.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        // Redirected output has no terminal width; tables wrap at 80 columns unless told otherwise.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 120;
        var root = new RootCommand("EqNet: teach small neural networks analytical equations and systems of equations, accurately, on a CPU.")
        {
            TrainCommand.Create(),
            EvalCommand.Create(),
            PredictCommand.Create(),
            SampleCommand.Create(),
            ExportCommand.Create(),
            SolveCommand.Create(),
            InspectCommand.Create(),
            ReportCommand.Create(),
            BenchCommand.Create(),
            DiscoverCommand.Create(),
            CertifyCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"eqnet: {error.Message}");
            Console.Error.WriteLine($"Run '{string.Join(' ', CommandPath(parsed).Prepend("eqnet"))} --help' for usage.");
            return ExitCodes.UserError;
        }
        return parsed.Invoke();
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return names;
    }
}
