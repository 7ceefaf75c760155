using EqNet.Models;
using System.CommandLine;

namespace EqNet.Cli.Commands;

/// <summary>Options several commands share, built fresh per command (an option belongs to one command).</summary>
internal static class CommonOptions
{
    public static Option<int?> Seed(string description) => new("--seed") { Description = description };

    public static Option<int?> Threads() => new("--threads") { Description = "Worker threads (default: one per core)." };

    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary><c>--structure auto|none</c>: whether the model reads the equations (default: the file's model.structure, else auto).</summary>
    public static Option<string?> Structure()
    {
        var option = new Option<string?>("--structure")
        {
            Description = "auto: read the equations (closed forms, factors, heads, features of their arguments); none: the network alone, to measure what the reading adds. Default: the file's model.structure, else auto.",
        };
        option.AcceptOnlyFromAmong("auto", "none");
        return option;
    }

    /// <summary>The <see cref="EqNet.Problems.StructureMode"/> a <see cref="Structure"/> value names, or null when not given.</summary>
    public static EqNet.Problems.StructureMode? ParseStructure(string? text) => text switch
    {
        null => null,
        "none" => EqNet.Problems.StructureMode.None,
        _ => EqNet.Problems.StructureMode.Auto,
    };

    /// <summary>A bench's folder of problem files.</summary>
    public static Option<string> Examples(string defaultFolder) =>
        new("--examples") { Description = "Folder of problem files (*.yaml), e.g. bench/suite.", DefaultValueFactory = _ => defaultFolder };

    /// <summary>A bench's choice of problems within its folder.</summary>
    public static Option<string?> Problems() =>
        new("--problems") { Description = "Comma-separated problem names (file names without .yaml; default: every file of the folder)." };

    /// <summary>
    /// The problems a bench runs: the names given to --problems, else every *.yaml of <paramref name="folder"/> in ordinal
    /// order. A missing or empty folder is a user mistake.
    /// </summary>
    public static string[] SelectProblems(string folder, string? names)
    {
        if (!Directory.Exists(folder)) throw new UserInputException($"--examples: no folder '{folder}'; give a folder of problem files (*.yaml)");
        var selected = names?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? Directory.GetFiles(folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToArray();
        if (selected.Length == 0) throw new UserInputException($"--examples: '{folder}' holds no problem files (*.yaml)");
        return selected;
    }

    /// <summary><c>--newton-steps K</c>: the model's Newton steps after its network, overridden (0: the network alone).</summary>
    public static Option<int?> NewtonSteps() => new("--newton-steps")
    {
        Description = "At most K Newton steps on the model's equations after its network, instead of the model's own count (0: the network alone; the steps are reported).",
    };

    /// <summary>
    /// <paramref name="model"/> with <paramref name="steps"/> Newton steps after its network, or as it is when not given.
    /// A formula model has no network to refine and refuses any count but 0.
    /// </summary>
    public static IPredictor WithNewtonSteps(IPredictor model, int? steps)
    {
        if (steps is not { } k) return model;
        if (k < 0 || k > EqNet.Problems.ModelSettings.MaxNewtonSteps)
            throw new UserInputException($"--newton-steps must be 0 to {EqNet.Problems.ModelSettings.MaxNewtonSteps}, not {k}");
        return model switch
        {
            EqNetModel network => network.WithNewtonSteps(k),
            _ when k == 0 => model,
            _ => throw new UserInputException("--newton-steps: a formula model is its formula; it has no network to refine"),
        };
    }

    public static int CheckThreads(int? threads)
    {
        if (threads is < 0) throw new UserInputException($"--threads must be 0 (one per core) or more, not {threads}");
        return threads ?? 0;
    }
}
