using System.Globalization;
using System.Text;
using EqNet.Expressions;
using EqNet.Features;
using EqNet.Models;

namespace EqNet.Export;

/// <summary>
/// Writes a model as one dependency-free C# file: the weights inlined as round-trip float64 literals, a
/// <c>Predict</c> method per output, and a batch overload. The arithmetic is EqNet's own, operation for operation
/// (features, MLPs with EqNet's tanh (<see cref="VectorTanh.Scalar"/>, written out), log-sum-exp with the maximum subtracted, power terms, heads), every
/// dot product summed in the order EqNet's batch prediction sums it (<see cref="MagnitudeShapeNetwork.Predict"/>), so
/// the results are <see cref="EqNetModel.Predict(ReadOnlySpan{double}, int, int)"/>'s to the bit (tested on every example).
/// </summary>
public static class CSharpExporter
{
    /// <summary>
    /// The C# source of <paramref name="model"/> as a static class <paramref name="className"/>: a network
    /// (<see cref="EqNetModel"/>, weights inlined) or closed forms (<see cref="FormulaModel"/>, each formula as C#
    /// with the <see cref="Math"/> calls EqNet's compiled expressions make).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="className">A C# identifier.</param>
    /// <param name="namespaceName">A namespace for the class, or null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="className"/> or <paramref name="namespaceName"/> is not an identifier.</exception>
    /// <exception cref="ExportException">The model is of a kind this exporter does not know.</exception>
    public static string Generate(IPredictor model, string className, string? namespaceName = null) => model switch
    {
        EqNetModel network => Generate(network, className, namespaceName),
        FormulaModel formula => Generate(formula, className, namespaceName),
        null => throw new ArgumentNullException(nameof(model)),
        _ => throw new ExportException($"a {model.GetType().Name} has no C# form in this exporter"),
    };

