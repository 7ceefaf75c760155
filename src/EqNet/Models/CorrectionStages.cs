namespace EqNet.Models;

/// <summary>
/// Correction stages on top of a network's prediction (Wang and Lai, "Multi-stage neural networks: function approximator
/// of machine precision", J. Comput. Phys. 2024, arXiv 2307.08934): stage k is a small tanh network per output fitted to
/// what the network and the stages before it still miss, divided by that error's size, so each stage learns a function
/// of order 1. Output j is predicted as
/// <c>y_j = n_j + w_j (e_1j N_1j(u) + e_2j N_2j(u) + ...)</c>, where n_j is the network's output, u the model's
/// features, e_kj the size of the error stage k was fitted to, and <c>w_j = sqrt(n_j^2 + f_j^2)</c> makes the
/// correction relative to the output's size (floor f_j where the output crosses zero).
/// </summary>
/// <remarks>
/// Each stage network is evaluated unit by unit as bias + (sum of weight x activation in input order), with EqNet's
/// tanh (<see cref="VectorTanh.Scalar"/>): the order the exported C# file repeats, so its results are these to the bit.
/// </remarks>
public sealed class CorrectionStages
{
    /// <summary>Creates the stages.</summary>
    /// <param name="featureCount">Features each stage network reads (the model's features).</param>
    /// <param name="floors">Per output, the floor f_j of the weight w_j (0 or more; in the output's units).</param>
    /// <param name="stages">The stages in the order they were fitted.</param>
    /// <exception cref="ArgumentException">A stage's sizes do not match the features or the outputs, or a value is not finite.</exception>
    public CorrectionStages(int featureCount, IReadOnlyList<double> floors, IReadOnlyList<CorrectionStage> stages)
    {
        ArgumentNullException.ThrowIfNull(floors);
        ArgumentNullException.ThrowIfNull(stages);
        if (floors.Any(f => !(f >= 0) || !double.IsFinite(f))) throw new ArgumentException("a correction floor is negative or not finite", nameof(floors));
        foreach (var stage in stages)
            if (stage.Network.InputCount != featureCount || stage.Scales.Count != floors.Count)
                throw new ArgumentException($"a correction stage reads {stage.Network.InputCount} features for {stage.Scales.Count} outputs; the model has {featureCount} and {floors.Count}", nameof(stages));
        FeatureCount = featureCount;
        Floors = floors.ToArray();
        Stages = stages.ToArray();
    }

    /// <summary>Features each stage network reads.</summary>
    public int FeatureCount { get; }

    /// <summary>Per output, the floor of the weight <c>w_j = sqrt(n_j^2 + f_j^2)</c>.</summary>
    public IReadOnlyList<double> Floors { get; }

    /// <summary>The stages, in the order they were fitted.</summary>
    public IReadOnlyList<CorrectionStage> Stages { get; }

    /// <summary>Number of stages.</summary>
    public int Count => Stages.Count;

    /// <summary>These stages and one more.</summary>
    public CorrectionStages With(CorrectionStage stage) => new(FeatureCount, Floors, [.. Stages, stage]);

    /// <summary>
    /// Adds the corrections to <paramref name="outputs"/> (row-major count x outputs, the network's predictions on entry)
    /// from the features (row-major count x <see cref="FeatureCount"/>).
    /// </summary>
    public void Apply(ReadOnlySpan<double> features, int count, Span<double> outputs)
    {
        int o = Floors.Count, d = FeatureCount;
        int widest = Stages.Count == 0 ? 1 : Stages.Max(s => s.Network.Hidden.DefaultIfEmpty(1).Max());
        Span<double> a = stackalloc double[Math.Max(widest, d)], b = stackalloc double[Math.Max(widest, d)];
        for (int i = 0; i < count; i++)
        {
            var u = features.Slice(i * d, d);
            for (int j = 0; j < o; j++)
            {
                double sum = 0;
                foreach (var stage in Stages)
                    if (stage.Scales[j] != 0) sum += stage.Scales[j] * stage.Evaluate(j, u, a, b);
                if (sum == 0) continue;
                double y = outputs[i * o + j];
                outputs[i * o + j] = y + Weight(y, Floors[j]) * sum;
            }
        }
    }

