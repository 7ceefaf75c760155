using System.Globalization;
using System.Text.RegularExpressions;
using EqNet.Export;
using EqNet.Models;
using EqNet.Tests.Prediction;
using Xunit.Abstractions;

namespace EqNet.Tests.Export;

/// <summary>The Python exports run in real numpy and PyTorch, on 10,000 points of every example and of the inline models, against EqNet's predictions.</summary>
public partial class PythonExporterTests(ITestOutputHelper output)
{
    /// <summary>Every model of <see cref="ExportModels"/> and a formula model, their points and EqNet's predictions.</summary>
    private static List<(string Name, IPredictor Model, double[] X, double[] Expected)> Models()
    {
        var models = new List<(string, IPredictor, double[], double[])>();
        foreach (var name in ExportModels.Examples)
        {
            var model = ExportModels.Get(name);
            var x = TestModels.Points(model, ExportModels.PointCount);
            models.Add((name, model, x, model.Predict(x, ExportModels.PointCount)));
        }
        // Newton steps and computed outputs after the network.
        foreach (var (name, model) in ExportModels.AfterNetworkModels())
        {
            var x = TestModels.Points(model, ExportModels.PointCount);
            models.Add((name, model, x, model.Predict(x, ExportModels.PointCount)));
        }
        var formula = FormulaExportTests.Model();
        var points = new EqNet.Sampling.DomainSampler(formula.Problem, probeCount: 0).Sample(ExportModels.PointCount, 7);
        models.Add(("formulas", formula, points, formula.Predict(points, ExportModels.PointCount)));
        return models;
    }