    /// <summary>The C# source of a network model as a static class <paramref name="className"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="className">A C# identifier.</param>
    /// <param name="namespaceName">A namespace for the class, or null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="className"/> or <paramref name="namespaceName"/> is not an identifier.</exception>
    public static string Generate(EqNetModel model, string className, string? namespaceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = ModelLayout.Of(model.Network);
        var inputs = model.InputNames;
        var refinement = model.Refinement is { } r ? NewtonRefinementSource.Of(r) : null;
        var plan = CSharpBatchSource.PlanOf(model, layout);
        var s = Header(model, className, namespaceName, "EqNet model",
            model.Features.Features.Select(f => f.BoundExpression(model.InputNames)).OfType<Expr>()
                .Concat(model.Computed?.Steps.Select(c => c.Value) ?? []).Concat(refinement?.Expressions ?? []),
            batch => CSharpBatchSource.EmitPredict(batch, model, plan));
        if (model.Computed is null && refinement is not null)
        {
            s.AppendLine("        Network(x, y);");
            s.AppendLine("        Refine(x, y);");
            s.AppendLine("    }");
            s.AppendLine();
            s.AppendLine("    /// <summary>The network's outputs, before the Newton steps.</summary>");
            s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            s.AppendLine("    private static void Network(ReadOnlySpan<double> x, Span<double> y)");
            s.AppendLine("    {");
        }
        if (model.Computed is { } computed)
        {
            // The network predicts the learned outputs; the others follow from their equations, in order, after it.
            var row = inputs.Concat(computed.Learned).Concat(computed.Steps.Select(c => c.Name)).ToArray();
            int d = inputs.Count, l = computed.Learned.Count;
            s.AppendLine($"        Span<double> q = stackalloc double[{row.Length}];");
            s.AppendLine("        x.CopyTo(q);");
            s.AppendLine($"        Network(x, q.Slice({d}, {l}));");
            s.AppendLine("        Finish(x, q, y);");
            s.AppendLine("    }");
            s.AppendLine();
            s.AppendLine("    /// <summary>From q = (inputs, the network's outputs, room for the computed ones): the Newton steps, the computed outputs, then y.</summary>");
            s.AppendLine("    private static void Finish(ReadOnlySpan<double> x, Span<double> q, Span<double> y)");
            s.AppendLine("    {");
            if (refinement is not null) s.AppendLine($"        Refine(x, q.Slice({d}, {l}));");
            for (int k = 0; k < computed.Steps.Count; k++)
            {
                var step = computed.Steps[k];
                s.AppendLine($"        // {Comment(step.Name)}: {Comment(step.Structure)}");
                s.AppendLine($"        q[{d + l + k}] = {Translate(step.Value, row, "q")};");
            }
            for (int j = 0; j < model.OutputNames.Count; j++)
                s.AppendLine($"        y[{j}] = q[{Array.IndexOf(row, model.OutputNames[j])}];");
            s.AppendLine("    }");
            s.AppendLine();
            s.AppendLine("    /// <summary>The network's outputs (the learned ones), in the network's order.</summary>");
            s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            s.AppendLine("    private static void Network(ReadOnlySpan<double> x, Span<double> y)");
            s.AppendLine("    {");
        }
        var q = new List<double>();
        s.AppendLine($"        Span<double> u = stackalloc double[{Math.Max(1, model.Features.Count)}];");
        for (int f = 0; f < model.Features.Count; f++)
            s.AppendLine($"        u[{f}] = {FeatureValue(model, f)};");
        int widest = layout.Outputs.Max(o => o.FeatureCount);
        int units = Math.Max(model.Network.PowerTermCount, Math.Max(model.Network.LogSumExpUnitCount, model.Network.DenominatorUnitCounts.DefaultIfEmpty(0).Max()));
        int scratch = Math.Max(widest, model.Network.Hidden.DefaultIfEmpty(1).Max());
        s.AppendLine($"        Span<double> v = stackalloc double[{widest}];");
        s.AppendLine($"        Span<double> a = stackalloc double[{Padded(scratch)}];");
        s.AppendLine($"        Span<double> b = stackalloc double[{Padded(scratch)}];");
        s.AppendLine($"        Span<double> w = stackalloc double[{Padded(Math.Max(1, units))}];");
        foreach (var o in layout.Outputs) EmitOutput(s, o, model.Parameters, q);
        double[] all = [.. model.Parameters, .. model.Corrections?.Stages.SelectMany(st => st.Parameters) ?? []];
        if (model.Corrections is { Count: > 0 }) s.AppendLine("        Correct(u, y);");
        s.AppendLine("    }");
        s.AppendLine();
        EmitCorrections(s, model, all, q);
        CSharpBatchSource.EmitBlock(s, model, layout, plan, f => FeatureValue(model, f));
        if (refinement is not null) s.Append(refinement.Source);
        s.Append(Helpers);
        s.Append(CSharpBatchSource.Kernels());
        AppendArray(s, "P", "The parameters, in EqNet's layout (the network's, then each correction stage's).", all);
        AppendArray(s, "Q", $"Per layer and unit group, the weights by input with the units side by side (padded with zeros to a multiple of {Lanes}), then the biases: one vector of units per input.", q);
        s.AppendLine("}");
        return s.ToString();
    }

    /// <summary>Feature <paramref name="f"/> of the row <c>x</c>, standardised, as FeatureMap.Compute computes it.</summary>
    private static string FeatureValue(EqNetModel model, int f)
    {
        var feature = model.Features.Features[f];
        return $"({FeatureText(feature, model.InputNames)} - {Literal(feature.Center)}) / {Literal(feature.Width)}";
    }

    /// <summary>Units are padded to a multiple of this in the per-point weights: a multiple of every width .NET's Vector&lt;double&gt; has (2, 4, 8).</summary>
    private const int Lanes = 8;

    private static int Padded(int n) => (n + Lanes - 1) / Lanes * Lanes;

    private static void AppendArray(StringBuilder s, string name, string summary, IReadOnlyList<double> values)
    {
        s.AppendLine($"    /// <summary>{summary}</summary>");
        s.AppendLine($"    private static readonly double[] {name} =");
        s.AppendLine("    [");
        for (int k = 0; k < values.Count; k += 4)
            s.AppendLine("        " + string.Join(", ", values.Skip(k).Take(4).Select(Literal)) + ",");
        s.AppendLine("    ];");
    }

