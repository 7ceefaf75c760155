namespace EqNet.Models;

/// <summary>
/// log(sum_k exp(w_k . u + b_k)): the log of a sum of power-law units when the features u are logarithms.
/// A magnitude that is a sum of monomials (the seed's term scale, for one) is represented exactly.
/// </summary>
/// <remarks>Parameter layout: unit by unit, weights (feature count) then bias.</remarks>
public sealed class LogSumExpUnits
{
    /// <summary>Creates <paramref name="unitCount"/> units over <paramref name="featureCount"/> features.</summary>
    public LogSumExpUnits(int featureCount, int unitCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unitCount, 1);
        FeatureCount = featureCount;
        UnitCount = unitCount;
    }

    /// <summary>Number of features each unit sees.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of units.</summary>
    public int UnitCount { get; }

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => UnitCount * (FeatureCount + 1);

    /// <summary>Small random exponents so the units start different from one another.</summary>
    public void Initialize(Span<double> parameters, Random random)
    {
        for (int i = 0; i < parameters.Length; i++) parameters[i] = 0.3 * Gaussian.Next(random);
    }

    /// <summary>Evaluates the units; leaves their softmax weights in <paramref name="weights"/> for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, Span<double> weights)
    {
        int stride = FeatureCount + 1;
        double max = double.NegativeInfinity;
        for (int k = 0; k < UnitCount; k++)
        {
            var p = parameters.Slice(k * stride, stride);
            double s = p[FeatureCount] + System.Numerics.Tensors.TensorPrimitives.Dot(p[..FeatureCount], features[..FeatureCount]);
            weights[k] = s;
            max = Math.Max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < UnitCount; k++) sum += weights[k] = Math.Exp(weights[k] - max);
        for (int k = 0; k < UnitCount; k++) weights[k] /= sum;
        return max + Math.Log(sum);
    }

    /// <summary>
    /// Writes <paramref name="outputGradient"/> times d(output)/d(parameters) into <paramref name="gradient"/>, and adds
    /// it times d(output)/d(features) to <paramref name="inputGradient"/> when that is not empty.
    /// </summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, ReadOnlySpan<double> weights, double outputGradient,
        Span<double> gradient, Span<double> inputGradient = default)
    {
        int stride = FeatureCount + 1;
        for (int k = 0; k < UnitCount; k++)
        {
            var g = gradient.Slice(k * stride, stride);
            double s = weights[k] * outputGradient;
            System.Numerics.Tensors.TensorPrimitives.Multiply(features[..FeatureCount], s, g[..FeatureCount]);
            g[FeatureCount] = s;
            if (!inputGradient.IsEmpty)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameters.Slice(k * stride, FeatureCount), s, inputGradient[..FeatureCount], inputGradient[..FeatureCount]);
        }
    }
}
