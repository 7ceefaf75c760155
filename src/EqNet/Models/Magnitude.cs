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
    /// m for a block of rows (see <see cref="RowBlock"/>): ((MLP + LSE(units)) + power terms) - LSE(denominator), the
    /// order <see cref="Forward"/> adds them in, every dot product summed in plain order.
    /// </summary>
    public void ForwardBlock(ReadOnlySpan<double> p, ReadOnlySpan<double> u, int count, BlockScratch s, Span<double> m)
    {
        int units = Offset + Net.ParameterCount, terms = units + Units.ParameterCount;
        Net.ForwardBlock(p.Slice(Offset, Net.ParameterCount), u, count, s.A, s.B, m);
        var part = s.Part.AsSpan();
        LogSumExpBlock(p.Slice(units, Units.ParameterCount), Units.UnitCount, u, count, s, part);
        for (int r = 0; r < count; r++) m[r] += part[r];
        // Added even without terms (+ 0), as Forward does, so that a -0 turns out the same.
        PowerTermsBlock(p.Slice(terms, Terms.ParameterCount), Terms.TermCount, u, count, s, part);
        for (int r = 0; r < count; r++) m[r] += part[r];
        if (Denominator is null) return;
        LogSumExpBlock(p.Slice(DenominatorOffset, Denominator.ParameterCount), Denominator.UnitCount, u, count, s, part);
        for (int r = 0; r < count; r++) m[r] -= part[r];
    }

    /// <summary>
    /// log(sum_k exp(s_k - max)) + max per row, s_k = bias_k + w_k . u, as <see cref="LogSumExpUnits.Forward"/> but with
    /// <see cref="VectorExp"/> and <see cref="VectorLog"/> over the block's columns instead of <see cref="Math.Exp"/> and
    /// <see cref="Math.Log(double)"/> row by row (within an ulp of them); the sum over k in k order.
    /// </summary>
    private void LogSumExpBlock(ReadOnlySpan<double> p, int unitCount, ReadOnlySpan<double> u, int count, BlockScratch s, Span<double> result)
    {
        const int rows = RowBlock.Rows;
        int f = Net.InputCount, stride = f + 1;
        var sums = s.Units.AsSpan();
        var max = s.Max.AsSpan(0, count);
        max.Fill(double.NegativeInfinity);
        for (int k = 0; k < unitCount; k++)
        {
            var column = sums.Slice(k * rows, rows);
            RowBlock.Dot(p.Slice(k * stride, f), u, count, column);
            RowBlock.AddBias(column, p[k * stride + f], false, count);
            for (int r = 0; r < count; r++) max[r] = Math.Max(max[r], column[r]);
        }
        var sum = result[..count];
        sum.Clear();
        for (int k = 0; k < unitCount; k++)
        {
            var column = sums.Slice(k * rows, count);
            for (int r = 0; r < count; r++) column[r] -= max[r];
            VectorExp.Apply(column);
            for (int r = 0; r < count; r++) sum[r] += column[r];
        }
        VectorLog.Apply(sum);
        for (int r = 0; r < count; r++) sum[r] = max[r] + sum[r];
    }

    /// <summary>sum_k c_k exp(v_k . u) per row, as <see cref="PowerTerms.Forward"/> with <see cref="VectorExp"/> over the column.</summary>
    private void PowerTermsBlock(ReadOnlySpan<double> p, int termCount, ReadOnlySpan<double> u, int count, BlockScratch s, Span<double> result)
    {
        const int rows = RowBlock.Rows;
        int f = Net.InputCount, stride = f + 1;
        result[..count].Clear();
        var dot = s.Units.AsSpan(0, rows);
        for (int k = 0; k < termCount; k++)
        {
            RowBlock.Dot(p.Slice(k * stride, f), u, count, dot);
            VectorExp.Apply(dot[..count]);
            double c = p[k * stride + f];
            for (int r = 0; r < count; r++) result[r] += c * dot[r];
        }
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

/// <summary>Per-thread columns of one block's forward pass (see <see cref="RowBlock"/>).</summary>
internal sealed class BlockScratch(int widestLayer, int units)
{
    /// <summary>Hidden activations, ping.</summary>
    public double[] A { get; } = new double[widestLayer * RowBlock.Rows];

    /// <summary>Hidden activations, pong.</summary>
    public double[] B { get; } = new double[widestLayer * RowBlock.Rows];

    /// <summary>One unit's (or term's) sums per row.</summary>
    public double[] Units { get; } = new double[Math.Max(1, units) * RowBlock.Rows];

    /// <summary>One part of a magnitude per row.</summary>
    public double[] Part { get; } = new double[RowBlock.Rows];

    /// <summary>The largest unit of a log-sum-exp per row.</summary>
    public double[] Max { get; } = new double[RowBlock.Rows];
}
