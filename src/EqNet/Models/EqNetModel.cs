using EqNet.Features;
using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Models;

/// <summary>
/// A trained model: raw inputs -> features -> network -> outputs. It predicts from the inputs alone; the problem's
/// equations are kept only to describe the model and to evaluate it. With <see cref="Computed"/>, the network predicts
/// the learned (torn) outputs and the others are computed from their equations after it, from compiled expressions.
/// </summary>
public sealed class EqNetModel : IPredictor
{
    /// <summary>Creates a model from its parts; <paramref name="computed"/>, when given, computes the outputs the network does not predict.</summary>
    /// <param name="problem">The problem it is for.</param>
    /// <param name="features">Input scaling.</param>
    /// <param name="network">The network.</param>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="computed">The outputs computed from equations after the network's, or null.</param>
    /// <param name="structure">
    /// How each of the network's outputs is produced, in the network's order, as the design chose it; null: read from the
    /// heads (<see cref="StructureOfHeads"/>). The computed outputs' structure comes from <paramref name="computed"/>.
    /// </param>
    /// <exception cref="ArgumentException">The parameters do not fit the network, the computed outputs' learned ones are not the network's, or the structure does not name the network's outputs.</exception>
    public EqNetModel(Problem problem, FeatureMap features, MagnitudeShapeNetwork network, double[] parameters, ComputedOutputs? computed = null,
        IReadOnlyList<OutputStructure>? structure = null)
    {
        if (structure is not null && !structure.Select(s => s.Output).SequenceEqual(network.Heads.Select(h => h.Name)))
            throw new ArgumentException("the structure must name the network's outputs, in order", nameof(structure));
        if (computed is not null && !computed.Learned.SequenceEqual(network.Heads.Select(h => h.Name), StringComparer.Ordinal))
            throw new ArgumentException($"the network's outputs ({string.Join(", ", network.Heads.Select(h => h.Name))}) are not the learned ones ({string.Join(", ", computed.Learned)})", nameof(computed));
        if (parameters.Length != network.ParameterCount)
            throw new ArgumentException($"network needs {network.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        Problem = problem;
        Features = features;
        Network = network;
        Parameters = parameters;
        Computed = computed;
        NetworkStructure = structure ?? StructureOfHeads(problem, features, network);
        _structure = OutputNames.Select(name => computed?.Structure(name) ?? NetworkStructure.First(s => s.Output == name)).ToArray();
    }

    /// <summary>The model this one was grown from (<c>eqnet train --from</c>), or null.</summary>
    public ModelOrigin? GrownFrom { get; init; }

    private readonly OutputStructure[] _structure;

    /// <summary><see cref="Structure"/> with the refinement stated, made on first use (the refinement is set after construction).</summary>
    private OutputStructure[]? _refinedStructure;

    /// <summary>How each output is produced, in <see cref="OutputNames"/> order (the network's outputs say so when <see cref="Refinement"/> refines them).</summary>
    public IReadOnlyList<OutputStructure> Structure => Refinement is null ? _structure
        : _refinedStructure ??= [.. _structure.Select(s => s.Kind == OutputStructureKind.ComputedFromEquation ? s : s with { Refinement = Refinement.Text })];

    /// <summary>
    /// Newton steps on the equations from the network's outputs (<see cref="NewtonRefinement"/>), applied before the
    /// computed outputs; null: the network's values are the outputs.
    /// </summary>
    public NewtonRefinement? Refinement { get; init; }

    /// <summary>This model with <paramref name="refinement"/> (null: none) after its network.</summary>
    /// <exception cref="ArgumentException">The steps solve for other outputs than the network's.</exception>
    public EqNetModel WithRefinement(NewtonRefinement? refinement)
    {
        if (refinement == Refinement) return this;
        if (refinement is not null && !refinement.System.OutputNames.SequenceEqual(Network.Heads.Select(h => h.Name), StringComparer.Ordinal))
            throw new ArgumentException($"the Newton steps solve for {string.Join(", ", refinement.System.OutputNames)}, not the network's outputs {string.Join(", ", Network.Heads.Select(h => h.Name))}", nameof(refinement));
        return With(Computed, NetworkStructure, refinement);
    }

    /// <summary>
    /// This model with at most <paramref name="steps"/> Newton steps after its network on the equations its network's
    /// outputs must satisfy (0: none), whatever training chose: to polish a model or to take the network alone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public EqNetModel WithNewtonSteps(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return steps == 0 ? WithoutRefinement() : WithRefinement(new NewtonRefinement(Problem, Computed, steps, $"{steps} step{(steps == 1 ? "" : "s")} asked for after training"));
    }