    /// <summary>The weight <c>sqrt(y^2 + f^2)</c> that makes a correction relative to the output's size.</summary>
    public static double Weight(double y, double floor) => Math.Sqrt(y * y + floor * floor);

    /// <summary>"network + 2 correction stages" and the like: what predicts the outputs.</summary>
    public static string Describe(CorrectionStages? stages) => stages is not { Count: > 0 } ? "network"
        : $"network + {stages.Count} correction stage{(stages.Count == 1 ? "" : "s")}";
}

/// <summary>
/// One correction stage: per output a tanh network with one output over the model's features, and the size of the error
/// it was fitted to (0: that output has no correction in this stage).
/// </summary>
public sealed class CorrectionStage
{
    /// <summary>Creates a stage.</summary>
    /// <param name="featureCount">Features the networks read.</param>
    /// <param name="hidden">Hidden widths of every output's network.</param>
    /// <param name="scales">Per output, the error size e_kj the network's output is multiplied by.</param>
    /// <param name="parameters">The networks' parameters, output after output (each <see cref="DenseNetwork"/>'s layout).</param>
    /// <exception cref="ArgumentException">The parameter count is not outputs x one network's, or a value is not finite.</exception>
    public CorrectionStage(int featureCount, IReadOnlyList<int> hidden, IReadOnlyList<double> scales, double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(parameters);
        Network = new DenseNetwork(featureCount, hidden);
        if (parameters.Length != scales.Count * Network.ParameterCount)
            throw new ArgumentException($"a correction stage of {scales.Count} outputs needs {scales.Count * Network.ParameterCount} parameters, not {parameters.Length}", nameof(parameters));
        if (parameters.Any(p => !double.IsFinite(p)) || scales.Any(s => !double.IsFinite(s)))
            throw new ArgumentException("a correction stage holds a value that is not finite", nameof(parameters));
        Scales = scales.ToArray();
        Parameters = parameters;
    }

    /// <summary>The shape every output's network has (inputs: the model's features; one linear output).</summary>
    public DenseNetwork Network { get; }

    /// <summary>Per output, the size of the error its network was fitted to.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>All outputs' network parameters, output after output.</summary>
    public double[] Parameters { get; }

    /// <summary>Output <paramref name="output"/>'s network parameters.</summary>
    public ReadOnlySpan<double> ParametersOf(int output) => Parameters.AsSpan(output * Network.ParameterCount, Network.ParameterCount);

    /// <summary>
    /// Output <paramref name="output"/>'s network at features <paramref name="u"/>, summed in input order from the bias
    /// (<paramref name="a"/> and <paramref name="b"/>: scratch of the widest layer).
    /// </summary>
    public double Evaluate(int output, ReadOnlySpan<double> u, Span<double> a, Span<double> b)
    {
        var p = ParametersOf(output);
        u.CopyTo(a);
        int fanIn = u.Length, offset = 0;
        var widths = Network.Hidden;
        for (int l = 0; l <= widths.Count; l++)
        {
            bool last = l == widths.Count;
            int width = last ? 1 : widths[l];
            for (int k = 0; k < width; k++)
            {
                double dot = 0;
                int row = offset + k * fanIn;
                for (int i = 0; i < fanIn; i++) dot += p[row + i] * a[i];
                double s = p[offset + width * fanIn + k] + dot;
                b[k] = last ? s : VectorTanh.Scalar(s);
            }
            offset += width * fanIn + width;
            var swap = a; a = b; b = swap;
            fanIn = width;
        }
        return a[0];
    }
}
