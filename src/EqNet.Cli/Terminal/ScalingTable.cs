using EqNet.Features;
using EqNet.Models;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints how each input is scaled and which features the network sees.</summary>
internal static class ScalingTable
{
    public static void Print(Training.TrainingDesign design)
    {
        var (model, options) = (design.Model, design.Options);
        var table = new Table().Border(TableBorder.Simple).Title("network features (standardised: (value - center) / width)");
        table.AddColumn("feature");
        table.AddColumn("kind");
        table.AddColumn(new TableColumn("center").RightAligned());
        table.AddColumn(new TableColumn("width").RightAligned());
        // A factor feature is a closed form where an implicit output takes it, else a factor of a definition.
        var closedForms = model.Structure.Where(s => s.Kind == OutputStructureKind.ClosedFormTimesCorrection).Select(s => s.Expression).ToHashSet();
        foreach (var f in model.Features.Features)
            table.AddRow(Markup.Escape(f.Describe(model.InputNames)), f.Kind == FeatureKind.Factor && closedForms.Contains(f.Bound) ? "closed form of an implicit output" : Kind(f.Kind),
                f.Center.ToString("G4"), f.Width.ToString("G4"));
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
            Lines.Write(Markup.Escape($"  {head.Name}: {model.NetworkStructure[j].Describe()}"));
            Lines.Write(Markup.Escape($"    = {form}; {parts}"));
        }
        if (!options.ReadsEquations) Lines.Write("  structure: none (the network alone; the equations are read by the loss only)");
        Lines.Write($"  {n.ParameterCount} parameters; {Markup.Escape(Training.NetworkSizing.Describe(model, options))}");
        if (model.Computed is { } computed)
        {
            // The blocks and torn unknowns, then each computed output with the equation it comes from.
            Lines.Write("structure (matching, BLT order, tearing):");
            foreach (string line in (design.TearingDump ?? "").TrimEnd().Split('\n'))
                Lines.Write(Markup.Escape($"  {line}"));
            foreach (var step in computed.Steps)
                Lines.Write(Markup.Escape($"  {step.Name}: {model.Describe(step.Name)}"));
        }
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
