using System.Globalization;
using System.Text;
using EqNet.Models;

namespace EqNet.Export;

/// <summary>
/// The batch path of an exported network (<see cref="CSharpExporter"/>): blocks of rows stored column by column, one
/// SIMD lane per row, every unit's dot product summed from 0 in input order as <see cref="RowBlock.Dot"/> sums it, then
/// the bias added before tanh (<see cref="RowBlock.AddBias"/>), the log-sum-exp units, power terms and heads as
/// <see cref="Magnitude"/> and <see cref="OutputHead"/> combine their columns: the operations of EqNet's batch
/// prediction, lane for row, so the results are its bits. Unlike EqNet's blocks, the bias, tanh and the sums of the
/// parts are taken while the unit's rows are still in registers, and the vectors are 512 bits wide where the CPU runs
/// them natively (the lanes do not depend on their neighbours, so the width does not change a bit).
/// </summary>
internal static class CSharpBatchSource
{
    /// <summary>The block of rows one pass computes, and the columns it keeps for them.</summary>
    /// <param name="Rows">Rows per block (a multiple of 32, so of every vector width).</param>
    /// <param name="Columns">Columns of <paramref name="Rows"/> values the block keeps.</param>
    /// <param name="Extended">Columns of the features an output sees when they are not the shared ones (0: none needs them).</param>
    /// <param name="Hidden">Widest hidden layer.</param>
    /// <param name="Units">Most log-sum-exp (or denominator) units of one magnitude, plus two (their maximum and sum).</param>
    internal sealed record Plan(int Rows, int Columns, int Extended, int Hidden, int Units);

    /// <summary>
    /// Bytes of columns a block keeps at most: 32 KB stay in the L1 cache of current x86 and ARM cores while every
    /// unit reads them, and on the stack of any thread.
    /// </summary>
    private const int BlockBytes = 32 * 1024;

    public static Plan PlanOf(EqNetModel model, ModelLayout layout)
    {
        var n = model.Network;
        int extended = layout.Outputs.Any(o => !(o.Upstream.Count == 0 && o.SeesAllFeatures && o.Features.Count > 0))
            ? layout.Outputs.Max(o => o.FeatureCount) : 0;
        int hidden = n.Hidden.DefaultIfEmpty(1).Max();
        // The units, their maximum and their sum.
        int units = Math.Max(n.LogSumExpUnitCount, n.DenominatorUnitCounts.DefaultIfEmpty(0).Max()) + 2;
        // features, network outputs, extended features, two hidden layers, the units, m and t.
        int columns = model.Features.Count + n.OutputCount + extended + 2 * hidden + units + 2;
        int rows = Math.Clamp(BlockBytes / (sizeof(double) * columns) / 32 * 32, 32, 256);
        return new Plan(rows, columns, extended, hidden, units);
    }

    /// <summary>The body of <c>Predict(inputs, count, outputs)</c>: whole vectors of rows by blocks, the last few rows one by one.</summary>
    public static void EmitPredict(StringBuilder s, EqNetModel model, Plan plan)
    {
        int d = model.InputNames.Count, o = model.OutputNames.Count, l = model.Network.OutputCount;
        var computed = model.Computed;
        s.AppendLine("        // Rows in SIMD lanes, 512 bits where the CPU runs them natively (the width changes no bit: no lane reads another).");
        s.AppendLine("        int lanes = Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : Vector128.IsHardwareAccelerated ? 2 : 0;");
        s.AppendLine("        int vectorRows = lanes == 0 ? 0 : count - count % lanes;");
        s.AppendLine("        if (vectorRows > 0)");
        s.AppendLine("        {");
        s.AppendLine($"            int rows = Math.Min(vectorRows, {plan.Rows});");
        s.AppendLine($"            Span<double> c = stackalloc double[{plan.Columns} * rows];");
        if (computed is not null)
        {
            int width = d + l + computed.Steps.Count;
            s.AppendLine($"            Span<double> learned = stackalloc double[rows * {l}];");
            s.AppendLine($"            Span<double> q = stackalloc double[{width}];");
        }
        s.AppendLine("            for (int first = 0; first < vectorRows; first += rows)");
        s.AppendLine("            {");
        s.AppendLine("                int n = Math.Min(rows, vectorRows - first);");
        s.AppendLine($"                ReadOnlySpan<double> x = inputs.Slice(first * {d}, n * {d});");
        s.AppendLine($"                Span<double> y = outputs.Slice(first * {o}, n * {o});");
        if (computed is not null)
        {
            s.AppendLine("                Block(x, n, rows, learned, c);");
            s.AppendLine("                for (int r = 0; r < n; r++)");
            s.AppendLine("                {");
            s.AppendLine($"                    ReadOnlySpan<double> xr = x.Slice(r * {d}, {d});");
            s.AppendLine("                    xr.CopyTo(q);");
            s.AppendLine($"                    learned.Slice(r * {l}, {l}).CopyTo(q.Slice({d}));");
            s.AppendLine($"                    Finish(xr, q, y.Slice(r * {o}, {o}));");
            s.AppendLine("                }");
        }
        else
        {
            s.AppendLine("                Block(x, n, rows, y, c);");
            if (model.Refinement is not null)
                s.AppendLine($"                for (int r = 0; r < n; r++) Refine(x.Slice(r * {d}, {d}), y.Slice(r * {o}, {o}));");
        }
        s.AppendLine("            }");
        s.AppendLine("        }");
        s.AppendLine($"        for (int r = vectorRows; r < count; r++) Predict(inputs.Slice(r * {d}, {d}), outputs.Slice(r * {o}, {o}));");
    }

