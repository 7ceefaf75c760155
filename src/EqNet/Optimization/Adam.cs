using EqNet.Engine.Kernels;

namespace EqNet.Optimization;

/// <summary>Adam, or AdamW with a decoupled weight decay, over a flat parameter vector; moments are kept here.</summary>
public sealed class Adam
{
    private readonly double[] _m, _v;
    private int _t;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    public Adam(int parameterCount, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        if (parameterCount < 1) throw new ArgumentException("Adam needs at least one parameter; the model has none.", nameof(parameterCount));
        _m = new double[parameterCount];
        _v = new double[parameterCount];
        (Beta1, Beta2, Epsilon, WeightDecay) = (beta1, beta2, epsilon, weightDecay);
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>Decoupled weight decay (AdamW); 0 is plain Adam.</summary>
    public double WeightDecay { get; }

    /// <summary>Updates <paramref name="parameters"/> in place.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        _t++;
        AdamKernel.Step(parameters, gradient, _m, _v, learningRate, Beta1, Beta2, Epsilon, _t, WeightDecay);
    }
}