    /// <summary>
    /// Appends <paramref name="units"/> units of <paramref name="inputs"/> weights each (unit k's at
    /// <paramref name="offset"/> + k * <paramref name="stride"/>, its bias at <paramref name="bias"/> + k * <paramref name="stride"/>)
    /// to <paramref name="q"/> by input, units side by side and padded, then the biases; returns where they start.
    /// </summary>
    private static int Transposed(List<double> q, IReadOnlyList<double> p, int offset, int units, int inputs, int stride, int? bias, int biasStride)
    {
        int start = q.Count, width = Padded(units);
        for (int i = 0; i < inputs; i++)
            for (int k = 0; k < width; k++) q.Add(k < units ? p[offset + k * stride + i] : 0);
        for (int k = 0; k < width; k++) q.Add(k < units && bias is { } at ? p[at + k * biasStride] : 0);
        return start;
    }

    /// <summary>The C# source of a formula model as a static class <paramref name="className"/>: each output's formula, in C#.</summary>
    /// <param name="model">The model.</param>
    /// <param name="className">A C# identifier.</param>
    /// <param name="namespaceName">A namespace for the class, or null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="className"/> or <paramref name="namespaceName"/> is not an identifier.</exception>
    public static string Generate(FormulaModel model, string className, string? namespaceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var s = Header(model, className, namespaceName, "Closed-form model", model.Formulas);
        for (int j = 0; j < model.Formulas.Count; j++)
        {
            s.AppendLine($"        // {Comment(model.OutputNames[j])} = {Comment(model.Formulas[j].ToString())}");
            s.AppendLine($"        y[{j}] = {Translate(model.Formulas[j], model.InputNames)};");
        }
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;");
        s.AppendLine();
        s.AppendLine("    private static bool Holds(double condition) => condition != 0 && !double.IsNaN(condition);");
        s.AppendLine("}");
        return s.ToString();
    }