    /// <summary>
    /// The model's <c>Block</c> method: the features of n rows into columns, then every output's parts through the
    /// kernels, in the network's order of outputs, and the network's outputs (after the correction stages) row-major into y.
    /// </summary>
    public static void EmitBlock(StringBuilder s, EqNetModel model, ModelLayout layout, Plan plan, Func<int, string> featureText)
    {
        int d = model.InputNames.Count, f = model.Features.Count, l = model.Network.OutputCount;
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// The network's outputs (row-major n x outputs into y) for n rows (a multiple of the vector width) of inputs,");
        s.AppendLine("    /// through columns of R values in c: the operations of EqNet's batch prediction, one lane per row.");
        s.AppendLine("    /// </summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        s.AppendLine("    private static void Block(ReadOnlySpan<double> inputs, int n, int R, Span<double> y, Span<double> c)");
        s.AppendLine("    {");
        int at = 0;
        string Columns(string name, int count)
        {
            string text = $"        Span<double> {name} = c.Slice({at} * R, {Math.Max(1, count)} * R);";
            at += count;
            return text;
        }
        s.AppendLine(Columns("u", f));
        s.AppendLine(Columns("Y", l));
        if (plan.Extended > 0) s.AppendLine(Columns("v", plan.Extended));
        s.AppendLine(Columns("a", plan.Hidden));
        s.AppendLine(Columns("b", plan.Hidden));
        s.AppendLine(Columns("s", plan.Units));
        s.AppendLine(Columns("m", 1));
        s.AppendLine(Columns("t", 1));
        if (at != plan.Columns) throw new InvalidOperationException($"the block's columns ({at}) are not its plan's ({plan.Columns})");
        s.AppendLine("        for (int r = 0; r < n; r++)");
        s.AppendLine("        {");
        s.AppendLine($"            ReadOnlySpan<double> x = inputs.Slice(r * {d}, {d});");
        for (int k = 0; k < f; k++) s.AppendLine($"            u[{k} * R + r] = {featureText(k)};");
        s.AppendLine("        }");
        foreach (var o in layout.Outputs) EmitOutput(s, o);
        s.AppendLine("        for (int r = 0; r < n; r++)");
        s.AppendLine("        {");
        for (int j = 0; j < l; j++) s.AppendLine($"            y[r * {l} + {j}] = Y[{j} * R + r];");
        s.AppendLine("        }");
        if (model.Corrections is { Count: > 0 })
        {
            s.AppendLine($"        Span<double> features = stackalloc double[{f}];");
            s.AppendLine("        for (int r = 0; r < n; r++)");
            s.AppendLine("        {");
            s.AppendLine($"            for (int k = 0; k < {f}; k++) features[k] = u[k * R + r];");
            s.AppendLine($"            Correct(features, y.Slice(r * {l}, {l}));");
            s.AppendLine("        }");
        }
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitOutput(StringBuilder s, OutputLayout o)
    {
        s.AppendLine($"        // output {o.Index}: {o.Head.Name}, {o.Head.Kind} head");
        bool identity = o.Upstream.Count == 0 && o.SeesAllFeatures && o.Features.Count > 0;
        string x = "u";
        if (!identity)
        {
            x = "v";
            for (int k = 0; k < o.Features.Count; k++)
                s.AppendLine($"        u.Slice({o.Features[k]} * R, n).CopyTo(v.Slice({k} * R));");
            for (int k = 0; k < o.Upstream.Count; k++)
            {
                var up = o.Upstream[k];
                string scale = up.LogScaleParameter is { } p ? $"Math.Exp(P[{p}])" : CSharpExporter.Literal(up.Feature.Scale);
                string y = $"Y[{up.Feature.Output} * R + r]";
                string raw = up.Feature.Even ? $"0.5 * Math.Log({y} * {y} + scale * scale)" : $"Math.Asinh({y} / scale)";
                s.AppendLine("        {");
                s.AppendLine($"            double scale = {scale};");
                s.AppendLine($"            for (int r = 0; r < n; r++) v[{o.Features.Count + k} * R + r] = ({raw} - {CSharpExporter.Literal(up.Feature.Center)}) / {CSharpExporter.Literal(up.Feature.Width)};");
                s.AppendLine("        }");
            }
        }
        int f = o.FeatureCount;
        if (o.Magnitude is { } magnitude) EmitMagnitude(s, magnitude, x, f, "m");
        else s.AppendLine("        m.Slice(0, n).Clear();");
        string t = "t";
        if (o.Shape is { } shape)
        {
            EmitMlp(s, shape, x, "t");
            // An envelope head's shape has a linear term, added after the last layer (DenseNetwork's layout).
            if (o.Head.Kind == OutputHeadKind.Envelope) s.AppendLine($"        AddDot({shape[^1].BiasOffset + shape[^1].Outputs}, {f}, {x}, t, R, n);");
        }
        else if (o.Negative is { } negative) EmitMagnitude(s, negative, x, f, "t");
        else if (o.Head.Factor >= 0) t = $"u.Slice({o.Head.Factor} * R, R)";
        else s.AppendLine("        t.Slice(0, n).Clear();");
        var h = o.Head;
        var (kind, first, second) = h.Kind switch
        {
            OutputHeadKind.Difference => (0, 0.0, 0.0),
            OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => (1, 0, 0),
            OutputHeadKind.LowerBound => (2, h.Min, 0),
            OutputHeadKind.UpperBound => (3, h.Max, 0),
            OutputHeadKind.Affine => (4, (h.Min + h.Max) / 2, (h.Max - h.Min) / 2),
            _ => (5, h.Min, h.Max - h.Min),
        };
        s.AppendLine($"        HeadRows({kind}, {CSharpExporter.Literal(first)}, {CSharpExporter.Literal(second)}, m, {t}, Y.Slice({o.Index} * R, R), n);");
    }

    /// <summary>m = MLP + LSE(units) + power terms - LSE(denominator units), each part summed on its own and added in that order (Magnitude.ForwardBlock).</summary>
    private static void EmitMagnitude(StringBuilder s, MagnitudeLayout g, string x, int f, string target)
    {
        EmitMlp(s, g.Mlp, x, target);
        s.AppendLine($"        LseRows({g.Units.Offset}, {g.Units.Units}, {f}, true, {x}, s, {target}, R, n);");
        s.AppendLine($"        TermsRows({g.Terms.Offset}, {g.Terms.Units}, {f}, {x}, s, {target}, R, n);");
        if (g.Denominator is { } den) s.AppendLine($"        LseRows({den.Offset}, {den.Units}, {f}, false, {x}, s, {target}, R, n);");
    }

    private static void EmitMlp(StringBuilder s, IReadOnlyList<DenseLayer> layers, string x, string target)
    {
        string input = x;
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            string output = k == layers.Count - 1 ? target : k % 2 == 0 ? "a" : "b";
            s.AppendLine($"        Dense({layer.Offset}, {layer.Inputs}, {layer.Outputs}, {(layer.Tanh ? "true" : "false")}, {input}, {output}, R, n);");
            input = output;
        }
    }

    /// <summary>The kernels at every width: one dispatching method each (the JIT keeps only its CPU's branch), then the widths.</summary>
    public static string Kernels()
    {
        var s = new StringBuilder(Dispatch);
        foreach (var width in new[] { "512", "256", "128" })
            s.Append(Template.Replace("$W$", width, StringComparison.Ordinal).Replace("$V$", "Vector" + width, StringComparison.Ordinal));
        return s.ToString();
    }

    private const string Dispatch = """
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Layer(int q, int fanIn, int width, ReadOnlySpan<double> x, Span<double> z)
        {
            if (Vector512.IsHardwareAccelerated) Layer512(q, fanIn, width, x, z);
            else if (Vector256.IsHardwareAccelerated) Layer256(q, fanIn, width, x, z);
            else Layer128(q, fanIn, width, x, z);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Units(int q, int width, bool biased, ReadOnlySpan<double> u, Span<double> w)
        {
            if (Vector512.IsHardwareAccelerated) Units512(q, width, biased, u, w);
            else if (Vector256.IsHardwareAccelerated) Units256(q, width, biased, u, w);
            else Units128(q, width, biased, u, w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ExpShifted(int width, double max, Span<double> w)
        {
            if (Vector512.IsHardwareAccelerated) ExpShifted512(width, max, w);
            else if (Vector256.IsHardwareAccelerated) ExpShifted256(width, max, w);
            else ExpShifted128(width, max, w);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Dense(int offset, int fanIn, int width, bool tanh, ReadOnlySpan<double> x, Span<double> z, int R, int rows)
        {
            if (Vector512.IsHardwareAccelerated) Dense512(offset, fanIn, width, tanh, x, z, R, rows);
            else if (Vector256.IsHardwareAccelerated) Dense256(offset, fanIn, width, tanh, x, z, R, rows);
            else Dense128(offset, fanIn, width, tanh, x, z, R, rows);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddDot(int offset, int fanIn, ReadOnlySpan<double> x, Span<double> z, int R, int rows)
        {
            if (Vector512.IsHardwareAccelerated) AddDot512(offset, fanIn, x, z, R, rows);
            else if (Vector256.IsHardwareAccelerated) AddDot256(offset, fanIn, x, z, R, rows);
            else AddDot128(offset, fanIn, x, z, R, rows);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void LseRows(int offset, int units, int fanIn, bool add, ReadOnlySpan<double> x, Span<double> s, Span<double> m, int R, int rows)
        {
            if (Vector512.IsHardwareAccelerated) LseRows512(offset, units, fanIn, add, x, s, m, R, rows);
            else if (Vector256.IsHardwareAccelerated) LseRows256(offset, units, fanIn, add, x, s, m, R, rows);
            else LseRows128(offset, units, fanIn, add, x, s, m, R, rows);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TermsRows(int offset, int terms, int fanIn, ReadOnlySpan<double> x, Span<double> s, Span<double> m, int R, int rows)
        {
            if (Vector512.IsHardwareAccelerated) TermsRows512(offset, terms, fanIn, x, s, m, R, rows);
            else if (Vector256.IsHardwareAccelerated) TermsRows256(offset, terms, fanIn, x, s, m, R, rows);
            else TermsRows128(offset, terms, fanIn, x, s, m, R, rows);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void HeadRows(int kind, double first, double second, ReadOnlySpan<double> m, ReadOnlySpan<double> t, Span<double> y, int rows)
        {
            if (Vector512.IsHardwareAccelerated) HeadRows512(kind, first, second, m, t, y, rows);
            else if (Vector256.IsHardwareAccelerated) HeadRows256(kind, first, second, m, t, y, rows);
            else HeadRows128(kind, first, second, m, t, y, rows);
        }


    """;

    /// <summary>
    /// The kernels for one vector width ($V$, $W$ its bits). Every lane makes the operations EqNet's batch prediction
    /// makes for its row, in the same order, with no fused multiply-add; tanh, exp and log are VectorTanh, VectorExp
    /// and VectorLog, lane for lane.
    /// </summary>
    private const string Template = """
        /// <summary>One point: z = tanh(bias + W x), units side by side: weights of input i for units k.. at Q[q + i * width + k], biases after them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Layer$W$(int q, int fanIn, int width, ReadOnlySpan<double> x, Span<double> z)
        {
            ref double w = ref MemoryMarshal.GetArrayDataReference(Q);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double zs = ref MemoryMarshal.GetReference(z);
            int n = $V$<double>.Count, k = 0;
            // Four vectors of units at a time: four independent chains of adds keep the adders busy.
            for (; k + 4 * n <= width; k += 4 * n)
            {
                $V$<double> s0 = $V$<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int i = 0; i < fanIn; i++)
                {
                    var xi = $V$.Create(Unsafe.Add(ref xs, i));
                    ref double wi = ref Unsafe.Add(ref w, q + i * width + k);
                    s0 += $V$.LoadUnsafe(ref wi) * xi;
                    s1 += $V$.LoadUnsafe(ref wi, (nuint)n) * xi;
                    s2 += $V$.LoadUnsafe(ref wi, (nuint)(2 * n)) * xi;
                    s3 += $V$.LoadUnsafe(ref wi, (nuint)(3 * n)) * xi;
                }
                ref double bias = ref Unsafe.Add(ref w, q + fanIn * width + k);
                Tanh$W$($V$.LoadUnsafe(ref bias) + s0).StoreUnsafe(ref zs, (nuint)k);
                Tanh$W$($V$.LoadUnsafe(ref bias, (nuint)n) + s1).StoreUnsafe(ref zs, (nuint)(k + n));
                Tanh$W$($V$.LoadUnsafe(ref bias, (nuint)(2 * n)) + s2).StoreUnsafe(ref zs, (nuint)(k + 2 * n));
                Tanh$W$($V$.LoadUnsafe(ref bias, (nuint)(3 * n)) + s3).StoreUnsafe(ref zs, (nuint)(k + 3 * n));
            }
            for (; k < width; k += n)
            {
                var s = $V$<double>.Zero;
                for (int i = 0; i < fanIn; i++) s += $V$.LoadUnsafe(ref w, (nuint)(q + i * width + k)) * $V$.Create(Unsafe.Add(ref xs, i));
                Tanh$W$($V$.LoadUnsafe(ref w, (nuint)(q + fanIn * width + k)) + s).StoreUnsafe(ref zs, (nuint)k);
            }
        }

        /// <summary>One point: w_k = bias_k + sum_i W_ki u_i (or exp of the sum, without bias) for the units side by side (padded to <paramref name="width"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Units$W$(int q, int width, bool biased, ReadOnlySpan<double> u, Span<double> w)
        {
            ref double qs = ref MemoryMarshal.GetArrayDataReference(Q);
            ref double us = ref MemoryMarshal.GetReference(u);
            ref double ws = ref MemoryMarshal.GetReference(w);
            int f = u.Length;
            for (int k = 0; k < width; k += $V$<double>.Count)
            {
                var s = $V$<double>.Zero;
                for (int i = 0; i < f; i++) s += $V$.LoadUnsafe(ref qs, (nuint)(q + i * width + k)) * $V$.Create(Unsafe.Add(ref us, i));
                s = biased ? $V$.LoadUnsafe(ref qs, (nuint)(q + f * width + k)) + s : Exp$W$(s);
                s.StoreUnsafe(ref ws, (nuint)k);
            }
        }

        /// <summary>One point: w_k = exp(w_k - max) for the units side by side.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExpShifted$W$(int width, double max, Span<double> w)
        {
            ref double ws = ref MemoryMarshal.GetReference(w);
            var top = $V$.Create(max);
            for (int k = 0; k < width; k += $V$<double>.Count) Exp$W$($V$.LoadUnsafe(ref ws, (nuint)k) - top).StoreUnsafe(ref ws, (nuint)k);
        }

        /// <summary>z_k = bias_k + sum_i W_ki x_i (then tanh if asked) for rows [0, rows) of columns R apart; W row-major from P[offset], the biases after it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Dense$W$(int offset, int fanIn, int width, bool tanh, ReadOnlySpan<double> x, Span<double> z, int R, int rows)
        {
            ref double p = ref MemoryMarshal.GetArrayDataReference(P);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double zs = ref MemoryMarshal.GetReference(z);
            int n = $V$<double>.Count;
            for (int k = 0; k < width; k++)
            {
                ref double w = ref Unsafe.Add(ref p, offset + k * fanIn);
                var bias = $V$.Create(Unsafe.Add(ref p, offset + width * fanIn + k));
                ref double zk = ref Unsafe.Add(ref zs, k * R);
                int r = 0;
                // Four vectors of rows at a time: four independent chains of adds keep the adders busy.
                for (; r + 4 * n <= rows; r += 4 * n)
                {
                    $V$<double> s0 = $V$<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
                    for (int i = 0; i < fanIn; i++)
                    {
                        var wi = $V$.Create(Unsafe.Add(ref w, i));
                        ref double xi = ref Unsafe.Add(ref xs, i * R + r);
                        s0 += wi * $V$.LoadUnsafe(ref xi);
                        s1 += wi * $V$.LoadUnsafe(ref xi, (nuint)n);
                        s2 += wi * $V$.LoadUnsafe(ref xi, (nuint)(2 * n));
                        s3 += wi * $V$.LoadUnsafe(ref xi, (nuint)(3 * n));
                    }
                    s0 = bias + s0;
                    s1 = bias + s1;
                    s2 = bias + s2;
                    s3 = bias + s3;
                    if (tanh)
                    {
                        s0 = Tanh$W$(s0);
                        s1 = Tanh$W$(s1);
                        s2 = Tanh$W$(s2);
                        s3 = Tanh$W$(s3);
                    }
                    s0.StoreUnsafe(ref zk, (nuint)r);
                    s1.StoreUnsafe(ref zk, (nuint)(r + n));
                    s2.StoreUnsafe(ref zk, (nuint)(r + 2 * n));
                    s3.StoreUnsafe(ref zk, (nuint)(r + 3 * n));
                }
                for (; r < rows; r += n)
                {
                    var s = $V$<double>.Zero;
                    for (int i = 0; i < fanIn; i++) s += $V$.Create(Unsafe.Add(ref w, i)) * $V$.LoadUnsafe(ref xs, (nuint)(i * R + r));
                    s = bias + s;
                    if (tanh) s = Tanh$W$(s);
                    s.StoreUnsafe(ref zk, (nuint)r);
                }
            }
        }

        /// <summary>z += sum_i w_i x_i, the weights from P[offset]: the linear term of an envelope's shape.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void AddDot$W$(int offset, int fanIn, ReadOnlySpan<double> x, Span<double> z, int R, int rows)
        {
            ref double w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(P), offset);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double zs = ref MemoryMarshal.GetReference(z);
            for (int r = 0; r < rows; r += $V$<double>.Count)
            {
                var s = $V$<double>.Zero;
                for (int i = 0; i < fanIn; i++) s += $V$.Create(Unsafe.Add(ref w, i)) * $V$.LoadUnsafe(ref xs, (nuint)(i * R + r));
                ($V$.LoadUnsafe(ref zs, (nuint)r) + s).StoreUnsafe(ref zs, (nuint)r);
            }
        }

        /// <summary>
        /// m +- (max_k s_k + log sum_k exp(s_k - max_k s_k)), s_k = bias_k + w_k . x, per unit fanIn weights then the
        /// bias from P[offset]; s holds units + 2 columns (the units, the maximum, the sum). In passes over the rows,
        /// each of independent vectors, so that the exps and logs of several run at once.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void LseRows$W$(int offset, int units, int fanIn, bool add, ReadOnlySpan<double> x, Span<double> s, Span<double> m, int R, int rows)
        {
            ref double p = ref MemoryMarshal.GetArrayDataReference(P);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double ss = ref MemoryMarshal.GetReference(s);
            ref double max = ref Unsafe.Add(ref ss, units * R);
            ref double sum = ref Unsafe.Add(ref ss, (units + 1) * R);
            ref double ms = ref MemoryMarshal.GetReference(m);
            int n = $V$<double>.Count;
            for (int r = 0; r < rows; r += n) $V$.Create(double.NegativeInfinity).StoreUnsafe(ref max, (nuint)r);
            for (int k = 0; k < units; k++)
            {
                ref double w = ref Unsafe.Add(ref p, offset + k * (fanIn + 1));
                var bias = $V$.Create(Unsafe.Add(ref w, fanIn));
                for (int r = 0; r < rows; r += n)
                {
                    var d = $V$<double>.Zero;
                    for (int i = 0; i < fanIn; i++) d += $V$.Create(Unsafe.Add(ref w, i)) * $V$.LoadUnsafe(ref xs, (nuint)(i * R + r));
                    d = bias + d;
                    d.StoreUnsafe(ref ss, (nuint)(k * R + r));
                    $V$.Max($V$.LoadUnsafe(ref max, (nuint)r), d).StoreUnsafe(ref max, (nuint)r);
                }
            }
            for (int r = 0; r < rows; r += n) $V$<double>.Zero.StoreUnsafe(ref sum, (nuint)r);
            for (int k = 0; k < units; k++)
                for (int r = 0; r < rows; r += n)
                    ($V$.LoadUnsafe(ref sum, (nuint)r) + Exp$W$($V$.LoadUnsafe(ref ss, (nuint)(k * R + r)) - $V$.LoadUnsafe(ref max, (nuint)r))).StoreUnsafe(ref sum, (nuint)r);
            for (int r = 0; r < rows; r += n)
            {
                var lse = $V$.LoadUnsafe(ref max, (nuint)r) + Log$W$($V$.LoadUnsafe(ref sum, (nuint)r));
                var before = $V$.LoadUnsafe(ref ms, (nuint)r);
                (add ? before + lse : before - lse).StoreUnsafe(ref ms, (nuint)r);
            }
        }

        /// <summary>
        /// m += sum_k c_k exp(v_k . x), per term fanIn exponents then the coefficient from P[offset], the sum (in
        /// s, one column) added as one (+ 0 without terms); term by term over the rows, so that several exps run at once.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void TermsRows$W$(int offset, int terms, int fanIn, ReadOnlySpan<double> x, Span<double> s, Span<double> m, int R, int rows)
        {
            ref double p = ref MemoryMarshal.GetArrayDataReference(P);
            ref double xs = ref MemoryMarshal.GetReference(x);
            ref double sum = ref MemoryMarshal.GetReference(s);
            ref double ms = ref MemoryMarshal.GetReference(m);
            int n = $V$<double>.Count;
            for (int r = 0; r < rows; r += n) $V$<double>.Zero.StoreUnsafe(ref sum, (nuint)r);
            for (int k = 0; k < terms; k++)
            {
                ref double w = ref Unsafe.Add(ref p, offset + k * (fanIn + 1));
                var c = $V$.Create(Unsafe.Add(ref w, fanIn));
                for (int r = 0; r < rows; r += n)
                {
                    var d = $V$<double>.Zero;
                    for (int i = 0; i < fanIn; i++) d += $V$.Create(Unsafe.Add(ref w, i)) * $V$.LoadUnsafe(ref xs, (nuint)(i * R + r));
                    ($V$.LoadUnsafe(ref sum, (nuint)r) + c * Exp$W$(d)).StoreUnsafe(ref sum, (nuint)r);
                }
            }
            for (int r = 0; r < rows; r += n) ($V$.LoadUnsafe(ref ms, (nuint)r) + $V$.LoadUnsafe(ref sum, (nuint)r)).StoreUnsafe(ref ms, (nuint)r);
        }

        /// <summary>
        /// The head: 0 exp(m) - exp(t); 1 exp(m) t; 2 first + exp(m); 3 first - exp(m); 4 first + second t;
        /// 5 first + second (1 / (1 + exp(-t))).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void HeadRows$W$(int kind, double first, double second, ReadOnlySpan<double> m, ReadOnlySpan<double> t, Span<double> y, int rows)
        {
            ref double ms = ref MemoryMarshal.GetReference(m);
            ref double ts = ref MemoryMarshal.GetReference(t);
            ref double ys = ref MemoryMarshal.GetReference(y);
            var a = $V$.Create(first);
            var b = $V$.Create(second);
            for (int r = 0; r < rows; r += $V$<double>.Count)
            {
                var mv = $V$.LoadUnsafe(ref ms, (nuint)r);
                var tv = $V$.LoadUnsafe(ref ts, (nuint)r);
                var value = kind switch
                {
                    0 => Exp$W$(mv) - Exp$W$(tv),
                    1 => Exp$W$(mv) * tv,
                    2 => a + Exp$W$(mv),
                    3 => a - Exp$W$(mv),
                    4 => a + b * tv,
                    _ => a + b * ($V$<double>.One / ($V$<double>.One + Exp$W$(-tv))),
                };
                value.StoreUnsafe(ref ys, (nuint)r);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static $V$<double> Tanh$W$($V$<double> x)
        {
            var a = $V$.Abs(x);
            var s = a * a;
            var p = ($V$.Create(-9.64399179425052238628E-1) * s + $V$.Create(-9.92877231001918586564E1)) * s + $V$.Create(-1.61468768441708447952E3);
            var q = ((s + $V$.Create(1.12811678491632931402E2)) * s + $V$.Create(2.23548839060100448583E3)) * s + $V$.Create(4.84406305325125486048E3);
            var small = a + a * s * (p / q);
            var w = $V$.Create(-2.0) * a;
            var kRounded = w * $V$.Create(1.44269504088896338700e+00) + $V$.Create(6755399441055744.0);
            var k = kRounded - $V$.Create(6755399441055744.0);
            var hi = w - k * $V$.Create(6.93147180369123816490e-01);
            var lo = k * $V$.Create(1.90821492927058770002e-10);
            var r = hi - lo;
            var t = r * r;
            var c = r - t * ($V$.Create(1.66666666666666019037e-01) + t * ($V$.Create(-2.77777777770155933842e-03) + t * ($V$.Create(6.61375632143793436117e-05) + t * ($V$.Create(-1.65339022054652515390e-06) + t * $V$.Create(4.13813679705723846039e-08)))));
            var em = hi - (lo - r * c / ($V$.Create(2.0) - c));
            var twoK = $V$.ShiftLeft($V$.AsInt64(kRounded) - $V$.AsInt64($V$.Create(6755399441055744.0)) + $V$.Create(1023L), 52).AsDouble();
            var large = ($V$<double>.One - twoK - twoK * em) / ($V$<double>.One + twoK + twoK * em);
            var magnitude = $V$.ConditionalSelect($V$.LessThan(a, $V$.Create(0.625)), small,
                $V$.ConditionalSelect($V$.GreaterThan(a, $V$.Create(20.0)), $V$<double>.One, large));
            return $V$.ConditionalSelect($V$.Create(long.MinValue).AsDouble(), x, magnitude);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static $V$<double> Exp$W$($V$<double> x)
        {
            var w = $V$.Min($V$.Max(x, $V$.Create(-750.0)), $V$.Create(710.0));
            var kRounded = w * $V$.Create(1.44269504088896338700e+00) + $V$.Create(6755399441055744.0);
            var k = kRounded - $V$.Create(6755399441055744.0);
            var hi = w - k * $V$.Create(6.93147180369123816490e-01);
            var lo = k * $V$.Create(1.90821492927058770002e-10);
            var r = hi - lo;
            var t = r * r;
            var c = r - t * ($V$.Create(1.66666666666666019037e-01) + t * ($V$.Create(-2.77777777770155933842e-03) + t * ($V$.Create(6.61375632143793436117e-05) + t * ($V$.Create(-1.65339022054652515390e-06) + t * $V$.Create(4.13813679705723846039e-08)))));
            var y = $V$<double>.One - ((lo - r * c / ($V$.Create(2.0) - c)) - hi);
            var ki = $V$.AsInt64(kRounded) - $V$.AsInt64($V$.Create(6755399441055744.0));
            var k1 = $V$.ShiftRightArithmetic(ki, 1);
            var k2 = ki - k1;
            var result = y * $V$.ShiftLeft(k1 + $V$.Create(1023L), 52).AsDouble() * $V$.ShiftLeft(k2 + $V$.Create(1023L), 52).AsDouble();
            return $V$.ConditionalSelect($V$.Equals(x, x), result, x);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static $V$<double> Log$W$($V$<double> x)
        {
            var bits = $V$.AsInt64(x);
            var hx = $V$.ShiftRightArithmetic(bits, 32);
            var k = $V$.ShiftRightArithmetic(hx, 20) - $V$.Create(1023L);
            hx &= $V$.Create(0x000fffffL);
            var i = (hx + $V$.Create(0x95f64L)) & $V$.Create(0x100000L);
            k += $V$.ShiftRightArithmetic(i, 20);
            var f = $V$.AsDouble($V$.ShiftLeft(hx | (i ^ $V$.Create(0x3ff00000L)), 32) | (bits & $V$.Create(0xffffffffL))) - $V$<double>.One;
            var dk = $V$.ConvertToDouble(k);
            var s = f / ($V$.Create(2.0) + f);
            var z = s * s;
            var w = z * z;
            var t1 = w * ($V$.Create(3.999999999940941908e-01) + w * ($V$.Create(2.222219843214978396e-01) + w * $V$.Create(1.531383769920937332e-01)));
            var t2 = z * ($V$.Create(6.666666666666735130e-01) + w * ($V$.Create(2.857142874366239149e-01) + w * ($V$.Create(1.818357216161805012e-01) + w * $V$.Create(1.479819860511658591e-01))));
            var rr = t2 + t1;
            var hfsq = $V$.Create(0.5) * f * f;
            var withHalfSquare = $V$.GreaterThanOrEqual(hx - $V$.Create(0x6147aL), $V$<long>.Zero) & $V$.GreaterThanOrEqual($V$.Create(0x6b851L) - hx, $V$<long>.Zero);
            var ln2Hi = dk * $V$.Create(6.93147180369123816490e-01);
            var ln2Lo = dk * $V$.Create(1.90821492927058770002e-10);
            var result = $V$.ConditionalSelect(withHalfSquare.AsDouble(), ln2Hi - ((hfsq - (s * (hfsq + rr) + ln2Lo)) - f), ln2Hi - ((s * (f - rr) - ln2Lo) - f));
            // Zero, negative, subnormal and non-finite lanes are Math.Log's own, as EqNet's.
            var normal = $V$.GreaterThanOrEqual(x, $V$.Create(2.2250738585072014e-308)) & $V$.LessThanOrEqual(x, $V$.Create(double.MaxValue));
            if (!$V$.EqualsAll(normal.AsInt64(), $V$<long>.AllBitsSet))
                for (int lane = 0; lane < $V$<double>.Count; lane++)
                    if (normal.AsInt64().GetElement(lane) == 0) result = result.WithElement(lane, Math.Log(x.GetElement(lane)));
            return result;
        }


    """;
}
