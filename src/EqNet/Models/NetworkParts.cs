namespace EqNet.Models;

/// <summary>
/// Builds a network from outputs of other networks: each output's parameters are a contiguous range of its network's
/// (its learned scales, magnitudes and shape), independent of the other outputs', so outputs can be taken apart and put
/// together. Used for a problem whose outputs come partly from equations and partly from data alone.
/// </summary>
internal static class NetworkParts
{
    /// <summary>
    /// The network of <paramref name="picks"/>' outputs, in that order, with their parameters. The source networks must
    /// share features, hidden widths, log-sum-exp units, power terms and whether scales are learned; an output an
    /// output sees (upstream) must be picked too, from the same network.
    /// </summary>
    /// <exception cref="ArgumentException">The networks differ in their shared settings, or an upstream output is not picked.</exception>
    public static (MagnitudeShapeNetwork Network, double[] Parameters) Compose(IReadOnlyList<(MagnitudeShapeNetwork Network, double[] Parameters, int Output)> picks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(picks.Count);
        var first = picks[0].Network;
        foreach (var (net, _, _) in picks)
            if (net.FeatureCount != first.FeatureCount || !net.Hidden.SequenceEqual(first.Hidden) || net.LogSumExpUnitCount != first.LogSumExpUnitCount
                || net.PowerTermCount != first.PowerTermCount || net.LearnedScales != first.LearnedScales)
                throw new ArgumentException("the networks must share features, hidden widths, units, power terms and learned scales", nameof(picks));
        int IndexOf(MagnitudeShapeNetwork net, int output)
        {
            for (int i = 0; i < picks.Count; i++)
                if (ReferenceEquals(picks[i].Network, net) && picks[i].Output == output) return i;
            throw new ArgumentException($"output {output} feeds a picked output but is not picked itself", nameof(picks));
        }
        var network = new MagnitudeShapeNetwork(first.FeatureCount, first.Hidden, first.LogSumExpUnitCount, first.PowerTermCount,
            [.. picks.Select(p => p.Network.Heads[p.Output])],
            [.. picks.Select(p => (IReadOnlyList<UpstreamFeature>)[.. p.Network.Upstream[p.Output].Select(u => u with { Output = IndexOf(p.Network, u.Output) })])],
            [.. picks.Select(p => p.Network.DenominatorUnitCounts[p.Output])],
            [.. picks.Select(p => p.Network.FeatureSubsets[p.Output])],
            first.LearnedScales);
        var parameters = new double[network.ParameterCount];
        for (int i = 0; i < picks.Count; i++)
        {
            var (from, length) = picks[i].Network.OutputParameterRange(picks[i].Output);
            var (to, room) = network.OutputParameterRange(i);
            if (room != length) throw new InvalidOperationException($"output {i}: {length} parameters do not fit {room}");
            picks[i].Parameters.AsSpan(from, length).CopyTo(parameters.AsSpan(to, length));
        }
        return (network, parameters);
    }
}
