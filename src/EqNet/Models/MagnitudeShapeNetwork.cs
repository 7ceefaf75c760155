namespace EqNet.Models;

/// <summary>
/// The network behind an EqNet model: for each output a magnitude m(u) = LSE(units) + MLP(u) and a shape
/// t(u) = MLP(u), combined by the output's head (y = exp(m) * t when unbounded). Works on features u, not raw inputs.
/// </summary>
/// <remarks>
/// Why magnitude times shape: the scale-relative error asks for precision relative to the equation's term scale,
/// which spans many decades. The magnitude learns the decades (a sum of power laws is exact in m), the shape a
/// bounded, smooth factor that carries the sign. See docs/decisions/0002-magnitude-shape-model.md.
/// </remarks>
public sealed class MagnitudeShapeNetwork
{
    private readonly Component[] _components;

    /// <summary>Creates the network.</summary>
    public MagnitudeShapeNetwork(int featureCount, IReadOnlyList<int> hidden, int logSumExpUnits, IReadOnlyList<OutputHead> heads)
    {
        FeatureCount = featureCount;
        Hidden = hidden.ToArray();
        LogSumExpUnitCount = logSumExpUnits;
        Heads = heads.ToArray();
        _components = new Component[Heads.Count];
        int offset = 0;
        var magnitudeRanges = new List<(int, int)>();
        for (int j = 0; j < Heads.Count; j++)
        {
            var c = new Component();
            if (Heads[j].HasMagnitude)
            {
                c.Magnitude = new DenseNetwork(featureCount, Hidden);
                c.Units = new LogSumExpUnits(featureCount, logSumExpUnits);
                c.MagnitudeOffset = offset;
                int length = c.Magnitude.ParameterCount + c.Units.ParameterCount;
                magnitudeRanges.Add((offset, length));
                offset += length;
            }
            if (Heads[j].HasShape)
            {
                c.Shape = new DenseNetwork(featureCount, Hidden);
                c.ShapeOffset = offset;
                offset += c.Shape.ParameterCount;
            }
            _components[j] = c;
        }
        ParameterCount = offset;
        MagnitudeParameterRanges = magnitudeRanges;
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>Hidden widths of every sub-network.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>Number of log-sum-exp (power-law) units in each magnitude.</summary>
    public int LogSumExpUnitCount { get; }

    /// <summary>One head per output.</summary>
    public IReadOnlyList<OutputHead> Heads { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputCount => Heads.Count;

    /// <summary>Total number of parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>(offset, length) of each magnitude's parameters, output by output (outputs without one are skipped).</summary>
    public IReadOnlyList<(int Offset, int Length)> MagnitudeParameterRanges { get; }

    /// <summary>Seeded initialisation.</summary>
    public double[] Initialize(int seed)
    {
        var p = new double[ParameterCount];
        var random = new Random(seed);
        foreach (var c in _components)
        {
            if (c.Magnitude is { } m)
            {
                m.Initialize(p.AsSpan(c.MagnitudeOffset, m.ParameterCount), random);
                c.Units!.Initialize(p.AsSpan(c.MagnitudeOffset + m.ParameterCount, c.Units.ParameterCount), random);
            }
            c.Shape?.Initialize(p.AsSpan(c.ShapeOffset, c.Shape.ParameterCount), random);
        }
        return p;
    }

    /// <summary>
    /// Evaluates outputs (row-major n x outputs) and, if <paramref name="jacobian"/> is not empty, d(output)/d(parameters)
    /// (row-major (n * outputs) x parameters).
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> outputs, Span<double> jacobian, int threads = 0)
    {
        CheckLengths(parameters, features, count);
        if (outputs.Length < count * OutputCount) throw new ArgumentException("output buffer too short", nameof(outputs));
        bool withJacobian = !jacobian.IsEmpty;
        if (withJacobian && jacobian.Length < (long)count * OutputCount * ParameterCount)
            throw new ArgumentException("Jacobian buffer too short", nameof(jacobian));
        unsafe
        {
            fixed (double* pp = parameters, pf = features, po = outputs, pj = jacobian)
            {
                var (ptrP, ptrF, ptrO, ptrJ) = ((nint)pp, (nint)pf, (nint)po, (nint)pj);
                int pc = ParameterCount, fc = FeatureCount, oc = OutputCount;
                ForEachChunk(count, threads, (start, end) =>
                {
                    var p = new ReadOnlySpan<double>((double*)ptrP, pc);
                    var scratch = new Scratch(this);
                    for (int i = start; i < end; i++)
                    {
                        var u = new ReadOnlySpan<double>((double*)ptrF + (long)i * fc, fc);
                        for (int j = 0; j < oc; j++)
                        {
                            var row = withJacobian ? new Span<double>((double*)ptrJ + ((long)i * oc + j) * pc, pc) : default;
                            ((double*)ptrO)[(long)i * oc + j] = EvaluateOutput(j, p, u, row, scratch);
                        }
                    }
                });
            }
        }
    }

    /// <summary>
    /// Evaluates each magnitude m (n x outputs-with-magnitude) and, if asked, its Jacobian with respect to the
    /// magnitude parameters only, columns in the order of <see cref="MagnitudeParameterRanges"/>.
    /// </summary>
    public void EvaluateMagnitudes(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> magnitudes, Span<double> jacobian, int threads = 0)
    {
        CheckLengths(parameters, features, count);
        int width = MagnitudeParameterRanges.Sum(r => r.Length), mc = MagnitudeParameterRanges.Count;
        bool withJacobian = !jacobian.IsEmpty;
        unsafe
        {
            fixed (double* pp = parameters, pf = features, pm = magnitudes, pj = jacobian)
            {
                var (ptrP, ptrF, ptrM, ptrJ) = ((nint)pp, (nint)pf, (nint)pm, (nint)pj);
                int pc = ParameterCount, fc = FeatureCount;
                ForEachChunk(count, threads, (start, end) =>
                {
                    var p = new ReadOnlySpan<double>((double*)ptrP, pc);
                    var scratch = new Scratch(this);
                    for (int i = start; i < end; i++)
                    {
                        var u = new ReadOnlySpan<double>((double*)ptrF + (long)i * fc, fc);
                        var row = withJacobian ? new Span<double>((double*)ptrJ + (long)i * mc * width, mc * width) : default;
                        if (withJacobian) row.Clear();
                        int k = 0, column = 0;
                        foreach (var c in _components)
                        {
                            if (c.Magnitude is null) continue;
                            var g = withJacobian ? row.Slice(k * width + column, c.Magnitude.ParameterCount + c.Units!.ParameterCount) : default;
                            ((double*)ptrM)[(long)i * mc + k] = Magnitude(c, p, u, g, 1, scratch);
                            column += c.Magnitude.ParameterCount + c.Units!.ParameterCount;
                            k++;
                        }
                    }
                });
            }
        }
    }

    private double EvaluateOutput(int j, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> row, Scratch s)
    {
        var c = _components[j];
        var head = Heads[j];
        double m = c.Magnitude is null ? 0 : Magnitude(c, p, u, default, 0, s);
        double t = c.Shape is null ? 0 : c.Shape.Forward(p.Slice(c.ShapeOffset, c.Shape.ParameterCount), u, s.Shape);
        var (y, dm, dt) = head.Combine(m, t);
        if (!row.IsEmpty)
        {
            row.Clear();
            if (c.Magnitude is not null)
            {
                var pm = p.Slice(c.MagnitudeOffset, c.Magnitude.ParameterCount);
                c.Magnitude.Backward(pm, s.Magnitude, dm, row.Slice(c.MagnitudeOffset, c.Magnitude.ParameterCount), s.Delta, s.NextDelta);
                c.Units!.Backward(u, s.Weights, dm, row.Slice(c.MagnitudeOffset + c.Magnitude.ParameterCount, c.Units.ParameterCount));
            }
            if (c.Shape is not null)
            {
                var ps = p.Slice(c.ShapeOffset, c.Shape.ParameterCount);
                c.Shape.Backward(ps, s.Shape, dt, row.Slice(c.ShapeOffset, c.Shape.ParameterCount), s.Delta, s.NextDelta);
            }
        }
        return y;
    }

    private static double Magnitude(Component c, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> gradient, double scale, Scratch s)
    {
        var net = c.Magnitude!;
        var pm = p.Slice(c.MagnitudeOffset, net.ParameterCount);
        var pu = p.Slice(c.MagnitudeOffset + net.ParameterCount, c.Units!.ParameterCount);
        double m = net.Forward(pm, u, s.Magnitude) + c.Units.Forward(pu, u, s.Weights);
        if (!gradient.IsEmpty)
        {
            net.Backward(pm, s.Magnitude, scale, gradient[..net.ParameterCount], s.Delta, s.NextDelta);
            c.Units.Backward(u, s.Weights, scale, gradient.Slice(net.ParameterCount, c.Units.ParameterCount));
        }
        return m;
    }

    private void CheckLengths(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"expected {ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        if (features.Length < (long)count * FeatureCount)
            throw new ArgumentException($"features hold {features.Length} values; {count} samples x {FeatureCount} features need more", nameof(features));
    }

    /// <summary>Runs <paramref name="body"/> over contiguous chunks of [0, count), one per thread: deterministic, no shared writes.</summary>
    internal static void ForEachChunk(int count, int threads, Action<int, int> body)
    {
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        t = Math.Max(1, Math.Min(t, count / 64));
        if (t == 1) { body(0, count); return; }
        Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k =>
            body((int)((long)count * k / t), (int)((long)count * (k + 1) / t)));
    }

    private sealed class Component
    {
        public DenseNetwork? Magnitude, Shape;
        public LogSumExpUnits? Units;
        public int MagnitudeOffset, ShapeOffset;
    }

    private sealed class Scratch
    {
        public readonly double[] Magnitude, Shape, Weights, Delta, NextDelta;

        public Scratch(MagnitudeShapeNetwork n)
        {
            var any = new DenseNetwork(n.FeatureCount, n.Hidden);
            Magnitude = new double[any.ScratchLength];
            Shape = new double[any.ScratchLength];
            Weights = new double[Math.Max(1, n.LogSumExpUnitCount)];
            Delta = new double[any.DeltaLength];
            NextDelta = new double[any.DeltaLength];
        }
    }
}
