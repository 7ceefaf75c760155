using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Tests.Optimization;

/// <summary>Residuals net(t) - sin(t) of a tanh <see cref="DenseNetwork"/> at fixed points, with exact per-sample Jacobian rows.</summary>
internal sealed class SineNetworkFit(DenseNetwork network, double[] points) : ILeastSquaresProblem
{
    private readonly double[] _scratch = new double[network.ScratchLength];
    private readonly double[] _delta = new double[network.DeltaLength], _nextDelta = new double[network.DeltaLength];

    public int ParameterCount => network.ParameterCount;

    public int ResidualCount => points.Length;

    public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
    {
        int n = network.ParameterCount;
        for (int i = 0; i < points.Length; i++)
        {
            residuals[i] = network.Forward(x, [points[i]], _scratch) - Math.Sin(points[i]);
            if (!jacobian.IsEmpty) network.Backward(x, _scratch, 1, jacobian.Slice(i * n, n), _delta, _nextDelta);
        }
    }

    /// <summary>Mean squared error of the network against sin at <paramref name="at"/>.</summary>
    public double MeanSquaredError(ReadOnlySpan<double> x, IEnumerable<double> at)
    {
        double sum = 0;
        int count = 0;
        foreach (var t in at)
        {
            double e = network.Forward(x, [t], _scratch) - Math.Sin(t);
            sum += e * e;
            count++;
        }
        return sum / count;
    }
}
