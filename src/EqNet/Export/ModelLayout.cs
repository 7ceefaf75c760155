using EqNet.Models;

namespace EqNet.Export;

/// <summary>One dense layer of an MLP: weights (outputs x inputs, row-major) at <paramref name="Offset"/>, then the biases.</summary>
internal sealed record DenseLayer(int Offset, int Inputs, int Outputs, bool Tanh)
{
    public int BiasOffset => Offset + Inputs * Outputs;
}

/// <summary>Log-sum-exp units or power terms: per unit, <paramref name="Features"/> weights then one bias (or coefficient).</summary>
internal sealed record UnitsLayout(int Offset, int Units, int Features);

/// <summary>One magnitude m = MLP + LSE(units) + power terms - LSE(denominator units).</summary>
internal sealed record MagnitudeLayout(IReadOnlyList<DenseLayer> Mlp, UnitsLayout Units, UnitsLayout Terms, UnitsLayout? Denominator);

/// <summary>An upstream feature and the index of its learned log-scale parameter (null: the fixed scale).</summary>
internal sealed record UpstreamLayout(UpstreamFeature Feature, int? LogScaleParameter);

/// <summary>How one output is computed: which shared features it sees, then its upstream features, its parts and head.</summary>
internal sealed record OutputLayout(int Index, OutputHead Head, IReadOnlyList<int> Features, IReadOnlyList<UpstreamLayout> Upstream,
    MagnitudeLayout? Magnitude, MagnitudeLayout? Negative, IReadOnlyList<DenseLayer>? Shape)
{
    public int FeatureCount => Features.Count + Upstream.Count;

    /// <summary>Whether the output's own features are all the shared ones, in order (a grown model's kept output sees only the first of them).</summary>
    public bool SeesAllFeatures { get; init; }
}

/// <summary>
/// Where every parameter of a <see cref="MagnitudeShapeNetwork"/> sits and in which order the outputs are computed:
/// the layout its constructor builds, re-derived from its public shape so that exporters can write the same
/// arithmetic in another language. Checked against <see cref="MagnitudeShapeNetwork.ParameterCount"/> and the
/// magnitude ranges the network itself reports.
/// </summary>
internal sealed class ModelLayout
{
    private ModelLayout(IReadOnlyList<OutputLayout> outputs) => Outputs = outputs;

    /// <summary>The outputs in evaluation order: those that see no other output first, then the chained ones.</summary>
    public IReadOnlyList<OutputLayout> Outputs { get; }

    public static ModelLayout Of(MagnitudeShapeNetwork network)
    {
        var outputs = new OutputLayout[network.OutputCount];
        var magnitudeRanges = new List<(int, int)>();
        int offset = 0;
        for (int j = 0; j < network.OutputCount; j++)
        {
            var head = network.Heads[j];
            var upstream = network.Upstream[j];
            var features = network.FeatureSubsets[j] ?? Enumerable.Range(0, network.FeatureCount).ToArray();
            int featureCount = features.Count + upstream.Count;
            int scaleOffset = offset;
            var upstreamLayout = upstream.Select((f, k) => new UpstreamLayout(f, network.LearnedScales ? scaleOffset + k : null)).ToArray();
            if (network.LearnedScales) offset += upstream.Count;
            MagnitudeLayout? magnitude = null, negative = null;
            IReadOnlyList<DenseLayer>? shape = null;
            if (head.HasMagnitude)
            {
                // The learned scales belong to the (first) magnitude's range, as the network reports it.
                magnitude = Magnitude(network, featureCount, j, ref offset);
                magnitudeRanges.Add((scaleOffset, offset - scaleOffset));
            }
            if (head.HasNegativeMagnitude)
            {
                int start = offset;
                negative = Magnitude(network, featureCount, j, ref offset);
                magnitudeRanges.Add((start, offset - start));
            }
            if (head.HasShape)
            {
                shape = Mlp(featureCount, network.Hidden, ref offset);
                // An envelope head's shape has a linear term: its weights follow the last bias (DenseNetwork's layout).
                if (head.Kind == OutputHeadKind.Envelope) offset += featureCount;
            }
            outputs[j] = new OutputLayout(j, head, features, upstreamLayout, magnitude, negative, shape)
            {
                SeesAllFeatures = features.Count == network.FeatureCount && features.Select((f, k) => f == k).All(x => x),
            };
        }
        if (offset != network.ParameterCount || !magnitudeRanges.SequenceEqual(network.MagnitudeParameterRanges.Select(r => (r.Offset, r.Length))))
            throw new InvalidOperationException($"the exporter's parameter layout ({offset} parameters) does not match the network's ({network.ParameterCount})");
        var order = outputs.OrderBy(o => o.Upstream.Count > 0 ? 1 : 0).ThenBy(o => o.Index).ToArray();
        return new ModelLayout(order);
    }

    private static MagnitudeLayout Magnitude(MagnitudeShapeNetwork network, int featureCount, int output, ref int offset)
    {
        var mlp = Mlp(featureCount, network.Hidden, ref offset);
        var units = new UnitsLayout(offset, network.LogSumExpUnitCount, featureCount);
        offset += units.Units * (featureCount + 1);
        var terms = new UnitsLayout(offset, network.PowerTermCount, featureCount);
        offset += terms.Units * (featureCount + 1);
        UnitsLayout? denominator = null;
        if (network.DenominatorUnitCounts[output] > 0)
        {
            denominator = new UnitsLayout(offset, network.DenominatorUnitCounts[output], featureCount);
            offset += denominator.Units * (featureCount + 1);
        }
        return new MagnitudeLayout(mlp, units, terms, denominator);
    }

    /// <summary>The layers of an MLP inputs -> hidden -> 1 (tanh on the hidden layers) whose parameters start at <paramref name="offset"/>, advanced past them.</summary>
    internal static DenseLayer[] Mlp(int inputs, IReadOnlyList<int> hidden, ref int offset)
    {
        int[] sizes = [inputs, .. hidden, 1];
        var layers = new DenseLayer[sizes.Length - 1];
        for (int l = 1; l < sizes.Length; l++)
        {
            layers[l - 1] = new DenseLayer(offset, sizes[l - 1], sizes[l], Tanh: l < sizes.Length - 1);
            offset += sizes[l] * sizes[l - 1] + sizes[l];
        }
        return layers;
    }
}
