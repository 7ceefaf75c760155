using EqNet.Expressions;
using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>Reads and checks the <c>equations</c> section.</summary>
internal static class EquationsReader
{
    private const string Example = "[\"y = x1 + x2\"]";
    private static readonly string[] Keys = ["equation", "scale", "weight"];

    /// <summary>
    /// The equations in file order. Each may use inputs and outputs anywhere and must mention at least one output.
    /// </summary>
    public static IReadOnlyList<EquationSpec> Read(
        FieldReader reader, YamlNode section, IReadOnlyList<InputSpec> inputs, IReadOnlyList<OutputSpec> outputs,
        IReadOnlyList<ParameterSpec> parameters)
    {
        var list = reader.Sequence(section, "equations", Example);
        if (list.Items.Count == 0)
            throw reader.Error(section, "equations", $"no equations given; list at least one, e.g. {Example}.");
        var names = new Names(inputs.Select(i => i.Name).ToList(), outputs.Select(o => o.Name).ToList(), parameters.Select(p => p.Name).ToList());
        return [.. list.Items.Select((item, i) => ReadOne(reader, item, $"equations[{i + 1}]", names))];
    }

    private sealed record Names(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<string> Parameters)
    {
        public IEnumerable<string> All => Inputs.Concat(Outputs).Concat(Parameters);
    }

    private static EquationSpec ReadOne(FieldReader reader, YamlNode item, string field, Names names)
    {
        YamlNode textNode = item;
        Expr? scale = null;
        double weight = 1;
        if (item is YamlMapping map)
        {
            if (map.Find("equation") is null && map.Entries.Count == 1 && map.Entries[0].Key.Value.Contains('='))
                throw reader.Error(item, field,
                    "YAML read this equation as a mapping because it contains ': '. Put the equation in quotes.");
            reader.RejectUnknownKeys(map, field, Keys);
            textNode = reader.Required(map, "equation", field,
                "Write {equation: \"y = ...\", scale: \"...\", weight: 1}.");
            if (map.Find("scale") is { } scaleNode)
                scale = ReadScale(reader, scaleNode, $"{field}.scale", names);
            if (map.Find("weight") is { } weightNode)
                weight = ReadWeight(reader, weightNode, $"{field}.weight");
        }
        else if (item is not YamlScalar)
        {
            throw reader.Error(item, field, $"expected an equation like 'y = x1 + x2', found {item.Describe()}.");
        }

        string text = reader.Text(textNode, field);
        Equation equation;
        try
        {
            equation = Equation.Parse(text, reader.Declared);
        }
        catch (ExpressionSyntaxException e)
        {
            throw reader.Error(textNode, field, FieldReader.SyntaxMessage($"cannot parse equation '{text}'", e));
        }

        var variables = equation.Lhs.Variables.Concat(equation.Rhs.Variables).ToHashSet(StringComparer.Ordinal);
        foreach (string name in variables.Order(StringComparer.Ordinal))
        {
            if (!names.All.Contains(name))
                throw reader.Error(textNode, field,
                    $"unknown variable '{name}' in '{text}'.{Spelling.Hint(name, names.All)} " +
                    $"Inputs: {string.Join(", ", names.Inputs)}; outputs: {string.Join(", ", names.Outputs)}" +
                    (names.Parameters.Count > 0 ? $"; parameters: {string.Join(", ", names.Parameters)}" : "") +
                    ". Declare it under inputs, outputs or parameters (an unknown constant fitted to data).");
        }

        var mentioned = names.Outputs.Where(variables.Contains).ToList();
        if (mentioned.Count == 0)
            throw reader.Error(textNode, field,
                $"equation '{text}' mentions no output; every equation must constrain at least one output " +
                $"({string.Join(", ", names.Outputs)}).");
        return new EquationSpec(equation, scale, weight, textNode.Line, mentioned);
    }

    private static Expr ReadScale(FieldReader reader, YamlNode node, string field, Names names)
    {
        var scale = reader.Expression(node, field);
        foreach (string name in scale.Variables.Order(StringComparer.Ordinal))
        {
            if (!names.All.Contains(name))
                throw reader.Error(node, field,
                    $"unknown variable '{name}' in scale '{reader.Text(node, field)}'.{Spelling.Hint(name, names.All)} " +
                    $"A scale may use the inputs ({string.Join(", ", names.Inputs)}) and outputs ({string.Join(", ", names.Outputs)}).");
        }
        return scale;
    }

    private static double ReadWeight(FieldReader reader, YamlNode node, string field)
    {
        double weight = reader.Number(node, field);
        if (weight <= 0)
            throw reader.Error(node, field, $"must be positive, found {ConstantBoundChecks.Show(weight)}.");
        return weight;
    }
}
