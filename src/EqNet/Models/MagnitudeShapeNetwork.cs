namespace EqNet.Models;

/// <summary>
/// The network behind an EqNet model: for each output a magnitude m(u) = LSE(units) + power terms + MLP(u) and a shape
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
    public MagnitudeShapeNetwork(int featureCount, IReadOnlyList<int> hidden, int logSumExpUnits, int powerTerms, IReadOnlyList<OutputHead> heads)
    {
        PowerTermCount = powerTerms;
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
                c.Terms = new PowerTerms(featureCount, powerTerms);
                c.MagnitudeOffset = offset;
                int length = c.Magnitude.ParameterCount + c.Units.ParameterCount + c.Terms.ParameterCount;
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

    /// <summary>Number of additive power-law terms in each magnitude.</summary>
    public int PowerTermCount { get; }

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
                c.Terms!.Initialize(p.AsSpan(c.MagnitudeOffset + m.ParameterCount + c.Units.ParameterCount, c.Terms.ParameterCount), random);
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
                            var g = withJacobian ? row.Slice(k * width + column, c.MagnitudeLength) : default;
                            ((double*)ptrM)[(long)i * mc + k] = Magnitude(c, p, u, g, 1, scratch);
                            column += c.MagnitudeLength;
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
            if (c.Magnitude is not null) MagnitudeBackward(c, p, u, row.Slice(c.MagnitudeOffset, c.MagnitudeLength), dm, s);
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
        int units = c.MagnitudeOffset + net.ParameterCount, terms = units + c.Units!.ParameterCount;
        double m = net.Forward(p.Slice(c.MagnitudeOffset, net.ParameterCount), u, s.Magnitude)
            + c.Units.Forward(p.Slice(units, c.Units.ParameterCount), u, s.Weights)
            + c.Terms!.Forward(p.Slice(terms, c.Terms.ParameterCount), u, s.Powers);
        if (!gradient.IsEmpty) MagnitudeBackward(c, p, u, gradient, scale, s);
        return m;
    }

    /// <summary>d(m)/d(magnitude parameters) times <paramref name="scale"/>, from the activations of the last forward pass.</summary>
    private static void MagnitudeBackward(Component c, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> gradient, double scale, Scratch s)
    {
        var net = c.Magnitude!;
        int mlp = net.ParameterCount, units = c.Units!.ParameterCount, terms = c.Terms!.ParameterCount;
        net.Backward(p.Slice(c.MagnitudeOffset, mlp), s.Magnitude, scale, gradient[..mlp], s.Delta, s.NextDelta);
        c.Units.Backward(u, s.Weights, scale, gradient.Slice(mlp, units));
        c.Terms.Backward(p.Slice(c.MagnitudeOffset + mlp + units, terms), u, s.Powers, scale, gradient.Slice(mlp + units, terms));
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
        public PowerTerms? Terms;
        public int MagnitudeOffset, ShapeOffset;

        public int MagnitudeLength => Magnitude!.ParameterCount + Units!.ParameterCount + Terms!.ParameterCount;
    }

    private sealed class Scratch
    {
        public readonly double[] Magnitude, Shape, Weights, Powers, Delta, NextDelta;

        public Scratch(MagnitudeShapeNetwork n)
        {
            var any = new DenseNetwork(n.FeatureCount, n.Hidden);
            Magnitude = new double[any.ScratchLength];
            Shape = new double[any.ScratchLength];
            Weights = new double[Math.Max(1, n.LogSumExpUnitCount)];
            Powers = new double[Math.Max(1, n.PowerTermCount)];
            Delta = new double[any.DeltaLength];
            NextDelta = new double[any.DeltaLength];
        }
    }
}