    /// <summary>Writes every model's file and points, runs one python process over them all, reads the predictions back.</summary>
    private static List<(string Name, IPredictor Model, double[] Expected, double[] Actual)> RunAll(string module, Func<IPredictor, string> export, string predict)
    {
        string python = PythonRuntime.Require(module);
        string folder = Directory.CreateTempSubdirectory("eqnet-python-").FullName;
        try
        {
            var models = Models();
            for (int k = 0; k < models.Count; k++)
            {
                File.WriteAllText(Path.Combine(folder, $"model_{k}.py"), export(models[k].Model));
                File.WriteAllBytes(Path.Combine(folder, $"x_{k}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(models[k].X.AsSpan()).ToArray());
            }
            File.WriteAllText(Path.Combine(folder, "run.py"), $$"""
                import importlib, sys
                import numpy as np
                sys.path.insert(0, ".")
                for k in range({{models.Count}}):
                    m = importlib.import_module(f"model_{k}")
                    x = np.fromfile(f"x_{k}.bin", dtype="<f8").reshape(-1, len(m.INPUT_NAMES))
                    y = np.ascontiguousarray({{predict}}, dtype="<f8")
                    assert y.shape == (x.shape[0], len(m.OUTPUT_NAMES)), y.shape
                    y.tofile(f"y_{k}.bin")
                """);
            PythonRuntime.Run(python, "run.py", folder);
            return [.. models.Select((m, k) => (m.Name, m.Model, m.Expected,
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(folder, $"y_{k}.bin"))).ToArray()))];
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [PythonFact("numpy")]
    public void TheNumPyFilePredictsAsEqNetToTheBit()
    {
        var results = RunAll("numpy", PythonExporter.NumPy, "m.predict(x)");
        Assert.Contains(results, r => r.Name == "correction-stages");
        Assert.Contains(results, r => r.Name == "product-quotient-newton-steps" && ((EqNetModel)r.Model).Computed is not null);
        Assert.Contains(results, r => r.Name == "bubble-point-newton-steps" && ((EqNetModel)r.Model).Computed is not null);
        foreach (var (name, model, expected, actual) in results)
        {
            var (worst, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
            output.WriteLine($"{name}: largest relative difference {worst:E2}, bit-identical {identical:P1}");
            // EqNet's sums in EqNet's order, its tanh, the C library's exp/log/pow (as .NET) through Python's math module.
            Assert.True(worst <= 1e-13, $"{name}: numpy differs from EqNet by up to {worst:E3} relative");
        }
        Assert.True(results.Count >= 20, $"{results.Count} models");
    }

    [PythonFact("torch")]
    public void TheTorchModuleComputesEqNetsPredictionsWithinPyTorchsRounding()
    {
        var results = RunAll("torch", m => PythonExporter.PyTorch(m), "m.Model()(__import__('torch').from_numpy(x)).detach().numpy()");
        Assert.Contains(results, r => r.Model is EqNetModel { Corrections.Count: > 0 });
        Assert.Contains(results, r => r.Name == "kepler-newton-steps");
        Assert.Contains(results, r => r.Name == "bubble-point-newton-steps" && ((EqNetModel)r.Model).Computed is not null);
        Assert.Contains(results, r => r.Model is EqNetModel { Computed: not null, Refinement: null });
        double largest = 0;
        string worstModel = "";
        foreach (var (name, model, expected, actual) in results)
        {
            var (plain, _) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 0);
            var (worst, identical) = ExportModels.Compare(actual, expected, model.OutputNames.Count, 1e-3);
            output.WriteLine($"{name}: largest relative difference {plain:E2} ({worst:E2} relative to at least 1e-3 of the output's largest size), bit-identical {identical:P1}");
            if (worst > largest) (largest, worstModel) = (worst, name);
        }
        output.WriteLine($"largest over {results.Count} models: {largest:E2} ({worstModel})");
        // PyTorch's matrix products (BLAS order) and its exp/log/tanh differ from EqNet's by ulps of the parts; Newton
        // steps bring converged rows to the same root, and carry those ulps on where 6 steps from random weights do not.
        Assert.True(largest <= 1e-12, $"{worstModel}: torch differs from EqNet by up to {largest:E3} relative");
    }

    /// <summary>newton_steps=0, on the module or on one call, gives the network alone, differentiable; the steps' outputs carry no graph.</summary>
    [PythonFact("torch")]
    public void TheTorchModuleWithoutNewtonStepsIsTheNetworkAloneAndDifferentiable()
    {
        string python = PythonRuntime.Require("torch");
        string folder = Directory.CreateTempSubdirectory("eqnet-python-steps-").FullName;
        try
        {
            var models = ExportModels.AfterNetworkModels().Where(m => m.Model.Refinement is not null).ToList();
            Assert.Equal(3, models.Count);
            const int n = 2000;
            var points = models.Select(m => TestModels.Points(m.Model, n)).ToList();
            for (int k = 0; k < models.Count; k++)
            {
                File.WriteAllText(Path.Combine(folder, $"model_{k}.py"), PythonExporter.PyTorch(models[k].Model));
                File.WriteAllBytes(Path.Combine(folder, $"x_{k}.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(points[k].AsSpan()).ToArray());
            }
            File.WriteAllText(Path.Combine(folder, "run.py"), $$"""
                import importlib, sys
                import numpy as np
                import torch
                sys.path.insert(0, ".")
                for k in range({{models.Count}}):
                    m = importlib.import_module(f"model_{k}")
                    x = torch.from_numpy(np.fromfile(f"x_{k}.bin", dtype="<f8").reshape(-1, len(m.INPUT_NAMES)))
                    alone = m.Model(newton_steps=0)
                    y = alone(x)
                    assert y.requires_grad
                    assert torch.equal(m.Model()(x, newton_steps=0), y.detach())
                    refined = m.Model()(x)
                    assert not refined.requires_grad
                    assert not torch.equal(refined, y.detach()), "the steps changed nothing"
                    (y ** 2).sum().backward()
                    assert all(p.grad is not None for p in alone.parameters()), "a parameter got no gradient"
                    np.ascontiguousarray(y.detach().numpy(), dtype="<f8").tofile(f"y_{k}.bin")
                """);
            PythonRuntime.Run(python, "run.py", folder);
            for (int k = 0; k < models.Count; k++)
            {
                var model = models[k].Model;
                var actual = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(folder, $"y_{k}.bin"))).ToArray();
                var (worst, _) = ExportModels.Compare(actual, model.WithoutRefinement().Predict(points[k], n), model.OutputNames.Count, 1e-3);
                output.WriteLine($"{models[k].Name} with newton_steps=0: largest relative difference from EqNet's network alone {worst:E2}");
                Assert.True(worst <= 1e-12, $"{models[k].Name}: the network alone differs from EqNet's by {worst:E3}");
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The correction stages are modules of the torch file: their weights are parameters that get gradients, and the stages change the outputs.</summary>
    [PythonFact("torch")]
    public void TheTorchModulesCorrectionStagesAreTrainableParameters()
    {
        string python = PythonRuntime.Require("torch");
        var model = ExportModels.Get("correction-stages");
        Assert.True(model.Corrections is { Count: > 0 });
        string folder = Directory.CreateTempSubdirectory("eqnet-python-stages-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "staged.py"), PythonExporter.PyTorch(model));
            File.WriteAllText(Path.Combine(folder, "run.py"), """
                import sys
                import torch
                sys.path.insert(0, ".")
                import staged
                m = staged.Model()
                names = [n for n, _ in m.named_parameters() if "_correction_" in n]
                assert names, "no correction-stage parameters"
                x = torch.tensor([[0.7, -1.5], [1.9, 2.5]], dtype=torch.float64)
                y = m(x)
                (y ** 2).sum().backward()
                params = dict(m.named_parameters())
                assert all(params[n].grad is not None and params[n].grad.abs().sum() > 0 for n in names), "a stage got no gradient"
                with torch.no_grad():
                    for n in names:
                        params[n].zero_()
                assert not torch.equal(m(x), y.detach()), "the stages changed nothing"
                print(len(names))
                """);
            string printed = PythonRuntime.Run(python, "run.py", folder);
            output.WriteLine($"correction-stage parameter tensors: {printed.Trim()}");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The Python block of docs/python.md, run as written beside a numpy file and a PyTorch file of a seed-plus-flow model.</summary>
    [PythonFact("torch")]
    public void TheDocumentedExampleRunsAndItsFineTuningStepMovesOnlyTheUnfrozenOutput()
    {
        string python = PythonRuntime.Require("torch");
        string document = Path.Combine(TestProblems.RepositoryRoot, "docs", "python.md");
        var blocks = PythonBlock().Matches(File.ReadAllText(document)).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        string folder = Directory.CreateTempSubdirectory("eqnet-python-doc-").FullName;
        try
        {
            var model = ExportModels.Get("seed-plus-flow");
            Surrogate.ExportPython(model, Path.Combine(folder, "flow.py"));
            Surrogate.ExportPyTorch(model, Path.Combine(folder, "flow_torch.py"), "Flow");
            File.WriteAllText(Path.Combine(folder, "example.py"), string.Join("\n", blocks));
            string printed = PythonRuntime.Run(python, "example.py", folder);
            output.WriteLine(printed);
            // The example asserts that the frozen output did not move and the loss fell; the numbers it prints are EqNet's at x.
            var at = model.Predict([700, 20, 3000, 1e-4, 50], 1);
            Assert.Contains(at[0].ToString("R", CultureInfo.InvariantCulture), printed, StringComparison.Ordinal);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void ANamedPartOfTheModuleHoldsTheTrainedWeightsAndBadClassNamesAreRefused()
    {
        var model = ExportModels.Get("seed-plus-flow");
        string torch = PythonExporter.PyTorch(model, "Flow");
        Assert.Contains("class Flow(nn.Module):", torch, StringComparison.Ordinal);
        Assert.Contains("self.w_magnitude = Magnitude(", torch, StringComparison.Ordinal);
        Assert.Contains("def residuals(self, x, y):", torch, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PythonExporter.PyTorch(model, "not a name"));
        string numpy = PythonExporter.NumPy(model);
        Assert.DoesNotContain("import torch", numpy, StringComparison.Ordinal);
        foreach (double p in model.Parameters.Take(50))
            Assert.Equal(p, double.Parse(PythonExporter.Literal(p).Trim('(', ')'), CultureInfo.InvariantCulture));
        Assert.Equal("-0.0", PythonExporter.Literal(-0.0).Trim('(', ')'));
        Assert.Equal("3.0", PythonExporter.Literal(3));
    }

    [GeneratedRegex("```python\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
