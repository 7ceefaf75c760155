using System.CommandLine;
using EqNet.Export;
using EqNet.IO;
using EqNet.Models;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet export MODEL --csharp Model.cs</c> or <c>--onnx model.onnx [--float32]</c>: the model for other runtimes.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train'." };
        var csharp = new Option<string?>("--csharp") { Description = "Write one dependency-free C# file (weights inlined, a Predict method per output)." };
        var className = new Option<string?>("--class") { Description = "Class name of the C# file (default: the file's name)." };
        var namespaceName = new Option<string?>("--namespace") { Description = "Namespace of the C# class (default: none)." };
        var command = new Command("export", "Export a trained model as standalone C#.")
        {
            modelPath, csharp, className, namespaceName,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            string? cs = parsed.GetValue(csharp);
            if (cs is null) throw new UserInputException("give --csharp FILE.cs");
            var model = ModelFile.Load(parsed.GetRequiredValue(modelPath));
            return ExportCSharp(model, cs, parsed.GetValue(className), parsed.GetValue(namespaceName));
        }));
        return command;
    }

    private static int ExportCSharp(EqNetModel model, string path, string? className, string? namespaceName)
    {
        string name = className ?? ClassName(path);
        string source;
        try { source = CSharpExporter.Generate(model, name, namespaceName); }
        catch (Exception e) when (e is ArgumentException or ExportException) { throw new UserInputException($"{path}: {e.Message}"); }
        AtomicFile.WriteAllText(path, source);
        Console.WriteLine($"wrote {path}: static class {(namespaceName is null ? "" : namespaceName + ".")}{name}, " +
            $"{string.Join(", ", model.OutputNames.Select(o => "Predict" + char.ToUpperInvariant(o[0]) + o[1..] + "(...)"))}, Predict(inputs, count, outputs)");
        return ExitCodes.Ok;
    }

    /// <summary>A C# class name from a file name: Model.cs gives Model, my-model.cs gives MyModel.</summary>
    private static string ClassName(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new string(p.Where(char.IsLetterOrDigit).ToArray())).Where(p => p.Length > 0);
        string name = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return name.Length == 0 || char.IsDigit(name[0]) ? "EqNetModel" + name : name;
    }
}
