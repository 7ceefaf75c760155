using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Reads the optional <c>model</c>, <c>training</c> and <c>data</c> sections.</summary>
internal static class SettingsReader
{
    private static readonly string[] ModelKeys = ["hidden", "activation", "kind", "tearing", "structure", "newton_steps"];
    private static readonly string[] TrainingKeys = ["time_budget", "seed", "batch", "steps", "threads"];
    private static readonly string[] DataKeys = ["file", "error", "folds"];

    public static ModelSettings ReadModel(FieldReader reader, YamlNode? section)
    {
        if (section is null or YamlScalar { IsNull: true })
            return ModelSettings.Empty;
        var map = reader.Mapping(section, "model", "{hidden: [64, 64], activation: tanh}");
        reader.RejectUnknownKeys(map, "model", ModelKeys);
        IReadOnlyList<int>? hidden = null;
        if (map.Find("hidden") is { } hiddenNode)
        {
            var list = reader.Sequence(hiddenNode, "model.hidden", "[16, 16]");
            if (list.Items.Count == 0)
                throw reader.Error(hiddenNode, "model.hidden", "give at least one layer width, e.g. [16, 16].");
            hidden = [.. list.Items.Select((item, i) => reader.Integer(item, $"model.hidden[{i + 1}]", 1))];
        }
        return new ModelSettings(
            hidden,
            map.Find("activation") is { } activation ? reader.Text(activation, "model.activation") : null,
            map.Find("kind") is { } kind ? reader.Text(kind, "model.kind") : null,
            map.Find("tearing") is { } tearing ? Flag(reader, tearing, "model.tearing") : null,
            map.Find("structure") is { } structure ? ReadStructure(reader, structure) : null,
            map.Find("newton_steps") is { } steps ? ReadNewtonSteps(reader, steps) : null);
    }

    private static StructureMode ReadStructure(FieldReader reader, YamlNode node) => reader.Text(node, "model.structure") switch
    {
        "auto" => StructureMode.Auto,
        "none" => StructureMode.None,
        var other => throw reader.Error(node, "model.structure", $"'{other}' is not a structure setting; write 'auto' (read the equations, the default) or 'none' (the network alone)."),
    };

    private static int? ReadNewtonSteps(FieldReader reader, YamlNode node)
    {
        if (reader.Text(node, "model.newton_steps") == "auto") return null;
        int steps = reader.Integer(node, "model.newton_steps", 0);
        if (steps > ModelSettings.MaxNewtonSteps)
            throw reader.Error(node, "model.newton_steps", $"{steps} is more than {ModelSettings.MaxNewtonSteps}; a network that needs more is no start for Newton. Write 0 to {ModelSettings.MaxNewtonSteps}, or auto.");
        return steps;
    }

    private static bool Flag(FieldReader reader, YamlNode node, string field) =>
        reader.Text(node, field).ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw reader.Error(node, field, $"write true or false, not '{other}'."),
        };

    public static TrainingSettings ReadTraining(FieldReader reader, YamlNode? section)
    {
        if (section is null or YamlScalar { IsNull: true })
            return TrainingSettings.Empty;
        var map = reader.Mapping(section, "training", "{time_budget: 60, seed: 1}");
        reader.RejectUnknownKeys(map, "training", TrainingKeys);
        double? budget = null;
        if (map.Find("time_budget") is { } budgetNode)
        {
            budget = reader.Number(budgetNode, "training.time_budget");
            if (budget <= 0)
                throw reader.Error(budgetNode, "training.time_budget", $"must be a positive number of seconds, found {budget}.");
        }
        int? Int(string key, int minimum) =>
            map.Find(key) is { } node ? reader.Integer(node, $"training.{key}", minimum) : null;
        return new TrainingSettings(budget, Int("seed", 0), Int("batch", 1), Int("steps", 1), Int("threads", 1));
    }

    public static DataSettings ReadData(FieldReader reader, YamlNode? section, string? folder)
    {
        if (section is null or YamlScalar { IsNull: true })
            return DataSettings.Empty;
        var map = reader.Mapping(section, "data", "{file: points.csv}");
        reader.RejectUnknownKeys(map, "data", DataKeys);
        if (map.Find("file") is not { } fileNode)
            return DataSettings.Empty;
        string file = reader.Text(fileNode, "data.file");
        var error = DataErrorKind.Relative;
        if (map.Find("error") is { } errorNode)
        {
            error = reader.Text(errorNode, "data.error") switch
            {
                "relative" => DataErrorKind.Relative,
                "absolute" => DataErrorKind.Absolute,
                var text => throw reader.Error(errorNode, "data.error",
                    $"unknown error kind '{text}'. Use 'relative' (the default: each row by its relative misfit) or 'absolute' (plain least squares); a '{DataSettings.SigmaColumn}' column in the file gives weighted least squares."),
            };
        }
        int? folds = null;
        if (map.Find("folds") is { } foldsNode)
            folds = reader.Integer(foldsNode, "data.folds", DataSettings.MinimumFolds);
        return new DataSettings(folder is null ? file : Path.GetFullPath(Path.Combine(folder, file)), error) { Folds = folds };
    }
}
