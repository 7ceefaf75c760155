using EqNet.Optimization;

namespace EqNet.Models;

public sealed partial class MagnitudeShapeNetwork
{
    /// <summary>
    /// How far below the first log-sum-exp unit the others start (in log units) after <see cref="StartMagnitudeLinear"/>:
    /// e^-10 keeps them out of the value (a constant, taken out of the bias) but leaves them a gradient to join in with.
    /// </summary>
    private const double DormantUnitGap = 10;

    /// <summary>
    /// Starts magnitude <paramref name="index"/> from the linear least-squares fit of its targets on its features: the
    /// first log-sum-exp unit takes the fit, the others the same unit shifted <see cref="DormantUnitGap"/> below it, the
    /// rest of the magnitude as initialised. With log features a linear function is a product of powers, so a magnitude
    /// that is one (the seed's parts, Arrhenius' log) starts exact instead of waiting for a lucky random start.
    /// </summary>
    /// <param name="index">An entry of <see cref="MagnitudeParameterRanges"/>.</param>
    /// <param name="parameters">All parameters; the magnitude's units are overwritten.</param>
    /// <param name="features">Row-major count x <see cref="FeatureCount"/>.</param>
    /// <param name="count">Number of points.</param>
    /// <param name="targets">The magnitude's target per point; NaN where it has none (left out).</param>
    /// <param name="teacher">Reference outputs (count x outputs) for outputs that see other outputs.</param>
    /// <returns>False (parameters unchanged) when fewer finite targets than unknowns or a singular fit.</returns>
    public bool StartMagnitudeLinear(int index, double[] parameters, double[] features, int count, double[] targets, double[] teacher)
    {
        var (output, part) = _magnitudes[index];
        var units = part.Units;
        int d = units.FeatureCount, stride = d + 1, offset = part.Offset + part.Net.ParameterCount;
        var saved = parameters.AsSpan(offset, units.ParameterCount).ToArray();
        // Units flat and equal: their log-sum-exp is the constant log(K), so the magnitude without them is m - log(K).
        parameters.AsSpan(offset, units.ParameterCount).Clear();
        var rest = new double[count];
        EvaluateMagnitude(index, parameters, features, count, rest, default, 1, teacher);
        double flat = Math.Log(units.UnitCount);

        var fit = new RidgeLeastSquares(stride);
        var scratch = new Scratch(this);
        var row = new double[stride];
        for (int i = 0; i < count; i++)
        {
            if (!double.IsFinite(targets[i])) continue;
            var u = features.AsSpan(i * FeatureCount, FeatureCount);
            var known = teacher.Length > 0 ? teacher.AsSpan(i * OutputCount, OutputCount) : default;
            Extend(output, u, known, parameters, scratch)[..d].CopyTo(row);
            row[d] = 1;
            fit.Add(row, targets[i] - (rest[i] - flat));
        }
        if (fit.Solve() is not { } rhs)
        {
            saved.CopyTo(parameters.AsSpan(offset));
            return false;
        }
        double spread = Math.Log(1 + (units.UnitCount - 1) * Math.Exp(-DormantUnitGap));
        for (int k = 0; k < units.UnitCount; k++)
        {
            var unit = parameters.AsSpan(offset + k * stride, stride);
            rhs.AsSpan(0, d).CopyTo(unit);
            unit[d] = rhs[d] - spread - (k == 0 ? 0 : DormantUnitGap);
        }
        return true;
    }
}
