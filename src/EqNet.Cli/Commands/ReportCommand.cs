using System.CommandLine;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet report MODEL</c>: rebuild report.html from a saved model and its run folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train' (DIR/model.eqnet; history.csv and metrics.json are read from beside it) or by 'eqnet discover --save' (no loss history)." };
        var samples = new Option<int>("--samples") { Description = "Held-out points for the plots.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("report", "Rebuild the HTML report (plots and tables) of a training run, or write one for a formula model.") { modelPath, samples };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(samples))));
        return command;
    }

    private static int Run(string path, int samples)
    {
        if (samples < 1) throw new UserInputException($"--samples must be at least 1, not {samples}");
        Console.WriteLine($"wrote {Surrogate.Report(path, samples)}");
        return ExitCodes.Ok;
    }
}
