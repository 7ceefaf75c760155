using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Loads and validates problem files (YAML; see docs/problem-files.md).</summary>
public static class ProblemFile
{
    private static readonly string[] TopLevelKeys = ["name", "inputs", "outputs", "equations", "parameters", "model", "training", "data"];

    /// <summary>Reads and validates the problem file at <paramref name="path"/>.</summary>
    /// <exception cref="ProblemException">The file is missing, unreadable, or not a valid problem.</exception>
    public static Problem Load(string path)
    {
        if (Directory.Exists(path))
        {
            var problems = Directory.GetFiles(path, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(3).ToArray();
            throw new ProblemException(path, 0, "", problems.Length > 0
                ? $"is a folder; give one problem file in it, e.g. {Path.Combine(path, problems[0]!)} (it holds {string.Join(", ", problems)}{(problems.Length == 3 ? ", ..." : "")})."
                : "is a folder, not a problem file; give a problem file (*.yaml), e.g. examples/seed.yaml.");
        }
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found. Check the path (relative paths start from the current folder)."
                : $"cannot read the file: {e.Message}";
            throw new ProblemException(path, 0, "", why, e);
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Parses and validates problem-file text. <paramref name="sourceName"/> names the source in messages and
    /// provides the default problem name; relative data paths are kept as written.
    /// </summary>
    /// <exception cref="ProblemException">The text is not a valid problem.</exception>
    public static Problem Parse(string yamlText, string sourceName) => Parse(yamlText, sourceName, folder: null);

    /// <summary>
    /// <see cref="Parse(string, string)"/> for a saved model's problem: the input ranges a data file supplied when it was
    /// trained come from <paramref name="dataRanges"/>, so the data file is not read again.
    /// </summary>
    internal static Problem Parse(string yamlText, string sourceName, IReadOnlyDictionary<string, (double Min, double Max)>? dataRanges) =>
        Parse(yamlText, sourceName, folder: null, dataRanges);

    private static Problem Parse(string yamlText, string sourceName, string? folder, IReadOnlyDictionary<string, (double Min, double Max)>? dataRanges = null)
    {
        var reader = new FieldReader(sourceName);
        YamlNode? root;
        try
        {
            root = YamlTreeReader.Read(yamlText);
        }
        catch (YamlTreeException e)
        {
            throw new ProblemException(sourceName, e.Line, e.Field, e.Message, e);
        }
        if (root is null)
            throw new ProblemException(sourceName, 0, "", "the file is empty; a problem needs inputs, outputs and equations.");

        var map = reader.Mapping(root, "", "{inputs: ..., outputs: ..., equations: ...}");
        reader.RejectUnknownKeys(map, "", TopLevelKeys);
        var inputsNode = Section(reader, map, "inputs", "x1: {min: 1, max: 10}");
        var outputsNode = Section(reader, map, "outputs", "[y]");
        var data = SettingsReader.ReadData(reader, map.Find("data"), folder);
        // With a data file, an output no equation gives is learned from its column: the equations may be left out.
        var equationsNode = data.File is not null ? map.Find("equations") : Section(reader, map, "equations", "[\"y = x1**2\"]");

        var outputNames = OutputsReader.DeclaredNames(outputsNode);
        var parameters = ParametersReader.Read(reader, map.Find("parameters"));
        reader.Declared = (inputsNode is YamlMapping inputMap ? inputMap.Entries.Select(e => e.Key.Value) : [])
            .Concat(outputNames).Concat(parameters.Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
        var ranges = new Dictionary<string, (double Min, double Max)>(StringComparer.Ordinal);
        var notes = new List<string>();
        var inputs = InputsReader.Read(reader, inputsNode, outputNames, data.File is null ? null : (name, node) =>
        {
            var range = dataRanges?.TryGetValue(name, out var saved) == true ? saved : DataRange(data.File, name, notes);
            ranges[name] = range;
            return range;
        });
        var outputs = OutputsReader.Read(reader, outputsNode);
        CheckNoInputIsAnOutput(reader, inputs, outputs);
        CheckParameterNames(reader, parameters, inputs, outputs);
        IReadOnlyList<EquationSpec> equations = equationsNode is null or YamlScalar { IsNull: true } or YamlSequence { Items.Count: 0 } && data.File is not null
            ? []
            : EquationsReader.Read(reader, equationsNode!, inputs, outputs, parameters);
        var dataOutputs = CheckEveryOutputIsConstrained(reader, outputs, equations, map.FindKey("equations") ?? map.FindKey("outputs")!, data);
        CheckEveryParameterIsUsed(reader, parameters, equations);
        if (parameters.Count > 0 && data.File is null)
            throw reader.Error(map.FindKey("parameters")!, "parameters",
                "unknown constants are fitted to measured data, but the file has no data; add data: {file: points.csv} " +
                "(a CSV with a column per input and output), or give the constants as numbers in the equations.");
        CheckLearnedTerms(reader, inputs, outputs, equations, parameters);
        if (parameters.Count > 0 && dataOutputs.Count > 0)
            throw new ProblemException(reader.File, outputs.First(o => o.Name == dataOutputs[0]).Line, $"outputs.{dataOutputs[0]}",
                $"output '{dataOutputs[0]}' appears in no equation, and a problem with unknown constants (parameters) fits them to data through its equations; " +
                "learn data-only outputs in a problem of their own (without parameters), or use the output in an equation.");

        string name = map.Find("name") is { } nameNode
            ? ReadName(reader, nameNode)
            : Path.GetFileNameWithoutExtension(sourceName);
        return new Problem(name, sourceName, yamlText, inputs, outputs, equations,
            SettingsReader.ReadModel(reader, map.Find("model")),
            SettingsReader.ReadTraining(reader, map.Find("training")),
            data)
        { Parameters = parameters, DataOutputs = dataOutputs, DataRanges = ranges, Notes = notes };
    }

    /// <summary>The range of input <paramref name="name"/>'s column in the data file (read for it alone), with a note saying so.</summary>
    private static (double Min, double Max) DataRange(string file, string name, List<string> notes)
    {
        var column = MeasuredData.Read(file, [name]).Column(name);
        double min = column.Min(), max = column.Max();
        if (!(max > min))
            throw new ProblemException(file, 0, name,
                $"input '{name}' has no min and max, so they come from the data, but its column holds one value ({ConstantBoundChecks.Show(min)}) in {column.Length} rows; give inputs.{name}: {{min: ..., max: ...}}.");
        notes.Add($"inputs.{name}: min and max not given, taken from the data's range ({Path.GetFileName(file)}, {column.Length} rows): " +
            $"[{ConstantBoundChecks.Show(min)}, {ConstantBoundChecks.Show(max)}]; the model is trained, sampled and checked (in_domain) there.");
        return (min, max);
    }

    private static void CheckParameterNames(FieldReader reader, IReadOnlyList<ParameterSpec> parameters, IReadOnlyList<InputSpec> inputs, IReadOnlyList<OutputSpec> outputs)
    {
        foreach (var parameter in parameters)
        {
            if (inputs.Any(i => i.Name == parameter.Name) || outputs.Any(o => o.Name == parameter.Name))
                throw new ProblemException(reader.File, parameter.Line, $"parameters.{parameter.Name}",
                    $"'{parameter.Name}' is both a parameter and an {(inputs.Any(i => i.Name == parameter.Name) ? "input" : "output")}; rename one of them.");
        }
    }

    private static void CheckEveryParameterIsUsed(FieldReader reader, IReadOnlyList<ParameterSpec> parameters, IReadOnlyList<EquationSpec> equations)
    {
        foreach (var parameter in parameters)
        {
            if (!equations.Any(e => e.Equation.Variables.Contains(parameter.Name)))
                throw new ProblemException(reader.File, parameter.Line, $"parameters.{parameter.Name}",
                    $"parameter '{parameter.Name}' appears in no equation, so the data cannot tell its value; use it in an equation or remove it.");
        }
    }

    /// <summary>
    /// A term learned inside an equation (an output with <c>inputs</c>): its inputs are inputs of the problem, it comes
    /// with unknown constants, and every equation it appears in has a measured output, so the data constrain it.
    /// </summary>
    private static void CheckLearnedTerms(FieldReader reader, IReadOnlyList<InputSpec> inputs, IReadOnlyList<OutputSpec> outputs, IReadOnlyList<EquationSpec> equations,
        IReadOnlyList<ParameterSpec> parameters)
    {
        var learned = outputs.Where(o => o.IsLearnedTerm).ToArray();
        if (learned.Length == 0) return;
        var names = inputs.Select(i => i.Name).ToArray();
        foreach (var term in learned)
        {
            foreach (var name in term.LearnedFrom!)
            {
                if (!names.Contains(name))
                    throw new ProblemException(reader.File, term.Line, $"outputs.{term.Name}.inputs",
                        $"'{name}' is not an input (inputs: {string.Join(", ", names)}).{Spelling.Hint(name, names)} A learned term's network reads inputs only; " +
                        $"list the inputs it depends on, e.g. inputs: [{names[0]}].");
            }
        }
        if (learned.Length > 1)
            throw new ProblemException(reader.File, learned[1].Line, $"outputs.{learned[1].Name}.inputs",
                $"outputs {string.Join(", ", learned.Select(o => $"'{o.Name}'"))} are all learned terms; this version learns one term per problem. Keep one, and give the others by equations or as parameters.");
        var term0 = learned[0];
        if (parameters.Count == 0)
            throw new ProblemException(reader.File, term0.Line, $"outputs.{term0.Name}.inputs",
                $"'{term0.Name}' is a term learned inside an equation, which is fitted jointly with the equations' unknown constants, but the file has no 'parameters'. " +
                $"Declare the constants under parameters (e.g. parameters: {{k: {{}}}}), or drop 'inputs' and learn '{term0.Name}' from a data column of its own.");
        foreach (var equation in equations.Where(e => e.Outputs.Contains(term0.Name)))
        {
            if (!equation.Outputs.Any(o => o != term0.Name))
                throw new ProblemException(reader.File, equation.Line, $"equations[{equations.ToList().IndexOf(equation) + 1}]",
                    $"'{equation.Text}' holds the learned term '{term0.Name}' but no measured output, so no data constrain it there " +
                    $"(the network would only have to satisfy the equation, whatever the data). Put a measured output in the equation (e.g. r = ... + {term0.Name}), with a column in data.file.");
        }
    }

    private static string ReadName(FieldReader reader, YamlNode node)
    {
        // The name becomes a folder (runs/<name>), so it must not climb out of it or contain separators.
        string name = reader.Text(node, "name");
        if (name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw reader.Error(node, "name",
                $"'{name}' cannot be used as a folder name; use letters, digits, '-', '_' and '.'.");
        return name;
    }

    private static YamlNode Section(FieldReader reader, YamlMapping map, string key, string example) =>
        map.Find(key) is { } node
            ? node
            : throw reader.Error(map, key, $"missing '{key}' section; a problem needs inputs, outputs and equations, e.g. {key}: {example}.");

    private static void CheckNoInputIsAnOutput(FieldReader reader, IReadOnlyList<InputSpec> inputs, IReadOnlyList<OutputSpec> outputs)
    {
        foreach (var output in outputs)
        {
            if (inputs.FirstOrDefault(i => i.Name == output.Name) is { } input)
                throw new ProblemException(reader.File, output.Line, $"outputs.{output.Name}",
                    $"'{output.Name}' is both an input (line {input.Line}) and an output; rename one of them.");
        }
    }

    /// <summary>
    /// Every output is given by an equation or, with a data file, learned from its column; returns the latter (the data
    /// outputs), in file order.
    /// </summary>
    private static IReadOnlyList<string> CheckEveryOutputIsConstrained(
        FieldReader reader, IReadOnlyList<OutputSpec> outputs, IReadOnlyList<EquationSpec> equations, YamlScalar equationsKey, DataSettings data)
    {
        var dataOutputs = new List<string>();
        foreach (var output in outputs)
        {
            if (equations.Any(e => e.Outputs.Contains(output.Name))) continue;
            if (output.IsLearnedTerm)
                throw new ProblemException(reader.File, output.Line, $"outputs.{output.Name}.inputs",
                    $"output '{output.Name}' declares inputs, so it is a term learned inside an equation, but it appears in no equation, and the data file has no column for it to learn from: " +
                    $"no data constrain it. Use '{output.Name}' in the equation it belongs to (e.g. r = k*cA + {output.Name}), or drop 'inputs' to learn it from a data column of its own.");
            if (data.File is null)
                throw new ProblemException(reader.File, output.Line, $"outputs.{output.Name}",
                    $"output '{output.Name}' appears in no equation; add an equation that determines it, or learn it from measured data " +
                    $"(data: {{file: points.csv}} with a column '{output.Name}' and one per input), or remove it.");
            dataOutputs.Add(output.Name);
        }
        // A learned term is no unknown the equations solve for: the data determine it through them.
        int equationOutputs = outputs.Count(o => !dataOutputs.Contains(o.Name) && !o.IsLearnedTerm);
        if (equations.Count < equationOutputs)
            throw reader.Error(equationsKey, "equations",
                $"{equationOutputs} outputs ({string.Join(", ", outputs.Where(o => !dataOutputs.Contains(o.Name) && !o.IsLearnedTerm).Select(o => o.Name))}) but only {equations.Count} " +
                $"equation{(equations.Count == 1 ? "" : "s")}; give at least one equation per output.");
        return dataOutputs;
    }
}
