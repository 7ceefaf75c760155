using EqNet.Problems;
using EqNet.Scaling;

namespace EqNet.Models;

/// <summary>
/// A trained model: raw inputs -> features -> network -> outputs. It predicts from the inputs alone; the problem's
/// equations are kept only to describe the model and to evaluate it.
/// </summary>
public sealed class EqNetModel : IPredictor
{
    /// <summary>Creates a model from its parts.</summary>
    public EqNetModel(Problem problem, FeatureMap features, MagnitudeShapeNetwork network, double[] parameters)
    {
        if (parameters.Length != network.ParameterCount)
            throw new ArgumentException($"network needs {network.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Problem = problem;
        Features = features;
        Network = network;
        Parameters = parameters;
    }

    /// <summary>The problem the model was trained on.</summary>
    public Problem Problem { get; }

    /// <summary>Input scaling.</summary>
    public FeatureMap Features { get; }

    /// <summary>The network.</summary>
    public MagnitudeShapeNetwork Network { get; }

    /// <summary>The network's parameters.</summary>
    public double[] Parameters { get; }

    /// <summary>
    /// Correction stages fitted to what the network still misses (see <see cref="CorrectionStages"/>), or null: the
    /// network alone predicts.
    /// </summary>
    public CorrectionStages? Corrections { get; init; }

    /// <summary>What predicts the outputs: "network", or "network + 2 correction stages".</summary>
    public string Kind => CorrectionStages.Describe(Corrections);

    /// <summary>Input names, in order.</summary>
    public IReadOnlyList<string> InputNames => Features.InputNames;

    /// <summary>Output names, in order.</summary>
    public IReadOnlyList<string> OutputNames => Network.Heads.Select(h => h.Name).ToArray();

    /// <summary>
    /// Predicts outputs (row-major count x outputs) for raw inputs (row-major count x inputs), a block of rows at a time
    /// (<see cref="MagnitudeShapeNetwork.Predict"/>: the same result whatever the threads, the exported C# file's exactly).
    /// </summary>
    public void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs, int threads = 0)
    {
        var features = Features.Compute(inputs, count);
        PredictFromFeatures(features, count, outputs, threads);
    }

    /// <summary>Predicts outputs (row-major count x outputs) from features (row-major count x <see cref="FeatureMap.Count"/>): the network, then the correction stages.</summary>
    public void PredictFromFeatures(ReadOnlySpan<double> features, int count, Span<double> outputs, int threads = 0)
    {
        Network.Predict(Parameters, features, count, outputs, threads);
        Corrections?.Apply(features, count, outputs);
    }

    /// <summary>Predicts outputs into a new array.</summary>
    public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
    {
        var outputs = new double[count * Network.OutputCount];
        Predict(inputs, count, outputs, threads);
        return outputs;
    }
}
