using System.Globalization;
using EqNet.Expressions;
using EqNet.Problems.Yaml;

namespace EqNet.Problems;

/// <summary>
/// Typed access to YAML nodes for one problem file: each accessor either returns the value or throws a
/// <see cref="ProblemException"/> that names the file, the node's line and the field.
/// </summary>
internal sealed class FieldReader(string file)
{
    /// <summary>The problem file as the user named it.</summary>
    public string File { get; } = file;

    /// <summary>The problem's input and output names: in its expressions they shadow constants and uncalled functions.</summary>
    public IReadOnlySet<string> Declared { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>An error located at <paramref name="node"/>.</summary>
    public ProblemException Error(YamlNode node, string field, string detail) => new(File, node.Line, field, detail);

    /// <summary>The node as a mapping; <paramref name="example"/> shows the expected shape in the error.</summary>
    public YamlMapping Mapping(YamlNode node, string field, string example) =>
        node as YamlMapping
        ?? throw Error(node, field, $"expected a mapping like {example}, found {node.Describe()}.");

    /// <summary>The node as a list; <paramref name="example"/> shows the expected shape in the error.</summary>
    public YamlSequence Sequence(YamlNode node, string field, string example) =>
        node as YamlSequence
        ?? throw Error(node, field, $"expected a list like {example}, found {node.Describe()}.");

    /// <summary>The node as a non-empty scalar text.</summary>
    public string Text(YamlNode node, string field)
    {
        if (node is YamlScalar { IsNull: false } scalar && scalar.Value.Trim().Length > 0)
            return scalar.Value.Trim();
        throw Error(node, field, $"expected a value, found {node.Describe()}.");
    }

    /// <summary>The node as a finite number (plain decimal or exponent notation, e.g. 1e-6).</summary>
    public double Number(YamlNode node, string field)
    {
        string text = Text(node, field);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) &&
            double.IsFinite(value))
            return value;
        throw Error(node, field, $"expected a number, found '{text}'.");
    }

    /// <summary>The node as a whole number of at least <paramref name="minimum"/>.</summary>
    public int Integer(YamlNode node, string field, int minimum)
    {
        string text = Text(node, field);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw Error(node, field, $"expected a whole number, found '{text}'.");
        if (value < minimum)
            throw Error(node, field, $"must be at least {minimum}, found {value}.");
        return value;
    }

    /// <summary>Parses an expression, turning a syntax error into a located message with the caret line.</summary>
    public Expr Expression(YamlNode node, string field)
    {
        string text = Text(node, field);
        try
        {
            return Expr.Parse(text, Declared);
        }
        catch (ExpressionSyntaxException e)
        {
            throw Error(node, field, SyntaxMessage($"cannot parse '{text}'", e));
        }
    }

    /// <summary>
    /// "<paramref name="what"/>: col N: reason", then the expression and a caret under column N, so the user sees
    /// exactly where parsing stopped.
    /// </summary>
    public static string SyntaxMessage(string what, ExpressionSyntaxException e) =>
        $"{what}: col {e.Column}: {e.Reason}\n    {e.Text}\n    {e.Caret}";

    /// <summary>Rejects keys outside <paramref name="known"/>, suggesting the closest known key.</summary>
    public void RejectUnknownKeys(YamlMapping mapping, string field, IReadOnlyCollection<string> known)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (!known.Contains(key.Value))
            {
                throw Error(key, Join(field, key.Value),
                    $"unknown key '{key.Value}'{In(field)}.{Spelling.Hint(key.Value, known)} " +
                    $"Allowed keys: {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>The value under a key that must be present.</summary>
    public YamlNode Required(YamlMapping mapping, string key, string field, string hint) =>
        mapping.Find(key) ?? throw Error(mapping, field, $"missing '{key}'. {hint}");

    /// <summary>Joins a parent field path and a key with a dot.</summary>
    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private static string In(string field) => field.Length == 0 ? " at the top level" : $" in '{field}'";
}
