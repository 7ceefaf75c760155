using EqNet.Models;
using EqNet.Scaling;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints how each input is scaled and which features the network sees.</summary>
internal static class ScalingTable
{
    public static void Print(EqNetModel model, Training.TrainingOptions options)
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
        string mlp = $"MLP {string.Join('-', n.Hidden)}";
        for (int j = 0; j < n.OutputCount; j++)
        {
            var head = n.Heads[j];
            string form = head.Kind switch
            {
                Models.OutputHeadKind.Free => "exp(m) * t",
                Models.OutputHeadKind.Envelope => "exp(m) * t (m from the envelope of its periodic factors; t with a linear term)",
                Models.OutputHeadKind.Difference => "exp(m) - exp(m')",
                Models.OutputHeadKind.SignedFactor => $"exp(m) * {model.Features.Features[head.Factor].Describe(model.InputNames)} / {model.Features.Features[head.Factor].Width:G4}",
                Models.OutputHeadKind.LowerBound => $"{head.Min:G6} + exp(m)",
                Models.OutputHeadKind.UpperBound => $"{head.Max:G6} - exp(m)",
                Models.OutputHeadKind.Affine => $"{(head.Min + head.Max) / 2:G6} + {(head.Max - head.Min) / 2:G6} * t",
                _ => $"{head.Min:G6} + {head.Max - head.Min:G6} * sigmoid(t)",
            };
            string parts = string.Join(", ", new[]
            {
                head.HasMagnitude ? $"m = {mlp} + {n.LogSumExpUnitCount} log-sum-exp units + {n.PowerTermCount} power terms"
                    + (n.DenominatorUnitCounts[j] > 0 ? $" - {n.DenominatorUnitCounts[j]} denominator units" : "") : null,
                head.HasNegativeMagnitude ? "m' alike" : null,
                head.HasShape ? $"t = {mlp}" : null,
                n.FeatureSubsets[j] is { } subset ? $"sees only {string.Join(", ", subset.Select(i => model.Features.Features[i].Describe(model.InputNames)))}" : null,
                n.Upstream[j].Count > 0 ? $"also sees {string.Join(", ", n.Upstream[j].Select(u => n.Heads[u.Output].Name).Distinct())}" : null,
            }.Where(p => p is not null));
            AnsiConsole.MarkupLine(Markup.Escape($"  {head.Name} = {form}; {parts}"));
        }
        AnsiConsole.MarkupLine($"  {n.ParameterCount} parameters; {Markup.Escape(Training.NetworkSizing.Describe(model, options))}");
    }

    private static string Kind(FeatureKind kind) => kind switch
    {
        FeatureKind.Linear => "linear",
        FeatureKind.Log => "log",
        FeatureKind.LogDistanceToMax => "log-distance to upper bound",
        FeatureKind.LogDistanceToMin => "log-distance to lower bound",
        FeatureKind.SignedLog => "signed log",
        FeatureKind.LogExpression => "log of a factor or singular point",
        FeatureKind.Factor => "sign-changing factor",
        FeatureKind.Sine or FeatureKind.Cosine => "periodic (an argument in an equation or a bound)",
        FeatureKind.Fold => "fold (an equation's kink)",
        FeatureKind.LogPower => "log of a power with an input exponent",
        _ => "log magnitude",
    };
}
