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
public sealed partial class MagnitudeShapeNetwork
{
    private readonly Component[] _components;
    private readonly int[] _order;
    private readonly (int Output, Magnitude Part)[] _magnitudes;

    /// <summary>The calling thread's block columns for one-thread prediction, kept from call to call.</summary>
    [ThreadStatic]
    private static (MagnitudeShapeNetwork Network, BlockColumns Columns)? _cachedColumns;

    /// <summary>Creates the network.</summary>
    /// <param name="featureCount">Input features every output sees.</param>
    /// <param name="hidden">Hidden widths of every sub-network.</param>
    /// <param name="logSumExpUnits">Log-sum-exp units per magnitude.</param>
    /// <param name="powerTerms">Power terms per magnitude.</param>
    /// <param name="heads">One head per output.</param>
    /// <param name="upstream">Per output, earlier outputs it also sees (see <see cref="UpstreamFeature"/>); those must have none themselves.</param>
    /// <param name="denominatorUnits">Per output, log-sum-exp units subtracted from its magnitudes (a sum of power laws dividing the output); null for none.</param>
    /// <param name="featureSubsets">Per output, the indices of the shared features it sees (null: all of them).</param>
    /// <param name="learnedScales">Whether the upstream features' scales are parameters (see <see cref="LearnedScales"/>).</param>
    public MagnitudeShapeNetwork(int featureCount, IReadOnlyList<int> hidden, int logSumExpUnits, int powerTerms, IReadOnlyList<OutputHead> heads,
        IReadOnlyList<IReadOnlyList<UpstreamFeature>>? upstream = null, IReadOnlyList<int>? denominatorUnits = null, IReadOnlyList<IReadOnlyList<int>?>? featureSubsets = null,
        bool learnedScales = false)
    {
        LearnedScales = learnedScales;
        FeatureSubsets = featureSubsets?.Select(f => f?.ToArray()).ToArray() ?? new IReadOnlyList<int>?[heads.Count];
        if (FeatureSubsets.Count != heads.Count) throw new ArgumentException("one feature subset (or null) per output", nameof(featureSubsets));
        if (FeatureSubsets.Any(f => f is not null && f.Any(i => i < 0 || i >= featureCount)))
            throw new ArgumentException($"feature subsets must index the {featureCount} features", nameof(featureSubsets));
        DenominatorUnitCounts = denominatorUnits?.ToArray() ?? new int[heads.Count];
        if (DenominatorUnitCounts.Count != heads.Count) throw new ArgumentException("one denominator unit count per output", nameof(denominatorUnits));
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
        var owners = new List<(int, bool)>();
        for (int j = 0; j < Heads.Count; j++)
        {
            int own = FeatureSubsets[j]?.Count ?? featureCount;
            var c = new Component { OwnFeatureCount = own, FeatureCount = own + Upstream[j].Count, ScaleOffset = offset };
            c.ScaleCount = learnedScales ? Upstream[j].Count : 0;
            offset += c.ScaleCount;
            if (Heads[j].HasMagnitude)
            {
                c.Magnitude = new Magnitude(c.FeatureCount, Hidden, logSumExpUnits, powerTerms, DenominatorUnitCounts[j], offset);
                // The output's learned scales move with its (first) magnitude in the pre-fit.
                magnitudeRanges.Add((c.ScaleOffset, c.ScaleCount + c.Magnitude.Length));
                owners.Add((j, false));
                offset += c.Magnitude.Length;
            }
            if (Heads[j].HasNegativeMagnitude)
            {
                c.Negative = new Magnitude(c.FeatureCount, Hidden, logSumExpUnits, powerTerms, DenominatorUnitCounts[j], offset);
                magnitudeRanges.Add((offset, c.Negative.Length));
                owners.Add((j, true));
                offset += c.Negative.Length;
            }
            if (Heads[j].HasShape)
            {
                c.Shape = new DenseNetwork(c.FeatureCount, Hidden, linearSkip: Heads[j].Kind == OutputHeadKind.Envelope);
                c.ShapeOffset = offset;
                offset += c.Shape.ParameterCount;
            }
            _components[j] = c;
        }
        ParameterCount = offset;
        MagnitudeParameterRanges = magnitudeRanges;
        MagnitudeOwners = owners;
        _magnitudes = owners.Select(o => (o.Item1, o.Item2 ? _components[o.Item1].Negative! : _components[o.Item1].Magnitude!)).ToArray();
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>
    /// Whether each upstream feature's scale is a parameter (its log, at the start of the output's parameters, starting
    /// from <see cref="UpstreamFeature.Scale"/>) instead of fixed: where the feature bends is set by the equations.
    /// </summary>
    public bool LearnedScales { get; }

    /// <summary>Hidden widths of every sub-network.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>Number of log-sum-exp (power-law) units in each magnitude.</summary>
    public int LogSumExpUnitCount { get; }

    /// <summary>Per output, the indices of the shared features it sees, or null for all.</summary>
    public IReadOnlyList<IReadOnlyList<int>?> FeatureSubsets { get; }

    /// <summary>Per output, the number of log-sum-exp units subtracted from its magnitudes.</summary>
    public IReadOnlyList<int> DenominatorUnitCounts { get; }

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

    /// <summary>For each entry of <see cref="MagnitudeParameterRanges"/>, its output and whether it is a difference head's negative part.</summary>
    public IReadOnlyList<(int Output, bool Negative)> MagnitudeOwners { get; }

    /// <summary>(offset, length) of all of output <paramref name="output"/>'s parameters (its magnitude, then its shape).</summary>
    public (int Offset, int Length) OutputParameterRange(int output)
    {
        var c = _components[output];
        int start = c.ScaleCount > 0 ? c.ScaleOffset : c.Magnitude?.Offset ?? c.ShapeOffset;
        int end = c.Shape is not null ? c.ShapeOffset + c.Shape.ParameterCount
            : c.Negative is not null ? c.Negative.Offset + c.Negative.Length
            : c.Magnitude!.Offset + c.Magnitude.Length;
        return (start, end - start);
    }

    /// <summary>Seeded initialisation.</summary>
    public double[] Initialize(int seed)
    {
        var p = new double[ParameterCount];
        var random = new Random(seed);
        for (int j = 0; j < _components.Length; j++)
        {
            var c = _components[j];
            InitializeScales(j, p);
            c.Magnitude?.Initialize(p, random);
            c.Negative?.Initialize(p, random);
            c.Shape?.Initialize(p.AsSpan(c.ShapeOffset, c.Shape.ParameterCount), random);
        }
        return p;
    }

    /// <summary>Re-initialises magnitude <paramref name="index"/> (an entry of <see cref="MagnitudeParameterRanges"/>) alone, from its own seed.</summary>
    public void InitializeMagnitude(int index, Span<double> parameters, int seed)
    {
        var (output, part) = _magnitudes[index];
        if (MagnitudeParameterRanges[index].Offset < part.Offset) InitializeScales(output, parameters);
        part.Initialize(parameters, new Random(seed));
    }

    private void InitializeScales(int output, Span<double> parameters)
    {
        var c = _components[output];
        for (int k = 0; k < c.ScaleCount; k++) parameters[c.ScaleOffset + k] = Math.Log(Upstream[output][k].Scale);
    }

    /// <summary>The scale of output <paramref name="output"/>'s upstream feature <paramref name="k"/> under these parameters.</summary>
    public double UpstreamScale(int output, int k, ReadOnlySpan<double> parameters)
    {
        var c = _components[output];
        return c.ScaleCount > 0 ? Math.Exp(parameters[c.ScaleOffset + k]) : Upstream[output][k].Scale;
    }

    /// <summary>
    /// Evaluates outputs (row-major n x outputs) and, if <paramref name="jacobian"/> is not empty, d(output)/d(parameters)
    /// (row-major (n * outputs) x parameters). Upstream features use the predictions, with their derivatives, unless
    /// <paramref name="teacher"/> (n x outputs) gives values to use instead (as constants) while pre-fitting.
    /// </summary>
    /// <param name="parameters">All parameters.</param>
    /// <param name="features">Row-major n x features.</param>
    /// <param name="count">n.</param>
    /// <param name="outputs">Receives the outputs.</param>
    /// <param name="jacobian">Receives the Jacobian, or empty for none.</param>
    /// <param name="threads">Worker threads; 0 for one per core.</param>
    /// <param name="teacher">Values for upstream features instead of the predictions, or empty.</param>
    /// <param name="moving">
    /// When given, only these outputs' Jacobian rows are written, and only with respect to their own parameters and
    /// those of moving upstream outputs: what a fit that holds the other outputs' parameters fixed needs. Other rows are
    /// left as they were.
    /// </param>
    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> outputs, Span<double> jacobian, int threads = 0, ReadOnlySpan<double> teacher = default, IReadOnlyList<bool>? moving = null)
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
                            y[j] = EvaluateOutput(j, p, u, known, withJacobian && (moving is null || moving[j]) ? rows : default, !taught, scratch, moving);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Predicts outputs (row-major n x outputs) from features (row-major n x features) a block of rows at a time
    /// (<see cref="RowBlock"/>): matrix-matrix products over the block, one vector lane per row, blocks shared among
    /// threads. What <see cref="Evaluate"/> computes without a Jacobian, but with every dot product summed in plain
    /// index order (<see cref="Evaluate"/>'s are vectorised along the sum, a few ulps apart), so the result does not
    /// depend on the block, the thread or the CPU's vector width, and exported code can repeat it exactly.
    /// </summary>
    /// <param name="parameters">All parameters.</param>
    /// <param name="features">Row-major n x features.</param>
    /// <param name="count">n.</param>
    /// <param name="outputs">Receives the outputs, row-major n x outputs.</param>
    /// <param name="threads">Worker threads; 0 for one per core.</param>
    public void Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count, Span<double> outputs, int threads = 0)
    {
        CheckLengths(parameters, features, count);
        if (outputs.Length < (long)count * OutputCount) throw new ArgumentException("output buffer too short", nameof(outputs));
        int blocks = (count + RowBlock.Rows - 1) / RowBlock.Rows;
        if (blocks == 0) return;
        int t = Math.Clamp(threads > 0 ? threads : Environment.ProcessorCount, 1, blocks);
        int fc = FeatureCount, oc = OutputCount;
        if (t == 1)
        {
            // One thread (a point, or a small batch): on the caller's thread, with its cached columns, allocating nothing.
            var columns = _cachedColumns is { } cached && cached.Network == this ? cached.Columns : null;
            columns ??= (_cachedColumns = (this, new BlockColumns(this))).Value.Columns;
            for (int b = 0; b < blocks; b++)
            {
                int first = b * RowBlock.Rows, n = Math.Min(RowBlock.Rows, count - first);
                PredictBlock(parameters, features.Slice(first * fc, n * fc), n, outputs.Slice(first * oc, n * oc), columns);
            }
            return;
        }
        PredictParallel(parameters, features, count, outputs, t, blocks);
    }

    /// <summary><see cref="Predict"/> on <paramref name="t"/> threads (its own method: the closure it captures would otherwise be allocated on every call).</summary>
    private void PredictParallel(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count, Span<double> outputs, int t, int blocks)
    {
        unsafe
        {
            fixed (double* pp = parameters, pf = features, po = outputs)
            {
                var (ptrP, ptrF, ptrO) = ((nint)pp, (nint)pf, (nint)po);
                int pc = ParameterCount, fc = FeatureCount, oc = OutputCount;
                // Contiguous runs of blocks, one per thread: no shared writes, and no block depends on the thread.
                Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k =>
                {
                    var p = new ReadOnlySpan<double>((double*)ptrP, pc);
                    var scratch = new BlockColumns(this);
                    for (int b = (int)((long)blocks * k / t); b < (int)((long)blocks * (k + 1) / t); b++)
                    {
                        int first = b * RowBlock.Rows, n = Math.Min(RowBlock.Rows, count - first);
                        PredictBlock(p, new ReadOnlySpan<double>((double*)ptrF + (long)first * fc, n * fc), n,
                            new Span<double>((double*)ptrO + (long)first * oc, n * oc), scratch);
                    }
                });
            }
        }
    }

    /// <summary>One block of at most <see cref="RowBlock.Rows"/> rows, outputs in <see cref="_order"/> as <see cref="EvaluateOutput"/> computes them.</summary>
    private void PredictBlock(ReadOnlySpan<double> p, ReadOnlySpan<double> features, int n, Span<double> outputs, BlockColumns s)
    {
        const int rows = RowBlock.Rows;
        RowBlock.ToColumns(features, n, FeatureCount, s.Features);
        foreach (int j in _order)
        {
            var c = _components[j];
            var head = Heads[j];
            var x = ExtendBlock(j, p, n, s);
            var m = s.M.AsSpan();
            var t = s.T.AsSpan();
            if (c.Magnitude is null) m[..n].Clear();
            else c.Magnitude.ForwardBlock(p, x, n, s.Parts, m);
            if (c.Shape is not null) c.Shape.ForwardBlock(p.Slice(c.ShapeOffset, c.Shape.ParameterCount), x, n, s.Parts.A, s.Parts.B, t);
            else if (c.Negative is not null) c.Negative.ForwardBlock(p, x, n, s.Parts, t);
            else if (head.Factor >= 0) s.Features.AsSpan(head.Factor * rows, n).CopyTo(t);
            else t[..n].Clear();
            head.CombineColumns(m, t, s.Outputs.AsSpan(j * rows, rows), n);
        }
        for (int r = 0; r < n; r++)
            for (int j = 0; j < OutputCount; j++) outputs[r * OutputCount + j] = s.Outputs[j * rows + r];
    }

    /// <summary>The feature columns output j sees (<see cref="Extend"/> for a block): the shared ones or its subset, then its upstream outputs' features.</summary>
    private ReadOnlySpan<double> ExtendBlock(int j, ReadOnlySpan<double> p, int n, BlockColumns s)
    {
        const int rows = RowBlock.Rows;
        var upstream = Upstream[j];
        var subset = FeatureSubsets[j];
        if (upstream.Count == 0 && subset is null) return s.Features;
        int own = _components[j].OwnFeatureCount;
        var x = s.Extended.AsSpan(0, (own + upstream.Count) * rows);
        if (subset is null) s.Features.AsSpan(0, own * rows).CopyTo(x);
        else for (int k = 0; k < own; k++) s.Features.AsSpan(subset[k] * rows, rows).CopyTo(x.Slice(k * rows, rows));
        for (int k = 0; k < upstream.Count; k++)
        {
            var f = upstream[k];
            double scale = UpstreamScale(j, k, p);
            var y = s.Outputs.AsSpan(f.Output * rows, rows);
            var column = x.Slice((own + k) * rows, rows);
            for (int r = 0; r < n; r++) column[r] = f.Value(y[r], scale);
            column[n..].Clear();
        }
        return x;
    }

    /// <summary>
    /// Evaluates magnitude <paramref name="index"/> (an entry of <see cref="MagnitudeParameterRanges"/>) at n samples and,
    /// if asked, its Jacobian (n x that range's length) with respect to its own parameters.
    /// </summary>
    /// <remarks>Upstream features take their values from <paramref name="teacher"/> (n x outputs), required when the output has them.</remarks>
    public void EvaluateMagnitude(int index, ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, int count,
        Span<double> magnitudes, Span<double> jacobian, int threads = 0, ReadOnlySpan<double> teacher = default)
    {
        var (output, part) = _magnitudes[index];
        if (teacher.IsEmpty && Upstream[output].Count > 0)
            throw new ArgumentException("outputs that see other outputs need teacher values to fit their magnitudes", nameof(teacher));
        CheckLengths(parameters, features, count);
        var (rangeOffset, width) = MagnitudeParameterRanges[index];
        int scales = part.Offset - rangeOffset;
        var c = _components[output];
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
                        var known = taught ? new ReadOnlySpan<double>((double*)ptrT + (long)i * oc, oc) : default;
                        var x = Extend(output, u, known, p, scratch);
                        ((double*)ptrM)[i] = part.Forward(p, x, scratch.Parts);
                        if (!withJacobian) continue;
                        var row = new Span<double>((double*)ptrJ + (long)i * width, width);
                        var inputGradient = scales > 0 ? scratch.InputGradient.AsSpan(0, c.FeatureCount) : default;
                        inputGradient.Clear();
                        part.Backward(p, x, row[scales..], 1, scratch.Parts, inputGradient);
                        ScaleColumns(output, p, known, inputGradient, row[..scales]);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Output j of one sample. <paramref name="rows"/> holds every output's Jacobian row of this sample (or is empty);
    /// with <paramref name="chain"/>, upstream predictions' rows are chained into row j.
    /// </summary>
    private double EvaluateOutput(int j, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> known, Span<double> rows, bool chain, Scratch s,
        IReadOnlyList<bool>? moving)
    {
        var c = _components[j];
        var head = Heads[j];
        var x = Extend(j, u, known, p, s);
        double m = c.Magnitude is null ? 0 : c.Magnitude.Forward(p, x, s.Parts);
        double t = c.Shape is not null ? c.Shape.Forward(p.Slice(c.ShapeOffset, c.Shape.ParameterCount), x, s.Shape)
            : c.Negative is not null ? c.Negative.Forward(p, x, s.NegativeParts)
            : head.Factor >= 0 ? u[head.Factor] : 0;
        var (y, dm, dt) = head.Combine(m, t);
        if (rows.IsEmpty) return y;
        int pc = ParameterCount;
        var row = rows.Slice(j * pc, pc);
        row.Clear();
        var upstream = Upstream[j];
        var inputGradient = (chain || c.ScaleCount > 0) && upstream.Count > 0 ? s.InputGradient.AsSpan(0, c.FeatureCount) : default;
        inputGradient.Clear();
        c.Magnitude?.Backward(p, x, row.Slice(c.Magnitude.Offset, c.Magnitude.Length), dm, s.Parts, inputGradient);
        c.Negative?.Backward(p, x, row.Slice(c.Negative.Offset, c.Negative.Length), dt, s.NegativeParts, inputGradient);
        if (c.Shape is not null)
        {
            var ps = p.Slice(c.ShapeOffset, c.Shape.ParameterCount);
            c.Shape.Backward(ps, s.Shape, dt, row.Slice(c.ShapeOffset, c.Shape.ParameterCount), s.Parts.Delta, s.Parts.NextDelta, inputGradient);
        }
        if (inputGradient.IsEmpty) return y;
        ScaleColumns(j, p, known, inputGradient, row.Slice(c.ScaleOffset, c.ScaleCount));
        if (!chain) return y;
        for (int k = 0; k < upstream.Count; k++)
        {
            var f = upstream[k];
            if (moving is not null && !moving[f.Output]) continue;
            double g = inputGradient[c.OwnFeatureCount + k] * f.Slope(known[f.Output], UpstreamScale(j, k, p));
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(rows.Slice(f.Output * pc, pc), g, row, row);
        }
        return y;
    }

    /// <summary>d(output j's part)/d(log scales) into <paramref name="columns"/>, from d(part)/d(features) in <paramref name="inputGradient"/>.</summary>
    private void ScaleColumns(int j, ReadOnlySpan<double> p, ReadOnlySpan<double> known, ReadOnlySpan<double> inputGradient, Span<double> columns)
    {
        var upstream = Upstream[j];
        int own = _components[j].OwnFeatureCount;
        for (int k = 0; k < columns.Length; k++)
            columns[k] = inputGradient[own + k] * upstream[k].ScaleSlope(known[upstream[k].Output], UpstreamScale(j, k, p));
    }

    /// <summary>The features output j sees: the shared ones (or its subset of them), then its upstream outputs' values from <paramref name="known"/>.</summary>
    private ReadOnlySpan<double> Extend(int j, ReadOnlySpan<double> u, ReadOnlySpan<double> known, ReadOnlySpan<double> p, Scratch s)
    {
        var upstream = Upstream[j];
        var subset = FeatureSubsets[j];
        if (upstream.Count == 0 && subset is null) return u;
        int own = _components[j].OwnFeatureCount;
        var x = s.Extended.AsSpan(0, own + upstream.Count);
        if (subset is null) u[..FeatureCount].CopyTo(x);
        else for (int k = 0; k < own; k++) x[k] = u[subset[k]];
        for (int k = 0; k < upstream.Count; k++) x[own + k] = upstream[k].Value(known[upstream[k].Output], UpstreamScale(j, k, p));
        return x;
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
        public Magnitude? Magnitude, Negative;
        public DenseNetwork? Shape;
        public int ShapeOffset, FeatureCount, OwnFeatureCount, ScaleOffset, ScaleCount;
    }

    /// <summary>Per-thread columns of <see cref="PredictBlock"/>.</summary>
    private sealed class BlockColumns
    {
        public readonly double[] Features, Extended, Outputs, M, T;
        public readonly BlockScratch Parts;

        public BlockColumns(MagnitudeShapeNetwork n)
        {
            int widest = n.FeatureCount + n.Upstream.Max(u => u.Count);
            Features = new double[n.FeatureCount * RowBlock.Rows];
            Extended = new double[widest * RowBlock.Rows];
            Outputs = new double[n.OutputCount * RowBlock.Rows];
            M = new double[RowBlock.Rows];
            T = new double[RowBlock.Rows];
            Parts = new BlockScratch(Math.Max(widest, n.Hidden.DefaultIfEmpty(1).Max()),
                Math.Max(n.LogSumExpUnitCount, Math.Max(n.PowerTermCount, n.DenominatorUnitCounts.Max())));
        }
    }

    private sealed class Scratch
    {
        public readonly double[] Shape, Extended, InputGradient;
        public readonly MagnitudeScratch Parts, NegativeParts;

        public Scratch(MagnitudeShapeNetwork n)
        {
            int widest = n.FeatureCount + n.Upstream.Max(u => u.Count);
            var any = new DenseNetwork(widest, n.Hidden);
            Extended = new double[widest];
            InputGradient = new double[widest];
            Shape = new double[any.ScratchLength];
            Parts = new MagnitudeScratch(any, n.LogSumExpUnitCount, n.PowerTermCount, n.DenominatorUnitCounts.Max());
            NegativeParts = new MagnitudeScratch(any, n.LogSumExpUnitCount, n.PowerTermCount, n.DenominatorUnitCounts.Max());
        }
    }
}
