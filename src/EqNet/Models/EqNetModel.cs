using EqNet.Problems;
using EqNet.Scaling;

namespace EqNet.Models;

/// <summary>
/// A trained model: raw inputs -> features -> network -> outputs. It predicts from the inputs alone; the problem's
/// equations are kept only to describe the model and to evaluate it. With <see cref="Computed"/>, the network predicts
/// the learned (torn) outputs and the others are computed from their equations after it, from compiled expressions.
/// </summary>
public sealed class EqNetModel : IPredictor
{
    /// <summary>Creates a model from its parts; <paramref name="computed"/>, when given, computes the outputs the network does not predict.</summary>
    /// <exception cref="ArgumentException">The parameters do not fit the network, or the computed outputs' learned ones are not the network's.</exception>
    public EqNetModel(Problem problem, FeatureMap features, MagnitudeShapeNetwork network, double[] parameters, ComputedOutputs? computed = null)
    {
        if (computed is not null && !computed.Learned.SequenceEqual(network.Heads.Select(h => h.Name), StringComparer.Ordinal))
            throw new ArgumentException($"the network's outputs ({string.Join(", ", network.Heads.Select(h => h.Name))}) are not the learned ones ({string.Join(", ", computed.Learned)})", nameof(computed));
        if (parameters.Length != network.ParameterCount)
            throw new ArgumentException($"network needs {network.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Problem = problem;
        Features = features;
        Network = network;
        Parameters = parameters;
        Computed = computed;
    }

    /// <summary>The outputs computed from equations after the network's (tearing), or null when the network predicts every output.</summary>
    public ComputedOutputs? Computed { get; }

    /// <summary>How output <paramref name="name"/> is produced: "network", or the equation it is computed from.</summary>
    public string Describe(string name) => Computed?.Describe(name) ?? "network";

    /// <summary>The problem the model was trained on.</summary>
    public Problem Problem { get; }

    /// <summary>Input scaling.</summary>
    public FeatureMap Features { get; }

    /// <summary>The network.</summary>
    public MagnitudeShapeNetwork Network { get; }

    /// <summary>The network's parameters.</summary>
    public double[] Parameters { get; }

    /// <summary>Input names, in order.</summary>
    public IReadOnlyList<string> InputNames => Features.InputNames;

    /// <summary>Output names, in order.</summary>
    public IReadOnlyList<string> OutputNames => Computed?.Outputs ?? Network.Heads.Select(h => h.Name).ToArray();

    /// <summary>Number of outputs (the network's, plus the computed ones).</summary>
    public int OutputCount => Computed?.Outputs.Count ?? Network.OutputCount;

    /// <summary>
    /// Predicts outputs (row-major count x outputs) for raw inputs (row-major count x inputs), a block of rows at a time
    /// (<see cref="MagnitudeShapeNetwork.Predict"/>: the same result whatever the threads, the exported C# file's exactly).
    /// </summary>
    public void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs, int threads = 0)
    {
        var features = Features.Compute(inputs, count);
        if (Computed is null)
        {
            Network.Predict(Parameters, features, count, outputs, threads);
            return;
        }
        var learned = new double[count * Network.OutputCount];
        Network.Predict(Parameters, features, count, learned, threads);
        Computed.Evaluate(inputs, learned, count, outputs);
    }

    /// <summary>Predicts outputs into a new array.</summary>
    public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
    {
        var outputs = new double[count * OutputCount];
        Predict(inputs, count, outputs, threads);
        return outputs;
    }
}
