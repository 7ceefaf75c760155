using System.CommandLine;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet bench</c>: the speed and accuracy targets, measured and printed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure EqNet against its targets (engine speed, accuracy on the examples).");
        return command;
    }
}
