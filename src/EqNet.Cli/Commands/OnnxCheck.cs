using EqNet.Models;
using EqNet.Sampling;
using Microsoft.ML.OnnxRuntime;

namespace EqNet.Cli.Commands;

/// <summary>
/// An exported ONNX graph run in ONNX Runtime beside EqNet's own prediction on the same points: what
/// <c>eqnet export --onnx</c> prints after writing a graph, and <c>eqnet bench predict</c>'s side-by-side comparison.
/// </summary>
internal static class OnnxCheck
{
    /// <summary>Rows per ONNX Runtime call: the batch a service would send; larger ones measured no faster.</summary>
    public const int BatchRows = 65_536;

    /// <summary>Points of the domain <c>eqnet export</c> checks a graph on: 10,000, as the export tests do.</summary>
    public const int Points = 10_000;

    /// <summary>Seed of those points, apart from training's and the held-out sample's.</summary>
    private const int PointSeed = 4242;

    /// <summary>
    /// The largest relative difference the float32 layers may leave. A model whose outputs are differences of
    /// parts that cancel exceeds it (docs/export.md): then the export says so instead of leaving it to be found.
    /// </summary>
    public const double Float32Tolerance = 1e-5;

    /// <summary>Runs <paramref name="session"/> (input 'inputs', output 'outputs') on row-major x (rows x inputs) into y (rows x outputs).</summary>
    public static void Run(InferenceSession session, double[] x, int rows, int inputs, int outputs, double[] y)
    {
        using var options = new RunOptions();
        for (int start = 0; start < rows; start += BatchRows)
        {
            int n = Math.Min(BatchRows, rows - start);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, x.AsMemory(start * inputs, n * inputs), [n, inputs]);
            using var results = session.Run(options, ["inputs"], [input], ["outputs"]);
            results[0].GetTensorDataAsSpan<double>().CopyTo(y.AsSpan(start * outputs, n * outputs));
        }
    }

    /// <summary>
    /// Largest |a - b| / |b| over every output (row-major, <paramref name="outputs"/> a row), and the same with |b| floored
    /// at 1e-3 of that output's largest |b|: near a zero of an output the plain ratio measures rounding, not the graph.
    /// </summary>
    public static (double Plain, double Floored) Difference(double[] actual, double[] expected, int outputs)
    {
        double plain = 0, floored = 0;
        for (int j = 0; j < outputs; j++)
        {
            double largest = 0;
            for (int k = j; k < expected.Length; k += outputs) largest = Math.Max(largest, Math.Abs(expected[k]));
            for (int k = j; k < expected.Length; k += outputs)
            {
                double d = Math.Abs(actual[k] - expected[k]);
                if (d == 0) continue;
                plain = Math.Max(plain, d / Math.Abs(expected[k]));
                floored = Math.Max(floored, d / Math.Max(Math.Abs(expected[k]), 1e-3 * largest));
            }
        }
        return (plain, floored);
    }

    /// <summary>
    /// Runs the graph <paramref name="onnx"/> in ONNX Runtime and <paramref name="model"/> on <see cref="Points"/> points of
    /// the model's domain (dependent bounds included); returns <see cref="Difference"/>'s floored figure.
    /// </summary>
    public static double Agreement(byte[] onnx, IPredictor model)
    {
        int d = model.InputNames.Count, o = model.OutputNames.Count;
        var x = new DomainSampler(model.Problem, probeCount: 0).Sample(Points, PointSeed);
        var expected = model.Predict(x, Points);
        var actual = new double[expected.Length];
        using (var session = new InferenceSession(onnx)) Run(session, x, Points, d, o, actual);
        return Difference(actual, expected, o).Floored;
    }
}
