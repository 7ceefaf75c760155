namespace EqNet.Models;

/// <summary>
/// sum_k c_k exp(v_k . u): additive power-law terms inside a magnitude. With log features, exp(v . u) is a product of
/// powers of the inputs, so a magnitude such as log A - Ea/(R T) (Arrhenius) is exact with one term.
/// </summary>
/// <remarks>Parameter layout: term by term, exponents (feature count) then coefficient. Coefficients start at zero, so
/// the terms join in only as far as the fit asks for them.</remarks>
public sealed class PowerTerms
{
    /// <summary>Creates <paramref name="termCount"/> terms over <paramref name="featureCount"/> features.</summary>
    public PowerTerms(int featureCount, int termCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(termCount);
        FeatureCount = featureCount;
        TermCount = termCount;
    }

    /// <summary>Number of features each term sees.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of terms.</summary>
    public int TermCount { get; }

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => TermCount * (FeatureCount + 1);

    /// <summary>Small random exponents, zero coefficients.</summary>
    public void Initialize(Span<double> parameters, Random random)
    {
        int stride = FeatureCount + 1;
        for (int k = 0; k < TermCount; k++)
        {
            for (int j = 0; j < FeatureCount; j++) parameters[k * stride + j] = 0.1 * Gaussian.Next(random);
            parameters[k * stride + FeatureCount] = 0;
        }
    }

    /// <summary>Evaluates the sum; leaves each term's exp(v . u) in <paramref name="powers"/> for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, Span<double> powers)
    {
        int stride = FeatureCount + 1;
        double sum = 0;
        for (int k = 0; k < TermCount; k++)
        {
            var p = parameters.Slice(k * stride, stride);
            double power = Math.Exp(System.Numerics.Tensors.TensorPrimitives.Dot(p[..FeatureCount], features[..FeatureCount]));
            powers[k] = power;
            sum += p[FeatureCount] * power;
        }
        return sum;
    }

    /// <summary>
    /// Writes <paramref name="outputGradient"/> times d(sum)/d(parameters) into <paramref name="gradient"/>, and adds it
    /// times d(sum)/d(features) to <paramref name="inputGradient"/> when that is not empty.
    /// </summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, ReadOnlySpan<double> powers,
        double outputGradient, Span<double> gradient, Span<double> inputGradient = default)
    {
        int stride = FeatureCount + 1;
        for (int k = 0; k < TermCount; k++)
        {
            var g = gradient.Slice(k * stride, stride);
            double power = powers[k] * outputGradient;
            double coefficientPower = parameters[k * stride + FeatureCount] * power;
            System.Numerics.Tensors.TensorPrimitives.Multiply(features[..FeatureCount], coefficientPower, g[..FeatureCount]);
            g[FeatureCount] = power;
            if (!inputGradient.IsEmpty)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameters.Slice(k * stride, FeatureCount), coefficientPower, inputGradient[..FeatureCount], inputGradient[..FeatureCount]);
        }
    }
}
