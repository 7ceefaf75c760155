namespace EqNet.Models;

/// <summary>
/// One magnitude m(u) = MLP(u) + LSE(units) + power terms - LSE(denominator units), the log of an output's size: its
/// parameters sit at <see cref="Offset"/> in the network's vector, MLP first, then the units, the terms, the
/// denominator units.
/// </summary>
/// <remarks>
/// With log features, exp(m) is then a sum of power laws over another: a ratio such as w = y^2 / (c + |y|) is exact,
/// where log-sum-exp units alone (a soft maximum) would leave the MLP to build the soft minimum.
/// </remarks>
internal sealed class Magnitude
{
    public Magnitude(int featureCount, IReadOnlyList<int> hidden, int units, int terms, int denominatorUnits, int offset)
    {
        Net = new DenseNetwork(featureCount, hidden);
        Units = new LogSumExpUnits(featureCount, units);
        Terms = new PowerTerms(featureCount, terms);
        Denominator = denominatorUnits > 0 ? new LogSumExpUnits(featureCount, denominatorUnits) : null;
        Offset = offset;
    }

    public DenseNetwork Net { get; }

    public LogSumExpUnits Units { get; }

    public PowerTerms Terms { get; }

    public LogSumExpUnits? Denominator { get; }

    public int Offset { get; }

    private int DenominatorOffset => Offset + Net.ParameterCount + Units.ParameterCount + Terms.ParameterCount;

    public int Length => Net.ParameterCount + Units.ParameterCount + Terms.ParameterCount + (Denominator?.ParameterCount ?? 0);

    public void Initialize(Span<double> p, Random random)
    {
        Net.Initialize(p.Slice(Offset, Net.ParameterCount), random);
        Units.Initialize(p.Slice(Offset + Net.ParameterCount, Units.ParameterCount), random);
        Terms.Initialize(p.Slice(Offset + Net.ParameterCount + Units.ParameterCount, Terms.ParameterCount), random);
        Denominator?.Initialize(p.Slice(DenominatorOffset, Denominator.ParameterCount), random);
    }

    /// <summary>m at features <paramref name="u"/>; leaves the activations in <paramref name="s"/> for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<double> p, ReadOnlySpan<double> u, MagnitudeScratch s)
    {
        int units = Offset + Net.ParameterCount, terms = units + Units.ParameterCount;
        double m = Net.Forward(p.Slice(Offset, Net.ParameterCount), u, s.Activations)
            + Units.Forward(p.Slice(units, Units.ParameterCount), u, s.Weights)
            + Terms.Forward(p.Slice(terms, Terms.ParameterCount), u, s.Powers);
        return Denominator is null ? m : m - Denominator.Forward(p.Slice(DenominatorOffset, Denominator.ParameterCount), u, s.DenominatorWeights);
    }

    /// <summary>
    /// Writes <paramref name="scale"/> times dm/d(own parameters) into <paramref name="gradient"/> (length <see cref="Length"/>),
    /// from the last <see cref="Forward"/>; adds scale times dm/d(features) to <paramref name="inputGradient"/> when given.
    /// </summary>
    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> gradient, double scale, MagnitudeScratch s,
        Span<double> inputGradient = default)
    {
        int mlp = Net.ParameterCount, units = Units.ParameterCount, terms = Terms.ParameterCount;
        Net.Backward(p.Slice(Offset, mlp), s.Activations, scale, gradient[..mlp], s.Delta, s.NextDelta, inputGradient);
        Units.Backward(p.Slice(Offset + mlp, units), u, s.Weights, scale, gradient.Slice(mlp, units), inputGradient);
        Terms.Backward(p.Slice(Offset + mlp + units, terms), u, s.Powers, scale, gradient.Slice(mlp + units, terms), inputGradient);
        Denominator?.Backward(p.Slice(DenominatorOffset, Denominator.ParameterCount), u, s.DenominatorWeights, -scale,
            gradient.Slice(mlp + units + terms, Denominator.ParameterCount), inputGradient);
    }
}

/// <summary>Per-thread activations of one magnitude's forward pass, kept for its backward pass.</summary>
internal sealed class MagnitudeScratch(DenseNetwork widest, int units, int terms, int denominatorUnits)
{
    public double[] DenominatorWeights { get; } = new double[Math.Max(1, denominatorUnits)];

    public double[] Activations { get; } = new double[widest.ScratchLength];

    public double[] Weights { get; } = new double[Math.Max(1, units)];

    public double[] Powers { get; } = new double[Math.Max(1, terms)];

    public double[] Delta { get; } = new double[widest.DeltaLength];

    public double[] NextDelta { get; } = new double[widest.DeltaLength];
}
