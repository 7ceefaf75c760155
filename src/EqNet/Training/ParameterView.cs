namespace EqNet.Training;

/// <summary>Some ranges of a full parameter vector, seen as one shorter vector (the part a sub-fit moves).</summary>
internal sealed class ParameterView(double[] full, IReadOnlyList<(int Offset, int Length)> ranges)
{
    /// <summary>The ranges, in view order.</summary>
    public IReadOnlyList<(int Offset, int Length)> Ranges { get; } = ranges;

    /// <summary>Length of the view.</summary>
    public int Count { get; } = ranges.Sum(r => r.Length);

    /// <summary>The full vector.</summary>
    public double[] Full => full;

    /// <summary>The viewed values, copied out.</summary>
    public double[] Gather()
    {
        var x = new double[Count];
        int at = 0;
        foreach (var (offset, length) in Ranges)
        {
            full.AsSpan(offset, length).CopyTo(x.AsSpan(at));
            at += length;
        }
        return x;
    }

    /// <summary>Writes <paramref name="x"/> back into the full vector.</summary>
    public void Scatter(ReadOnlySpan<double> x)
    {
        int at = 0;
        foreach (var (offset, length) in Ranges)
        {
            x.Slice(at, length).CopyTo(full.AsSpan(offset, length));
            at += length;
        }
    }
}