    /// <summary>This model without its <see cref="Refinement"/>: the network (and correction stages) alone, to measure what the steps add.</summary>
    public EqNetModel WithoutRefinement() => Refinement is null ? this : With(Computed, NetworkStructure, null);

    /// <summary>How each of the network's outputs is produced, in the network's order.</summary>
    public IReadOnlyList<OutputStructure> NetworkStructure { get; }

    /// <summary>The outputs computed from equations after the network's (tearing), or null when the network predicts every output.</summary>
    public ComputedOutputs? Computed { get; }

    /// <summary>How output <paramref name="name"/> is produced, in words (<see cref="OutputStructure.Describe"/>).</summary>
    public string Describe(string name) => Structure.First(s => s.Output == name).Describe();

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

    /// <summary>What predicts the outputs: "network", "network + 2 correction stages", "network + up to 2 Newton steps on equation 1".</summary>
    public string Kind => CorrectionStages.Describe(Corrections) + (Refinement is { } r ? $" + {r.Text}" : "");

    /// <summary>Input names, in order.</summary>
    public IReadOnlyList<string> InputNames => Features.InputNames;

    /// <summary>Output names, in order.</summary>
    public IReadOnlyList<string> OutputNames => Computed?.Outputs ?? Network.Heads.Select(h => h.Name).ToArray();

    /// <summary>Number of outputs (the network's, plus the computed ones).</summary>
    public int OutputCount => Computed?.Outputs.Count ?? Network.OutputCount;

