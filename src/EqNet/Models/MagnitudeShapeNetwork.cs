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
    private readonly int[] _order;

    /// <summary>Creates the network.</summary>
    /// <param name="featureCount">Input features every output sees.</param>
    /// <param name="hidden">Hidden widths of every sub-network.</param>
    /// <param name="logSumExpUnits">Log-sum-exp units per magnitude.</param>
    /// <param name="powerTerms">Power terms per magnitude.</param>
    /// <param name="heads">One head per output.</param>
    /// <param name="upstream">Per output, earlier outputs it also sees (see <see cref="UpstreamFeature"/>); those must have none themselves.</param>
    public MagnitudeShapeNetwork(int featureCount, IReadOnlyList<int> hidden, int logSumExpUnits, int powerTerms, IReadOnlyList<OutputHead> heads,
        IReadOnlyList<IReadOnlyList<UpstreamFeature>>? upstream = null)
    {
        PowerTermCount = powerTerms;
        Upstream = upstream?.Select(u => (IReadOnlyList<UpstreamFeature>)u.ToArray()).ToArray()
            ?? heads.Select(_ => (IReadOnlyList<UpstreamFeature>)[]).ToArray();
        if (Upstream.Count != heads.Count) throw new ArgumentException("one upstream list per output", nameof(upstream));
        foreach (var list in Upstream)
            foreach (var f in list)
                if (Upstream[f.Output].Count > 0) throw new ArgumentException($"output {f.Output} feeds another output, so it cannot see outputs itself", nameof(upstream));
        _order = Enumerable.Range(0, heads.Count).OrderBy(j => Upstream[j].Count > 0 ? 1 : 0).ThenBy(j => j).ToArray();
        FeatureCount = featureCount;
        Hidden = hidden.ToArray();
        LogSumExpUnitCount = logSumExpUnits;
        Heads = heads.ToArray();
        _components = new Component[Heads.Count];
        int offset = 0;
        var magnitudeRanges = new List<(int, int)>();
        for (int j = 0; j < Heads.Count; j++)
        {
            var c = new Component { FeatureCount = featureCount + Upstream[j].Count };
            if (Heads[j].HasMagnitude)
            {
                c.Magnitude = new DenseNetwork(c.FeatureCount, Hidden);
                c.Units = new LogSumExpUnits(c.FeatureCount, logSumExpUnits);
                c.Terms = new PowerTerms(c.FeatureCount, powerTerms);
                c.MagnitudeOffset = offset;
                int length = c.Magnitude.ParameterCount + c.Units.ParameterCount + c.Terms.ParameterCount;
                magnitudeRanges.Add((offset, length));
                offset += length;
            }
            if (Heads[j].HasShape)
            {
                c.Shape = new DenseNetwork(c.FeatureCount, Hidden);
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

    /// <summary>Per output, the earlier outputs it sees as features (empty for most).</summary>
    public IReadOnlyList<IReadOnlyList<UpstreamFeature>> Upstream { get; }

    /// <summary>One head per output.</summary>
    public IReadOnlyList<OutputHead> Heads { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputCount => Heads.Count;

    /// <summary>Total number of parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>(offset, length) of each magnitude's parameters, output by output (outputs without one are skipped).</summary>
    public IReadOnlyList<(int Offset, int Length)> MagnitudeParameterRanges { get; }

    /// <summary>(offset, length) of all of output <paramref name="output"/>'s parameters (its magnitude, then its shape).</summary>
    public (int Offset, int Length) OutputParameterRange(int output)
    {
        var c = _components[output];
        int start = c.Magnitude is not null ? c.MagnitudeOffset : c.ShapeOffset;
        int end = c.Shape is not null ? c.ShapeOffset + c.Shape.ParameterCount : c.MagnitudeOffset + c.MagnitudeLength;
        return (start, end - start);
    }

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
    /// (row-major (n * outputs) x parameters). Upstream features use the predictions, with their derivatives, unless
    /// <paramref name="teacher"/> (n x outputs) gives values to use instead (as constants) while pre-fitting.
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> outputs, Span<double> jacobian, int threads = 0, ReadOnlySpan<double> teacher = default)
    {
        CheckLengths(parameters, features, count);
        if (outputs.Length < count * OutputCount) throw new ArgumentException("output buffer too short", nameof(outputs));
        bool withJacobian = !jacobian.IsEmpty;
        if (withJacobian && jacobian.Length < (long)count * OutputCount * ParameterCount)
            throw new ArgumentException("Jacobian buffer too short", nameof(jacobian));
        unsafe
        {
            fixed (double* pp = parameters, pf = features, po = outputs, pj = jacobian, pt = teacher)
            {
                var (ptrP, ptrF, ptrO, ptrJ, ptrT) = ((nint)pp, (nint)pf, (nint)po, (nint)pj, (nint)pt);
                bool taught = !teacher.IsEmpty;
                int pc = ParameterCount, fc = FeatureCount, oc = OutputCount;
                ForEachChunk(count, threads, (start, end) =>
                {
                    var p = new ReadOnlySpan<double>((double*)ptrP, pc);
                    var scratch = new Scratch(this);
                    for (int i = start; i < end; i++)
                    {
                        var u = new ReadOnlySpan<double>((double*)ptrF + (long)i * fc, fc);
                        var y = new Span<double>((double*)ptrO + (long)i * oc, oc);
                        var known = taught ? new ReadOnlySpan<double>((double*)ptrT + (long)i * oc, oc) : y;
                        var rows = withJacobian ? new Span<double>((double*)ptrJ + (long)i * oc * pc, oc * pc) : default;
                        foreach (int j in _order)
                            y[j] = EvaluateOutput(j, p, u, known, withJacobian ? rows : default, !taught, scratch);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Evaluates each magnitude m (n x outputs-with-magnitude) and, if asked, its Jacobian with respect to the
    /// magnitude parameters only, columns in the order of <see cref="MagnitudeParameterRanges"/>.
    /// </summary>
    /// <remarks>Upstream features take their values from <paramref name="teacher"/> (n x outputs), required when any output has them.</remarks>
    public void EvaluateMagnitudes(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> magnitudes, Span<double> jacobian, int threads = 0, ReadOnlySpan<double> teacher = default)
    {
        if (teacher.IsEmpty && Upstream.Any(u => u.Count > 0))
            throw new ArgumentException("outputs that see other outputs need teacher values to fit their magnitudes", nameof(teacher));
        CheckLengths(parameters, features, count);
        int width = MagnitudeParameterRanges.Sum(r => r.Length), mc = MagnitudeParameterRanges.Count;
        bool withJacobian = !jacobian.IsEmpty;
        unsafe
        {
            fixed (double* pp = parameters, pf = features, pm = magnitudes, pj = jacobian, pt = teacher)
            {
                var (ptrP, ptrF, ptrM, ptrJ, ptrT) = ((nint)pp, (nint)pf, (nint)pm, (nint)pj, (nint)pt);
                int pc = ParameterCount, fc = FeatureCount, oc = OutputCount;
                bool taught = !teacher.IsEmpty;
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
                        var known = taught ? new ReadOnlySpan<double>((double*)ptrT + (long)i * oc, oc) : default;
                        for (int j = 0; j < _components.Length; j++)
                        {
                            var c = _components[j];
                            if (c.Magnitude is null) continue;
                            var g = withJacobian ? row.Slice(k * width + column, c.MagnitudeLength) : default;
                            ((double*)ptrM)[(long)i * mc + k] = Magnitude(c, p, Extend(j, u, known, scratch), g, 1, scratch);
                            column += c.MagnitudeLength;
                            k++;
                        }
                    }
                });
            }
        }
    }

    /// <summary>
    /// Output j of one sample. <paramref name="rows"/> holds every output's Jacobian row of this sample (or is empty);
    /// with <paramref name="chain"/>, upstream predictions' rows are chained into row j.
    /// </summary>
    private double EvaluateOutput(int j, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> known, Span<double> rows, bool chain, Scratch s)
    {
        var c = _components[j];
        var head = Heads[j];
        var x = Extend(j, u, known, s);
        double m = c.Magnitude is null ? 0 : Magnitude(c, p, x, default, 0, s);
        double t = c.Shape is null ? 0 : c.Shape.Forward(p.Slice(c.ShapeOffset, c.Shape.ParameterCount), x, s.Shape);
        var (y, dm, dt) = head.Combine(m, t);
        if (rows.IsEmpty) return y;
        int pc = ParameterCount;
        var row = rows.Slice(j * pc, pc);
        row.Clear();
        var upstream = Upstream[j];
        var inputGradient = chain && upstream.Count > 0 ? s.InputGradient.AsSpan(0, c.FeatureCount) : default;
        inputGradient.Clear();
        if (c.Magnitude is not null) MagnitudeBackward(c, p, x, row.Slice(c.MagnitudeOffset, c.MagnitudeLength), dm, s, inputGradient);
        if (c.Shape is not null)
        {
            var ps = p.Slice(c.ShapeOffset, c.Shape.ParameterCount);
            c.Shape.Backward(ps, s.Shape, dt, row.Slice(c.ShapeOffset, c.Shape.ParameterCount), s.Delta, s.NextDelta, inputGradient);
        }
        if (inputGradient.IsEmpty) return y;
        for (int k = 0; k < upstream.Count; k++)
        {
            var f = upstream[k];
            double g = inputGradient[FeatureCount + k] * f.Slope(known[f.Output]);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(rows.Slice(f.Output * pc, pc), g, row, row);
        }
        return y;
    }

    /// <summary>The features output j sees: the shared ones, then its upstream outputs' values from <paramref name="known"/>.</summary>
    private ReadOnlySpan<double> Extend(int j, ReadOnlySpan<double> u, ReadOnlySpan<double> known, Scratch s)
    {
        var upstream = Upstream[j];
        if (upstream.Count == 0) return u;
        var x = s.Extended.AsSpan(0, FeatureCount + upstream.Count);
        u[..FeatureCount].CopyTo(x);
        for (int k = 0; k < upstream.Count; k++) x[FeatureCount + k] = upstream[k].Value(known[upstream[k].Output]);
        return x;
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

    /// <summary>d(m)/d(magnitude parameters) times <paramref name="scale"/>, from the activations of the last forward pass; also d(m)/d(features) when asked.</summary>
    private static void MagnitudeBackward(Component c, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> gradient, double scale, Scratch s,
        Span<double> inputGradient = default)
    {
        var net = c.Magnitude!;
        int mlp = net.ParameterCount, units = c.Units!.ParameterCount, terms = c.Terms!.ParameterCount;
        net.Backward(p.Slice(c.MagnitudeOffset, mlp), s.Magnitude, scale, gradient[..mlp], s.Delta, s.NextDelta, inputGradient);
        c.Units.Backward(p.Slice(c.MagnitudeOffset + mlp, units), u, s.Weights, scale, gradient.Slice(mlp, units), inputGradient);
        c.Terms.Backward(p.Slice(c.MagnitudeOffset + mlp + units, terms), u, s.Powers, scale, gradient.Slice(mlp + units, terms), inputGradient);
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
        public int MagnitudeOffset, ShapeOffset, FeatureCount;

        public int MagnitudeLength => Magnitude!.ParameterCount + Units!.ParameterCount + Terms!.ParameterCount;
    }

    private sealed class Scratch
    {
        public readonly double[] Magnitude, Shape, Weights, Powers, Delta, NextDelta, Extended, InputGradient;

        public Scratch(MagnitudeShapeNetwork n)
        {
            int widest = n.FeatureCount + n.Upstream.Max(u => u.Count);
            var any = new DenseNetwork(widest, n.Hidden);
            Extended = new double[widest];
            InputGradient = new double[widest];
            Magnitude = new double[any.ScratchLength];
            Shape = new double[any.ScratchLength];
            Weights = new double[Math.Max(1, n.LogSumExpUnitCount)];
            Powers = new double[Math.Max(1, n.PowerTermCount)];
            Delta = new double[any.DeltaLength];
            NextDelta = new double[any.DeltaLength];
        }
    }
}
