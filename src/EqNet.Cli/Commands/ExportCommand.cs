using System.CommandLine;
using System.Globalization;
using EqNet.Export;
using EqNet.Models;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet export MODEL --onnx model.onnx [--float32]</c> and/or <c>--csharp Model.cs</c>: the model for other runtimes.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train' or 'eqnet discover --save'." };
        var onnx = new Option<string?>("--onnx") { Description = "Write one ONNX graph (opset 17) from the raw inputs (N x inputs) to the outputs (N x outputs), float64." };
        var float32 = new Option<bool>("--float32") { Description = "With --onnx: the network's layers in float32 (features, heads, inputs and outputs stay float64)." };
        var csharp = new Option<string?>("--csharp") { Description = "Write one dependency-free C# file (weights inlined, a Predict method per output)." };
        var python = new Option<string?>("--python") { Description = "Write one Python file that needs only numpy: predict(x) from raw inputs (n x inputs) to outputs (n x outputs), float64." };
        var pytorch = new Option<string?>("--pytorch") { Description = "Write one Python file holding a float64 torch.nn.Module with the trained weights as parameters (to fine-tune or extend)." };
        var className = new Option<string?>("--class") { Description = "Class name of the C# file or of the PyTorch module (default: the C# file's name; Model for PyTorch)." };
        var namespaceName = new Option<string?>("--namespace") { Description = "Namespace of the C# class (default: none)." };
        var newtonSteps = CommonOptions.NewtonSteps();
        var command = new Command("export", "Export a trained model as an ONNX graph, standalone C#, numpy Python or a PyTorch module.")
        {
            modelPath, onnx, float32, csharp, python, pytorch, className, namespaceName, newtonSteps,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            string? cs = parsed.GetValue(csharp), graph = parsed.GetValue(onnx), py = parsed.GetValue(python), torch = parsed.GetValue(pytorch);
            if (cs is null && graph is null && py is null && torch is null)
                throw new UserInputException("give --onnx FILE.onnx, --csharp FILE.cs, --python FILE.py or --pytorch FILE.py (or several)");
            if (graph is null && parsed.GetValue(float32)) throw new UserInputException("--float32 goes with --onnx");
            var model = CommonOptions.WithNewtonSteps(Surrogate.LoadAny(parsed.GetRequiredValue(modelPath)), parsed.GetValue(newtonSteps));
            if (graph is not null) ExportOnnx(model, graph, parsed.GetValue(float32));
            if (cs is not null) ExportCSharp(model, cs, parsed.GetValue(className), parsed.GetValue(namespaceName));
            if (py is not null) ExportPython(model, py, torch: false, null);
            if (torch is not null) ExportPython(model, torch, torch: true, parsed.GetValue(className));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void ExportOnnx(IPredictor model, string path, bool float32)
    {
        try { Surrogate.ExportOnnx(model, path, float32); }
        catch (ExportException e) { throw new UserInputException($"{path}: cannot export to ONNX: {e.Message}"); }
        Console.WriteLine($"wrote {path}: ONNX opset {OnnxExporter.Opset}, input 'inputs' (N x {model.InputNames.Count}: {string.Join(", ", model.InputNames)}), " +
            $"output 'outputs' (N x {model.OutputNames.Count}: {string.Join(", ", model.OutputNames)}), float64{(float32 ? ", network layers float32" : "")}{(model is FormulaModel ? ", closed forms" : "")}{AfterNetwork(model)}");
        // The file as written, run where users run it: a graph that disagrees with the model is found here, not in their service.
        double difference = OnnxCheck.Agreement(File.ReadAllBytes(path), model);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checked in ONNX Runtime on {OnnxCheck.Points:N0} points of the trained domain: largest relative difference from eqnet's prediction {difference:0.0e+00} (relative to at least 1e-3 of each output's largest size)"));
        bool cancelling = model is EqNetModel { Network.Heads: var heads } && heads.Any(h => h.Kind == OutputHeadKind.Difference);
        if (float32 && difference > OnnxCheck.Float32Tolerance)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"eqnet: warning: {path}: the float32 layers move the outputs by up to {difference:0.0e+00} relative, above {OnnxCheck.Float32Tolerance:0e+00}: {(cancelling ? "this model's outputs are differences of parts that cancel, and float32 rounding of the hidden activations (6e-8 of each) grows by the cancellation" : "float32 rounding of the hidden activations (6e-8 of each) grows through the layers")}; export without --float32 (float64 runs in ONNX Runtime on CPU and CUDA) where that matters"));
    }

    /// <summary>What the graph computes after the network, which a user of the file should know is there.</summary>
    private static string AfterNetwork(IPredictor model)
    {
        if (model is not EqNetModel network) return "";
        string text = network.Refinement is { } refinement
            ? $"; then {refinement.Text} (the equations, their Jacobian and EqNet's least-squares step in a Loop; '--newton-steps N' for another count, 0 for the network alone)"
            : "";
        if (network.Computed is { } computed) text += $"; {string.Join(", ", computed.Steps.Select(s => s.Name))} computed from the equations";
        return text;
    }

    private static void ExportCSharp(IPredictor model, string path, string? className, string? namespaceName)
    {
        string name = className ?? ClassName(path);
        try { Surrogate.ExportCSharp(model, path, name, namespaceName); }
        catch (Exception e) when (e is ArgumentException or ExportException) { throw new UserInputException($"{path}: {e.Message}"); }
        Console.WriteLine($"wrote {path}: static class {(namespaceName is null ? "" : namespaceName + ".")}{name}, " +
            $"{string.Join(", ", model.OutputNames.Select(o => "Predict" + char.ToUpperInvariant(o[0]) + o[1..] + "(...)"))}, Predict(inputs, count, outputs)");
    }

    private static void ExportPython(IPredictor model, string path, bool torch, string? className)
    {
        string name = className ?? "Model";
        try
        {
            if (torch) Surrogate.ExportPyTorch(model, path, name);
            else Surrogate.ExportPython(model, path);
        }
        catch (Exception e) when (e is ArgumentException or ExportException) { throw new UserInputException($"{path}: {e.Message}"); }
        string module = Path.GetFileNameWithoutExtension(path);
        string steps = model is EqNetModel { Refinement: { } refinement } ? $"; then {refinement.Text}, {name}(newton_steps=0) for the network alone" : "";
        Console.WriteLine(torch
            ? $"wrote {path}: PyTorch module {module}.{name} (float64; forward(x): n x {model.InputNames.Count} inputs -> n x {model.OutputNames.Count} outputs{steps}; residuals(x, y)); needs torch"
            : $"wrote {path}: {module}.predict(x) (float64; n x {model.InputNames.Count} inputs -> n x {model.OutputNames.Count} outputs; residuals(x, y)); needs numpy only");
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
