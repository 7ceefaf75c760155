using System.Text.Json;
using System.Text.Json.Nodes;

namespace EqNet.Models;

/// <summary>
/// A formula model in a <c>model.eqnet</c> file: the same document as a network's (<see cref="ModelFile"/>: format,
/// version, problem, structure, checksum) with <c>"kind": "formula"</c> and one formula per output in the expression
/// language instead of the network section. Read and written by <see cref="ModelFile"/>'s one reader and writer.
/// </summary>
public static class FormulaModelFile
{
    /// <summary>The <c>kind</c> of a formula model file (a network's is "network", or absent in older files).</summary>
    public const string Kind = ModelFile.FormulaKind;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(FormulaModel model, string path) => ModelFile.Save(model, path);

    /// <summary>Whether the file at <paramref name="path"/> is a formula model (false when unreadable or not JSON).</summary>
    public static bool IsFormula(string path)
    {
        try { return (string?)JsonNode.Parse(File.ReadAllText(path))?["kind"] == Kind; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException) { return false; }
    }

    /// <summary>Reads a model file of either kind (<see cref="ModelFile.LoadAny"/>).</summary>
    /// <exception cref="ModelFileException">The file is missing, damaged or not a model.</exception>
    public static IPredictor LoadAny(string path) => ModelFile.LoadAny(path);

    /// <summary>Reads a formula model; a missing, damaged or non-formula file raises <see cref="ModelFileException"/>.</summary>
    public static FormulaModel Load(string path) => ModelFile.LoadAny(path) as FormulaModel
        ?? throw new ModelFileException($"{path}: not an EqNet formula model (no \"kind\": \"{Kind}\"); it holds a network.");
}