    /// <summary>This model with each output's <see cref="OutputStructure.NetworkShare"/> measured at <paramref name="inputs"/> (row-major count x inputs).</summary>
    /// <remarks>
    /// For an output that is a factor or closed form u times what the network learns, the share is the variance of
    /// y - k u over that of y, k the least-squares scale: 0 when the network adds only a constant, 1 when u explains
    /// nothing. Other outputs are the network's alone and keep no share.
    /// </remarks>
    public EqNetModel WithMeasuredStructure(ReadOnlySpan<double> inputs, int count)
    {
        var predicted = Predict(inputs, count);
        var features = Features.Compute(inputs, count);
        int o = OutputCount, f = Features.Count;
        var structure = NetworkStructure.Select((s, j) =>
        {
            var head = Network.Heads[j];
            int at = OutputNames.ToList().IndexOf(head.Name);
            if (head.Kind != OutputHeadKind.SignedFactor || s.Kind is not (OutputStructureKind.FactorTimesNetwork or OutputStructureKind.ClosedFormTimesCorrection))
                return s with { NetworkShare = null };
            double yu = 0, uu = 0, sum = 0;
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                double y = predicted[i * o + at], u = features[i * f + head.Factor];
                if (!double.IsFinite(y) || !double.IsFinite(u)) continue;
                (yu, uu, sum, n) = (yu + y * u, uu + u * u, sum + y, n + 1);
            }
            if (n < 2 || uu == 0) return s with { NetworkShare = null };
            double k = yu / uu, mean = sum / n, rest = 0, total = 0;
            for (int i = 0; i < count; i++)
            {
                double y = predicted[i * o + at], u = features[i * f + head.Factor];
                if (!double.IsFinite(y) || !double.IsFinite(u)) continue;
                (rest, total) = (rest + (y - k * u) * (y - k * u), total + (y - mean) * (y - mean));
            }
            return s with { NetworkShare = total > 0 ? Math.Min(1, rest / total) : null };
        }).ToArray();
        return With(Computed, structure, Refinement);
    }

    /// <summary>This model's network, features, origin and correction stages with the given computed outputs, structure and refinement.</summary>
    private EqNetModel With(ComputedOutputs? computed, IReadOnlyList<OutputStructure> structure, NewtonRefinement? refinement) =>
        new(Problem, Features, Network, Parameters, computed, structure) { GrownFrom = GrownFrom, Corrections = Corrections, Refinement = refinement };

    /// <summary>
    /// The structure a model's heads imply, for files written before models stated it: a factor head is a closed form
    /// for an output no equation defines outright, else a factor of its definition; the other heads are the network's.
    /// </summary>
    public static IReadOnlyList<OutputStructure> StructureOfHeads(Problem problem, FeatureMap features, MagnitudeShapeNetwork network)
    {
        var definitions = new ExplicitDefinitions(problem);
        return network.Heads.Select(h =>
        {
            int output = problem.OutputNames.ToList().IndexOf(h.Name);
            int[] defining = output >= 0 && definitions.DefiningEquation(output) is { } k ? [k + 1] : [];
            return h.Kind switch
            {
                OutputHeadKind.SignedFactor when defining.Length > 0 => new OutputStructure(h.Name, OutputStructureKind.FactorTimesNetwork,
                    "sign-changing factor of its definition", defining, features.Features[h.Factor].Bound),
                OutputHeadKind.SignedFactor => new OutputStructure(h.Name, OutputStructureKind.ClosedFormTimesCorrection, "closed form", [], features.Features[h.Factor].Bound),
                OutputHeadKind.Difference => OutputStructure.Network(h.Name, "difference of its positive and negative terms", defining),
                OutputHeadKind.Envelope => OutputStructure.Network(h.Name, "envelope of its periodic factors", defining),
                OutputHeadKind.Affine => OutputStructure.Network(h.Name, "affine head over the spread of its solutions"),
                OutputHeadKind.Free => OutputStructure.Network(h.Name),
                _ => OutputStructure.Network(h.Name, "declared bounds"),
            };
        }).ToArray();
    }

    /// <summary>
    /// Predicts outputs (row-major count x outputs) for raw inputs (row-major count x inputs), a block of rows at a time
    /// (<see cref="MagnitudeShapeNetwork.Predict"/>: the same result whatever the threads, the exported C# file's exactly).
    /// </summary>
    public void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs, int threads = 0)
    {
        int length = count * Features.Count;
        // A point or a few on the stack: the per-point path allocates nothing.
        Span<double> features = length <= 256 ? stackalloc double[length] : new double[length];
        Features.Compute(inputs, count, features);
        if (Computed is null)
        {
            PredictFromFeatures(features, count, outputs, threads);
            Refinement?.Apply(inputs, count, outputs, threads);
            return;
        }
        var learned = new double[count * Network.OutputCount];
        PredictFromFeatures(features, count, learned, threads);
        Refinement?.Apply(inputs, count, learned, threads);
        Computed.Evaluate(inputs, learned, count, outputs);
    }

    /// <summary>
    /// The network's outputs (row-major count x <see cref="MagnitudeShapeNetwork.OutputCount"/>) from features (row-major
    /// count x <see cref="FeatureMap.Count"/>): the network, then the correction stages; without the computed outputs.
    /// </summary>
    public void PredictFromFeatures(ReadOnlySpan<double> features, int count, Span<double> outputs, int threads = 0)
    {
        Network.Predict(Parameters, features, count, outputs, threads);
        Corrections?.Apply(features, count, outputs);
    }

    /// <summary>Predicts outputs into a new array.</summary>
    public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
    {
        var outputs = new double[count * OutputCount];
        Predict(inputs, count, outputs, threads);
        return outputs;
    }
}

/// <summary>What a grown model was trained from (<c>eqnet train PROBLEM --from MODEL</c>).</summary>
/// <param name="Problem">The old model's problem name.</param>
/// <param name="Source">The old model's file, as given.</param>
/// <param name="Checksum">"sha256:" and the hex SHA-256 of that file's bytes.</param>
/// <param name="Kept">The outputs whose trained parts were kept.</param>
/// <param name="FineTuned">Whether the kept parts trained further (else they are the old model's, frozen).</param>
public sealed record ModelOrigin(string Problem, string Source, string Checksum, IReadOnlyList<string> Kept, bool FineTuned);
