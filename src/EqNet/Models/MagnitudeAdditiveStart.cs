using EqNet.Optimization;

namespace EqNet.Models;

public sealed partial class MagnitudeShapeNetwork
{
    /// <summary>
    /// Starts magnitude <paramref name="index"/> as a sum of the given terms: unit k takes the weighted linear
    /// least-squares fit of log |term k| on its own features, the MLP's last layer and the power terms start at zero, so
    /// m = log(sum of the units) and, where each term is a power law of its features, m is the sum's log from the first
    /// step. Units without a term start <see cref="DormantUnitGap"/> below the lowest fitted one.
    /// </summary>
    /// <param name="index">An entry of <see cref="MagnitudeParameterRanges"/>; its output sees no other outputs.</param>
    /// <param name="parameters">All parameters; the magnitude's MLP last layer, units and power terms are overwritten.</param>
    /// <param name="features">Row-major count x <see cref="FeatureCount"/>.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="terms">
    /// Per unit (at most <see cref="LogSumExpUnitCount"/>): the features it reads, log |term| per point (NaN: left out)
    /// and the point's weight, the term's share of the sum there: an error d in the unit moves m by share x d, so a
    /// point where the term is negligible (an input near 0, below the floor of its log feature) does not bend the fit.
    /// </param>
    /// <returns>False (parameters unchanged) when a unit's fit is singular or has fewer points than unknowns.</returns>
    public bool StartMagnitudeAdditive(int index, double[] parameters, double[] features, int count,
        IReadOnlyList<(int[] Features, double[] LogTerm, double[] Share)> terms)
    {
        var (_, part) = _magnitudes[index];
        var units = part.Units;
        int d = units.FeatureCount, stride = d + 1, offset = part.Offset + part.Net.ParameterCount;
        if (d != FeatureCount || terms.Count > units.UnitCount) return false;
        var fitted = new double[terms.Count][];
        for (int k = 0; k < terms.Count; k++)
        {
            if (FitUnit(features, count, terms[k].Features, terms[k].LogTerm, terms[k].Share) is not { } fit) return false;
            fitted[k] = fit;
        }

        // The MLP's last layer (weights and bias, after them any linear-skip weights) at zero: it adds nothing until the fit moves it.
        var net = part.Net;
        int last = net.Hidden.Count > 0 ? net.Hidden[^1] : net.InputCount;
        int end = part.Offset + net.ParameterCount - (net.LinearSkip ? net.InputCount : 0);
        parameters.AsSpan(end - (last + 1), last + 1).Clear();
        int powerTerms = offset + units.ParameterCount;
        for (int k = 0; k < part.Terms.TermCount; k++) parameters[powerTerms + k * stride + d] = 0;

        double lowest = double.PositiveInfinity;
        for (int k = 0; k < units.UnitCount; k++)
        {
            var unit = parameters.AsSpan(offset + k * stride, stride);
            unit.Clear();
            if (k >= terms.Count) continue;
            var w = fitted[k];
            for (int a = 0; a < terms[k].Features.Length; a++) unit[terms[k].Features[a]] = w[a];
            unit[d] = w[^1];
            lowest = Math.Min(lowest, w[^1]);
        }
        for (int k = terms.Count; k < units.UnitCount; k++) parameters[offset + k * stride + d] = lowest - DormantUnitGap;
        return true;
    }

    /// <summary>Weighted least squares of <paramref name="target"/> on the columns <paramref name="columns"/> and a constant (last); null if singular.</summary>
    private double[]? FitUnit(double[] features, int count, int[] columns, double[] target, double[] weight)
    {
        var fit = new RidgeLeastSquares(columns.Length + 1);
        var row = new double[columns.Length + 1];
        for (int i = 0; i < count; i++)
        {
            double w = weight[i] * weight[i];
            if (!double.IsFinite(target[i]) || !(w > 0)) continue;
            for (int a = 0; a < columns.Length; a++) row[a] = features[i * FeatureCount + columns[a]];
            row[^1] = 1;
            fit.Add(row, target[i], w);
        }
        return fit.Solve();
    }
}
