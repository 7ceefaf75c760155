using System.CommandLine;

namespace EqNet.Cli.Commands;

/// <summary>Options several commands share, built fresh per command (an option belongs to one command).</summary>
internal static class CommonOptions
{
    public static Option<int?> Seed(string description) => new("--seed") { Description = description };

    public static Option<int?> Threads() => new("--threads") { Description = "Worker threads (default: one per core)." };

    public static Option<bool> Json(string description) => new("--json") { Description = description };

    public static int CheckThreads(int? threads)
    {
        if (threads is < 0) throw new UserInputException($"--threads must be 0 (one per core) or more, not {threads}");
        return threads ?? 0;
    }
}