    /// <summary>The file up to the body of <c>Predict(x, y)</c>: names, one method per output, the batch overload.</summary>
    private static StringBuilder Header(IPredictor model, string className, string? namespaceName, string kind, IEnumerable<Expr> expressions,
        Action<StringBuilder>? batch = null)
    {
        if (!IsIdentifier(className)) throw new ArgumentException($"'{className}' is not a C# class name", nameof(className));
        if (namespaceName is not null && !namespaceName.Split('.').All(IsIdentifier))
            throw new ArgumentException($"'{namespaceName}' is not a C# namespace", nameof(namespaceName));
        var inputs = model.InputNames;
        var outputs = model.OutputNames;
        var s = new StringBuilder();
        s.AppendLine("// <auto-generated>");
        s.AppendLine($"// Written by eqnet export from a model of the problem '{model.Problem.Name}'; regenerate it rather than editing it.");
        var special = SpecialFunctionsUsed(expressions);
        s.AppendLine(special.Count == 0
            ? "// Dependency-free: needs only System. Inputs and outputs are raw values in the problem's units."
            : $"// Needs the EqNet NuGet package (EqNet.Core.dll, with MathNet.Numerics 5.0.0) for {string.Join(", ", special)}, called as EqNet computes them; otherwise only System. Inputs and outputs are raw values in the problem's units.");
        s.AppendLine($"// Trained domain: {string.Join("; ", model.Problem.Inputs.Select(i => $"{i.Min} <= {i.Name} <= {i.Max}"))}.");
        s.AppendLine("// </auto-generated>");
        s.AppendLine("#nullable enable");
        s.AppendLine("using System;");
        s.AppendLine("using System.Numerics;");
        s.AppendLine("using System.Runtime.CompilerServices;");
        s.AppendLine("using System.Runtime.InteropServices;");
        s.AppendLine("using System.Runtime.Intrinsics;");
        s.AppendLine();
        if (namespaceName is not null) { s.AppendLine($"namespace {namespaceName};"); s.AppendLine(); }
        s.AppendLine($"/// <summary>{kind} of '{Comment(model.Problem.Name)}': outputs {string.Join(", ", outputs)} from inputs {string.Join(", ", inputs)}.</summary>");
        s.AppendLine($"public static class {className}");
        s.AppendLine("{");
        s.AppendLine($"    /// <summary>Input names, in the order <see cref=\"Predict(ReadOnlySpan{{double}}, Span{{double}})\"/> takes them.</summary>");
        s.AppendLine($"    public static readonly string[] InputNames = [{string.Join(", ", inputs.Select(n => $"\"{n}\""))}];");
        s.AppendLine();
        s.AppendLine("    /// <summary>Output names, in the order the predictions are written.</summary>");
        s.AppendLine($"    public static readonly string[] OutputNames = [{string.Join(", ", outputs.Select(n => $"\"{n}\""))}];");
        s.AppendLine();
        string args = string.Join(", ", inputs.Select(n => $"double {Identifier(n)}"));
        string argNames = string.Join(", ", inputs.Select(Identifier));
        for (int j = 0; j < outputs.Count; j++)
        {
            s.AppendLine($"    /// <summary>Predicts {outputs[j]}.</summary>");
            s.AppendLine($"    public static double {MethodName(outputs[j])}({args})");
            s.AppendLine("    {");
            s.AppendLine($"        Span<double> y = stackalloc double[{outputs.Count}];");
            s.AppendLine($"        Predict([{argNames}], y);");
            s.AppendLine($"        return y[{j}];");
            s.AppendLine("    }");
            s.AppendLine();
        }
        s.AppendLine("    /// <summary>Predicts many points: <paramref name=\"inputs\"/> row-major count x inputs, <paramref name=\"outputs\"/> count x outputs.</summary>");
        // Optimised from the first call: tiered compilation's first tier runs vector code many times slower.
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        s.AppendLine("    public static void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs)");
        s.AppendLine("    {");
        s.AppendLine("        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), \"count must not be negative\");");
        s.AppendLine($"        if (inputs.Length < (long)count * {inputs.Count} || outputs.Length < (long)count * {outputs.Count}) throw new ArgumentException(\"buffers too short for count rows\");");
        if (batch is not null) batch(s);
        else s.AppendLine($"        for (int r = 0; r < count; r++) Predict(inputs.Slice(r * {inputs.Count}, {inputs.Count}), outputs.Slice(r * {outputs.Count}, {outputs.Count}));");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    /// <summary>Predicts one point: <paramref name=\"x\"/> in <see cref=\"InputNames\"/> order, <paramref name=\"y\"/> in <see cref=\"OutputNames\"/> order.</summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        s.AppendLine("    public static void Predict(ReadOnlySpan<double> x, Span<double> y)");
        s.AppendLine("    {");
        return s;
    }

    /// <summary>
    /// The correction stages after every output's network (see <see cref="CorrectionStages.Apply"/>): their parameters
    /// follow the network's in <paramref name="all"/> (P), and their networks run through the same Mlp, in the same order of sums.
    /// </summary>
    private static void EmitCorrections(StringBuilder s, EqNetModel model, double[] all, List<double> q)
    {
        if (model.Corrections is not { Count: > 0 } corrections) return;
        int features = model.Features.Count;
        int widest = corrections.Stages.Select(st => st.Network.Hidden.DefaultIfEmpty(1).Max()).DefaultIfEmpty(1).Max();
        s.AppendLine($"    /// <summary>The {corrections.Count} correction stage(s) from the features u: y += sqrt(y^2 + floor^2) * (sum of each stage's error size x its network).</summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        s.AppendLine("    private static void Correct(ReadOnlySpan<double> u, Span<double> y)");
        s.AppendLine("    {");
        s.AppendLine($"        Span<double> a = stackalloc double[{Padded(widest)}];");
        s.AppendLine($"        Span<double> b = stackalloc double[{Padded(widest)}];");
        for (int j = 0; j < corrections.Floors.Count; j++)
        {
            s.AppendLine("        {");
            s.AppendLine("            double c = 0;");
            int offset = model.Parameters.Length;
            foreach (var stage in corrections.Stages)
            {
                int own = offset + j * stage.Network.ParameterCount;
                var layers = ModelLayout.Mlp(features, stage.Network.Hidden, ref own);
                string count = features.ToString(CultureInfo.InvariantCulture);
                if (stage.Scales[j] != 0) s.AppendLine($"            c += {Literal(stage.Scales[j])} * {MlpText(layers, "u", count, all, q)};");
                offset += stage.Parameters.Length;
            }
            s.AppendLine($"            if (c != 0) y[{j}] = y[{j}] + Math.Sqrt(y[{j}] * y[{j}] + {Literal(corrections.Floors[j])} * {Literal(corrections.Floors[j])}) * c;");
            s.AppendLine("        }");
        }
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitOutput(StringBuilder s, OutputLayout o, IReadOnlyList<double> p, List<double> q)
    {
        s.AppendLine($"        // output {o.Index}: {o.Head.Name}, {o.Head.Kind} head");
        var own = o.Features;
        bool identity = o.Upstream.Count == 0 && o.SeesAllFeatures && own.Count > 0;
        string features = "u";
        if (!identity)
        {
            features = "v";
            for (int k = 0; k < own.Count; k++) s.AppendLine($"        v[{k}] = u[{own[k]}];");
            for (int k = 0; k < o.Upstream.Count; k++)
            {
                var up = o.Upstream[k];
                string scale = up.LogScaleParameter is { } at ? $"Math.Exp(P[{at}])" : Literal(up.Feature.Scale);
                string raw = up.Feature.Even ? $"0.5 * Math.Log(y[{up.Feature.Output}] * y[{up.Feature.Output}] + {scale} * {scale})" : $"Math.Asinh(y[{up.Feature.Output}] / {scale})";
                s.AppendLine($"        v[{own.Count + k}] = ({raw} - {Literal(up.Feature.Center)}) / {Literal(up.Feature.Width)};");
            }
        }
        string count = o.FeatureCount.ToString(CultureInfo.InvariantCulture);
        var prelude = new List<string>();
        string m = o.Magnitude is null ? "0.0" : MagnitudeText(o.Magnitude, features, count, p, q, "m", prelude);
        string t = o.Shape is not null ? MlpText(o.Shape, features, count, p, q, o.Head.Kind == OutputHeadKind.Envelope)
            : o.Negative is not null ? MagnitudeText(o.Negative, features, count, p, q, "t", prelude)
            : o.Head.Factor >= 0 ? $"u[{o.Head.Factor}]" : "0.0";
        s.AppendLine("        {");
        foreach (string statement in prelude) s.AppendLine("            " + statement);
        if (o.Magnitude is not null) s.AppendLine($"            double m = {m};");
        if (o.Head.HasShape || o.Negative is not null || o.Head.Factor >= 0) s.AppendLine($"            double t = {t};");
        string y = o.Head.Kind switch
        {
            OutputHeadKind.Difference => "Exp(m) - Exp(t)",
            OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => "Exp(m) * t",
            OutputHeadKind.LowerBound => $"{Literal(o.Head.Min)} + Exp(m)",
            OutputHeadKind.UpperBound => $"{Literal(o.Head.Max)} - Exp(m)",
            OutputHeadKind.Affine => $"{Literal((o.Head.Min + o.Head.Max) / 2)} + {Literal((o.Head.Max - o.Head.Min) / 2)} * t",
            _ => $"{Literal(o.Head.Min)} + ({Literal(o.Head.Max)} - {Literal(o.Head.Min)}) * (1 / (1 + Exp(-t)))",
        };
        s.AppendLine($"            y[{o.Index}] = {y};");
        s.AppendLine("        }");
    }

    /// <summary>
    /// m = MLP + LSE(units) + power terms - LSE(denominator units). The parts after the MLP are computed first, into
    /// locals named after <paramref name="name"/> (statements added to <paramref name="prelude"/>): they do not depend
    /// on the MLP, and coming first in the program they run while the MLP's long chain of tanh waits, where after it
    /// they would wait for it. The sum is the same, in the same order.
    /// </summary>
    private static string MagnitudeText(MagnitudeLayout g, string features, string count, IReadOnlyList<double> p, List<double> q, string name, List<string> prelude)
    {
        int f = g.Units.Features, stride = f + 1;
        prelude.Add($"double {name}Units = Lse({Transposed(q, p, g.Units.Offset, g.Units.Units, f, stride, g.Units.Offset + f, stride)}, {g.Units.Units}, {Padded(g.Units.Units)}, {features}[..{count}], w);");
        prelude.Add(g.Terms.Units == 0 ? $"double {name}Terms = Terms(0, 0, 0, 0, u[..0], w);"
            : $"double {name}Terms = Terms({Transposed(q, p, g.Terms.Offset, g.Terms.Units, f, stride, null, 0)}, {g.Terms.Offset + f}, {g.Terms.Units}, {Padded(g.Terms.Units)}, {features}[..{count}], w);");
        string sum = $"{MlpText(g.Mlp, features, count, p, q)} + {name}Units + {name}Terms";
        if (g.Denominator is null) return sum;
        prelude.Add($"double {name}Denominator = Lse({Transposed(q, p, g.Denominator.Offset, g.Denominator.Units, f, stride, g.Denominator.Offset + f, stride)}, {g.Denominator.Units}, {Padded(g.Denominator.Units)}, {features}[..{count}], w);");
        return $"{sum} - {name}Denominator";
    }

    /// <summary>
    /// The MLP's call: per hidden layer (where its weights start in Q, inputs, padded width), then the last layer's
    /// weights and bias in P. With <paramref name="linearSkip"/>, adds the linear term whose weights follow the last
    /// bias (DenseNetwork's layout), after the last layer as EqNet does.
    /// </summary>
    private static string MlpText(IReadOnlyList<DenseLayer> layers, string features, string count, IReadOnlyList<double> p, List<double> q, bool linearSkip = false)
    {
        // DenseNetwork's weight (k, i) is at Offset + k * Inputs + i, its bias k at BiasOffset + k.
        var hidden = layers.Take(layers.Count - 1).Select(l => $"{Transposed(q, p, l.Offset, l.Outputs, l.Inputs, l.Inputs, l.BiasOffset, 1)}, {l.Inputs}, {Padded(l.Outputs)}");
        var last = layers[^1];
        string mlp = $"Mlp([{string.Join(", ", hidden)}], {last.Offset}, {last.Inputs}, {features}[..{count}], a, b)";
        return linearSkip ? $"({mlp} + Dot({last.BiasOffset + last.Outputs}, {features}[..{count}]))" : mlp;
    }

    private static string FeatureText(Feature f, IReadOnlyList<string> inputs)
    {
        string x = $"x[{f.Input}]";
        string bound = f.BoundExpression(inputs) is { } parsed ? Translate(parsed, inputs) : "";
        return f.Kind switch
        {
            FeatureKind.Linear => x,
            FeatureKind.Log => $"Math.Log({x})",
            FeatureKind.LogDistanceToMax => $"Math.Log(Math.Max({bound} - {x}, {Literal(f.Floor)}))",
            FeatureKind.LogDistanceToMin => $"Math.Log(Math.Max({x} - {bound}, {Literal(f.Floor)}))",
            FeatureKind.SignedLog => $"Math.Asinh({x} / {Literal(f.Floor)})",
            FeatureKind.LogMagnitude => $"0.5 * Math.Log({x} * {x} + {Literal(f.Floor)} * {Literal(f.Floor)})",
            FeatureKind.LogExpression => $"Math.Log(Math.Max({bound}, {Literal(f.Floor)}))",
            FeatureKind.Factor or FeatureKind.Fold or FeatureKind.LogPower => bound,
            FeatureKind.Sine => $"Math.Sin({bound})",
            FeatureKind.Cosine => $"Math.Cos({bound})",
            _ => throw new ExportException($"feature kind {f.Kind} has no C# form in this exporter"),
        };
    }

    /// <summary>An expression of the problem language in C#, calling the same <see cref="Math"/> methods as EqNet's compiled expressions.</summary>
    internal static string Translate(Expr e, IReadOnlyList<string> inputs, string row = "x") => e switch
    {
        NumberExpr n => Literal(n.Value),
        ConstantExpr c => Literal(c.Value),
        VariableExpr v => $"{row}[{IndexOf(inputs, v.Name)}]",
        UnaryExpr u => $"(-{Translate(u.Operand, inputs, row)})",
        BinaryExpr b when b.Operator == BinaryOperator.Power => $"Math.Pow({Translate(b.Left, inputs, row)}, {Translate(b.Right, inputs, row)})",
        BinaryExpr b => $"({Translate(b.Left, inputs, row)} {b.Operator switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", _ => "/" }} {Translate(b.Right, inputs, row)})",
        CallExpr c when c.Function == MathFunction.Where =>
            $"(Holds({Translate(c.Arguments[0], inputs, row)}) ? {Translate(c.Arguments[1], inputs, row)} : {Translate(c.Arguments[2], inputs, row)})",
        CallExpr c when FunctionCatalog.IsComparison(c.Function) =>
            $"({Translate(c.Arguments[0], inputs, row)} {FunctionCatalog.ComparisonSymbol(c.Function)} {Translate(c.Arguments[1], inputs, row)} ? 1.0 : 0.0)",
        CallExpr c when c.Function is MathFunction.Min or MathFunction.Max =>
            c.Arguments.Skip(1).Aggregate(Translate(c.Arguments[0], inputs, row), (acc, arg) => $"Math.{c.Function}({acc}, {Translate(arg, inputs, row)})"),
        CallExpr c when c.Function == MathFunction.Sign => $"Sign({Translate(c.Arguments[0], inputs, row)})",
        CallExpr c when c.Function == MathFunction.Hypot => $"double.Hypot({Translate(c.Arguments[0], inputs, row)}, {Translate(c.Arguments[1], inputs, row)})",
        CallExpr c when CallsEqNet(c.Function) => $"{SpecialClass}.{c.Function}({string.Join(", ", c.Arguments.Select(a => Translate(a, inputs, row)))})",
        CallExpr c => $"Math.{c.Function}({string.Join(", ", c.Arguments.Select(a => Translate(a, inputs, row)))})",
        _ => throw new ExportException($"expression node {e.GetType().Name} has no C# form in this exporter"),
    };

    /// <summary>
    /// The special functions (erf, gamma, Bessel, Lambert W, ...) are EqNet's own, called from EqNet.Core so the
    /// results match EqNet's to the bit: a file that calls them needs the EqNet package (which brings MathNet.Numerics).
    /// </summary>
    private const string SpecialClass = "EqNet.Expressions.SpecialFunctions";

    /// <summary>Whether a function is one of <see cref="SpecialFunctions"/>' rather than System.Math's (or a comparison, where, Sign).</summary>
    private static bool CallsEqNet(MathFunction f) =>
        f is not (MathFunction.Where or MathFunction.Min or MathFunction.Max or MathFunction.Sign or MathFunction.Atan2 or MathFunction.Cbrt or MathFunction.Hypot)
        && !FunctionCatalog.IsComparison(f) && typeof(Math).GetMethod(f.ToString(), [typeof(double)]) is null;

    /// <summary>The special functions <paramref name="expressions"/> call, by canonical name, for the file's dependency note.</summary>
    internal static IReadOnlyList<string> SpecialFunctionsUsed(IEnumerable<Expr> expressions)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(Expr e)
        {
            if (e is CallExpr c && CallsEqNet(c.Function))
                names.Add(c.Name);
            foreach (var child in e switch { CallExpr call => call.Arguments, BinaryExpr b => [b.Left, b.Right], UnaryExpr u => [u.Operand], _ => (IReadOnlyList<Expr>)[] })
                Walk(child);
        }

        foreach (var e in expressions) Walk(e);
        return [.. names];
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new ExportException($"an expression uses '{name}', which is not an input of the model");
    }

    /// <summary>A C# double literal that reads back to exactly <paramref name="value"/>.</summary>
    internal static string Literal(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return (text.StartsWith('-') ? $"({text}d)" : text + "d");
    }

    private static string MethodName(string output) => "Predict" + char.ToUpperInvariant(output[0]) + output[1..];

    private static string Identifier(string name) => IsKeyword(name) ? "@" + name : name;

    private static bool IsKeyword(string name) => name is "in" or "out" or "ref" or "base" or "this" or "params" or "event" or "object" or "string" or "double" or "int" or "is" or "as" or "new" or "var" or "default" or "checked" or "fixed" or "lock" or "operator";

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static string Comment(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// The per-point kernels: each layer's (and each log-sum-exp's or power terms') units side by side in SIMD vectors,
    /// every unit's dot product summed in input order from 0 as EqNet's batch prediction sums it across rows
    /// (RowBlock.Dot), so a point gets the same bits either way; tanh, exp and log are EqNet's own (VectorTanh,
    /// VectorExp, VectorLog), written out.
    /// </summary>
    private const string Helpers = """
        /// <summary>An MLP: hidden layers (Q offset, inputs, padded width) from Q, then the single output unit from P at <paramref name="last"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Mlp(ReadOnlySpan<int> hidden, int last, int lastInputs, ReadOnlySpan<double> input, Span<double> a, Span<double> b)
        {
            ReadOnlySpan<double> x = input;
            for (int l = 0; l < hidden.Length; l += 3)
            {
                Span<double> z = l % 6 == 0 ? a : b;
                Layer(hidden[l], hidden[l + 1], hidden[l + 2], x, z);
                x = z;
            }
            ref double p = ref MemoryMarshal.GetArrayDataReference(P);
            ref double xs = ref MemoryMarshal.GetReference(x);
            double s = 0;
            for (int i = 0; i < lastInputs; i++) s += Unsafe.Add(ref p, last + i) * Unsafe.Add(ref xs, i);
            return Unsafe.Add(ref p, last + lastInputs) + s;
        }

        /// <summary>log(sum_k exp(w_k . u + b_k)), the largest term subtracted before exp.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Lse(int q, int units, int width, ReadOnlySpan<double> u, Span<double> w)
        {
            Units(q, width, true, u, w);
            double max = double.NegativeInfinity;
            for (int k = 0; k < units; k++) max = Math.Max(max, w[k]);
            ExpShifted(width, max, w);
            double sum = 0;
            for (int k = 0; k < units; k++) sum += w[k];
            return max + Log(sum);
        }

        /// <summary>sum_k c_k exp(v_k . u), the coefficients in P from <paramref name="c"/> on, one per u.Length + 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Terms(int q, int c, int terms, int width, ReadOnlySpan<double> u, Span<double> w)
        {
            Units(q, width, false, u, w);
            double sum = 0;
            for (int k = 0; k < terms; k++) sum += P[c + k * (u.Length + 1)] * w[k];
            return sum;
        }

        private static double Dot(int offset, ReadOnlySpan<double> u)
        {
            double s = 0;
            for (int i = 0; i < u.Length; i++) s += P[offset + i] * u[i];
            return s;
        }

        private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;

        /// <summary>where's test, as numpy's: a non-zero condition holds; 0 and NaN do not.</summary>
        private static bool Holds(double condition) => condition != 0 && !double.IsNaN(condition);

        // exp and log as EqNet's batch prediction computes them (fdlibm's; tanh is Cephes' rational below 0.625 and
        // fdlibm's exp above, in the vector kernels below), each within about one ulp of Math's. Their own rather than
        // Math's so the results are EqNet's to the bit: keep the operations and their order, and compile without fused
        // multiply-add contraction (C#/.NET never contracts). Lanes and scalar forms make the same operations.

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Exp(double x)
        {
            if (double.IsNaN(x)) return x;
            double w = Math.Min(Math.Max(x, -750.0), 710.0);
            double kRounded = w * 1.44269504088896338700e+00 + 6755399441055744.0;
            double k = kRounded - 6755399441055744.0;
            double hi = w - k * 6.93147180369123816490e-01;
            double lo = k * 1.90821492927058770002e-10;
            double r = hi - lo;
            double t = r * r;
            double c = r - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))));
            double y = 1.0 - ((lo - r * c / (2.0 - c)) - hi);
            long ki = BitConverter.DoubleToInt64Bits(kRounded) - BitConverter.DoubleToInt64Bits(6755399441055744.0);
            long k1 = ki >> 1, k2 = ki - k1;
            return y * BitConverter.Int64BitsToDouble(k1 + 1023 << 52) * BitConverter.Int64BitsToDouble(k2 + 1023 << 52);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double Log(double x)
        {
            if (!(x >= 2.2250738585072014e-308 && x <= double.MaxValue)) return Math.Log(x);
            long bits = BitConverter.DoubleToInt64Bits(x);
            long hx = bits >> 32;
            long k = (hx >> 20) - 1023;
            hx &= 0x000fffff;
            long i = (hx + 0x95f64) & 0x100000;
            k += i >> 20;
            double f = BitConverter.Int64BitsToDouble(((hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL)) - 1.0;
            double dk = k;
            double s = f / (2.0 + f);
            double z = s * s;
            double w = z * z;
            double t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
            double t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
            double rr = t2 + t1;
            double hfsq = 0.5 * f * f;
            return hx - 0x6147a >= 0 && 0x6b851 - hx >= 0
                ? dk * 6.93147180369123816490e-01 - ((hfsq - (s * (hfsq + rr) + dk * 1.90821492927058770002e-10)) - f)
                : dk * 6.93147180369123816490e-01 - ((s * (f - rr) - dk * 1.90821492927058770002e-10) - f);
        }

    """;
}
