namespace EqNet.Optimization;

/// <summary>Stochastic gradient descent with (optionally Nesterov) momentum over a flat parameter vector.</summary>
public sealed class SgdMomentum
{
    private readonly double[] _velocity;

    /// <summary>Creates the optimiser.</summary>
    public SgdMomentum(int parameterCount, double momentum = 0.9, bool nesterov = false)
    {
        if (parameterCount < 1) throw new ArgumentException("SGD needs at least one parameter; the model has none.", nameof(parameterCount));
        _velocity = new double[parameterCount];
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>Momentum coefficient.</summary>
    public double Momentum { get; }

    /// <summary>Nesterov's look-ahead variant.</summary>
    public bool Nesterov { get; }

    /// <summary>v = mu v + g; x -= lr (g + mu v) for Nesterov, else x -= lr v.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            _velocity[i] = Momentum * _velocity[i] + gradient[i];
            parameters[i] -= learningRate * (Nesterov ? gradient[i] + Momentum * _velocity[i] : _velocity[i]);
        }
    }
}
