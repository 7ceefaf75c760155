using EqNet.Models;
using EqNet.Scaling;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints how each input is scaled and which features the network sees.</summary>
internal static class ScalingTable
{
    public static void Print(EqNetModel model)
    {
        var table = new Table().Border(TableBorder.Simple).Title("network features (standardised: (value - center) / width)");
        table.AddColumn("feature");
        table.AddColumn("kind");
        table.AddColumn(new TableColumn("center").RightAligned());
        table.AddColumn(new TableColumn("width").RightAligned());
        foreach (var f in model.Features.Features)
            table.AddRow(Markup.Escape(f.Describe(model.InputNames)), Kind(f.Kind), f.Center.ToString("G4"), f.Width.ToString("G4"));
        AnsiConsole.Write(table);
        var n = model.Network;
        AnsiConsole.MarkupLine($"  network: per output a magnitude (MLP {string.Join('-', n.Hidden)} + {n.LogSumExpUnitCount} power-law units) and a shape (MLP); {n.ParameterCount} parameters");
    }

    private static string Kind(FeatureKind kind) => kind switch
    {
        FeatureKind.Linear => "linear",
        FeatureKind.Log => "log",
        FeatureKind.LogDistanceToMax => "log-distance to upper bound",
        _ => "log-distance to lower bound",
    };
}
