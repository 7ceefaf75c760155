using System.Globalization;
using System.Text;
using EqNet.Expressions;
using EqNet.Models;
using EqNet.Scaling;

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
        var s = Header(model, className, namespaceName, "EqNet model");
        s.AppendLine($"        Span<double> u = stackalloc double[{Math.Max(1, model.Features.Count)}];");
        for (int f = 0; f < model.Features.Count; f++)
            s.AppendLine($"        u[{f}] = ({FeatureText(model.Features.Features[f], inputs)} - {Literal(model.Features.Features[f].Center)}) / {Literal(model.Features.Features[f].Width)};");
        int widest = layout.Outputs.Max(o => o.FeatureCount);
        int scratch = Math.Max(widest, model.Network.Hidden.DefaultIfEmpty(1).Max());
        if (model.Corrections is { } c) scratch = Math.Max(scratch, c.Stages.Select(st => st.Network.Hidden.DefaultIfEmpty(1).Max()).DefaultIfEmpty(1).Max());
        s.AppendLine($"        Span<double> v = stackalloc double[{widest}];");
        s.AppendLine($"        Span<double> a = stackalloc double[{scratch}];");
        s.AppendLine($"        Span<double> b = stackalloc double[{scratch}];");
        s.AppendLine($"        Span<double> w = stackalloc double[{Math.Max(1, Math.Max(model.Network.LogSumExpUnitCount, model.Network.DenominatorUnitCounts.DefaultIfEmpty(0).Max()))}];");
        foreach (var o in layout.Outputs) EmitOutput(s, o);
        EmitCorrections(s, model);
        s.AppendLine("    }");
        s.AppendLine();
        s.Append(Helpers);
        s.AppendLine();
        s.AppendLine($"    private static readonly double[] P =");
        s.AppendLine("    [");
        double[] all = [.. model.Parameters, .. model.Corrections?.Stages.SelectMany(st => st.Parameters) ?? []];
        for (int k = 0; k < all.Length; k += 4)
            s.AppendLine("        " + string.Join(", ", all.Skip(k).Take(4).Select(Literal)) + ",");
        s.AppendLine("    ];");
        s.AppendLine("}");
        return s.ToString();
    }

    /// <summary>The C# source of a formula model as a static class <paramref name="className"/>: each output's formula, in C#.</summary>
    /// <param name="model">The model.</param>
    /// <param name="className">A C# identifier.</param>
    /// <param name="namespaceName">A namespace for the class, or null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="className"/> or <paramref name="namespaceName"/> is not an identifier.</exception>
    public static string Generate(FormulaModel model, string className, string? namespaceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var s = Header(model, className, namespaceName, "Closed-form model");
        for (int j = 0; j < model.Formulas.Count; j++)
        {
            s.AppendLine($"        // {Comment(model.OutputNames[j])} = {Comment(model.Formulas[j].ToString())}");
            s.AppendLine($"        y[{j}] = {Translate(model.Formulas[j], model.InputNames)};");
        }
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;");
        s.AppendLine("}");
        return s.ToString();
    }

    /// <summary>The file up to the body of <c>Predict(x, y)</c>: names, one method per output, the batch overload.</summary>
    private static StringBuilder Header(IPredictor model, string className, string? namespaceName, string kind)
    {
        if (!IsIdentifier(className)) throw new ArgumentException($"'{className}' is not a C# class name", nameof(className));
        if (namespaceName is not null && !namespaceName.Split('.').All(IsIdentifier))
            throw new ArgumentException($"'{namespaceName}' is not a C# namespace", nameof(namespaceName));
        var inputs = model.InputNames;
        var outputs = model.OutputNames;
        var s = new StringBuilder();
        s.AppendLine("// <auto-generated>");
        s.AppendLine($"// Written by eqnet export from a model of the problem '{model.Problem.Name}'; regenerate it rather than editing it.");
        s.AppendLine("// Dependency-free: needs only System. Inputs and outputs are raw values in the problem's units.");
        s.AppendLine($"// Trained domain: {string.Join("; ", model.Problem.Inputs.Select(i => $"{i.Min} <= {i.Name} <= {i.Max}"))}.");
        s.AppendLine("// </auto-generated>");
        s.AppendLine("#nullable enable");
        s.AppendLine("using System;");
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
        s.AppendLine("    public static void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs)");
        s.AppendLine("    {");
        s.AppendLine($"        if (inputs.Length < count * {inputs.Count} || outputs.Length < count * {outputs.Count}) throw new ArgumentException(\"buffers too short for count rows\");");
        s.AppendLine($"        for (int r = 0; r < count; r++) Predict(inputs.Slice(r * {inputs.Count}, {inputs.Count}), outputs.Slice(r * {outputs.Count}, {outputs.Count}));");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    /// <summary>Predicts one point: <paramref name=\"x\"/> in <see cref=\"InputNames\"/> order, <paramref name=\"y\"/> in <see cref=\"OutputNames\"/> order.</summary>");
        s.AppendLine("    public static void Predict(ReadOnlySpan<double> x, Span<double> y)");
        s.AppendLine("    {");
        return s;
    }

    /// <summary>
    /// The correction stages after every output's network (see <see cref="CorrectionStages.Apply"/>): their parameters
    /// follow the network's in P, and their networks run through the same Mlp, in the same order of sums.
    /// </summary>
    private static void EmitCorrections(StringBuilder s, EqNetModel model)
    {
        if (model.Corrections is not { Count: > 0 } corrections) return;
        int features = model.Features.Count;
        s.AppendLine($"        // {corrections.Count} correction stage(s): y += sqrt(y^2 + floor^2) * (sum of each stage's error size x its network)");
        for (int j = 0; j < corrections.Floors.Count; j++)
        {
            s.AppendLine("        {");
            s.AppendLine("            double c = 0;");
            int offset = model.Parameters.Length;
            foreach (var stage in corrections.Stages)
            {
                int own = offset + j * stage.Network.ParameterCount, fanIn = features;
                var layers = new List<string>();
                foreach (int width in (IEnumerable<int>)[.. stage.Network.Hidden, 1])
                {
                    layers.Add($"{own}, {width}");
                    own += width * fanIn + width;
                    fanIn = width;
                }
                if (stage.Scales[j] != 0) s.AppendLine($"            c += {Literal(stage.Scales[j])} * Mlp([{string.Join(", ", layers)}], u[..{features}], a, b);");
                offset += stage.Parameters.Length;
            }
            s.AppendLine($"            if (c != 0) y[{j}] = y[{j}] + Math.Sqrt(y[{j}] * y[{j}] + {Literal(corrections.Floors[j])} * {Literal(corrections.Floors[j])}) * c;");
            s.AppendLine("        }");
        }
    }

    private static void EmitOutput(StringBuilder s, OutputLayout o)
    {
        s.AppendLine($"        // output {o.Index}: {o.Head.Name}, {o.Head.Kind} head");
        var own = o.Features;
        bool identity = o.Upstream.Count == 0 && own.Select((f, k) => f == k).All(x => x) && own.Count > 0;
        string features = "u";
        if (!identity)
        {
            features = "v";
            for (int k = 0; k < own.Count; k++) s.AppendLine($"        v[{k}] = u[{own[k]}];");
            for (int k = 0; k < o.Upstream.Count; k++)
            {
                var up = o.Upstream[k];
                string scale = up.LogScaleParameter is { } p ? $"Math.Exp(P[{p}])" : Literal(up.Feature.Scale);
                string raw = up.Feature.Even ? $"0.5 * Math.Log(y[{up.Feature.Output}] * y[{up.Feature.Output}] + {scale} * {scale})" : $"Math.Asinh(y[{up.Feature.Output}] / {scale})";
                s.AppendLine($"        v[{own.Count + k}] = ({raw} - {Literal(up.Feature.Center)}) / {Literal(up.Feature.Width)};");
            }
        }
        string count = o.FeatureCount.ToString(CultureInfo.InvariantCulture);
        string m = o.Magnitude is null ? "0.0" : MagnitudeText(o.Magnitude, features, count);
        string t = o.Shape is not null ? MlpText(o.Shape, features, count, o.Head.Kind == OutputHeadKind.Envelope)
            : o.Negative is not null ? MagnitudeText(o.Negative, features, count)
            : o.Head.Factor >= 0 ? $"u[{o.Head.Factor}]" : "0.0";
        s.AppendLine("        {");
        if (o.Magnitude is not null) s.AppendLine($"            double m = {m};");
        if (o.Head.HasShape || o.Negative is not null || o.Head.Factor >= 0) s.AppendLine($"            double t = {t};");
        string y = o.Head.Kind switch
        {
            OutputHeadKind.Difference => "Math.Exp(m) - Math.Exp(t)",
            OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => "Math.Exp(m) * t",
            OutputHeadKind.LowerBound => $"{Literal(o.Head.Min)} + Math.Exp(m)",
            OutputHeadKind.UpperBound => $"{Literal(o.Head.Max)} - Math.Exp(m)",
            OutputHeadKind.Affine => $"{Literal((o.Head.Min + o.Head.Max) / 2)} + {Literal((o.Head.Max - o.Head.Min) / 2)} * t",
            _ => $"{Literal(o.Head.Min)} + ({Literal(o.Head.Max)} - {Literal(o.Head.Min)}) * (1 / (1 + Math.Exp(-t)))",
        };
        s.AppendLine($"            y[{o.Index}] = {y};");
        s.AppendLine("        }");
    }

    private static string MagnitudeText(MagnitudeLayout g, string features, string count)
    {
        string sum = $"{MlpText(g.Mlp, features, count)} + Lse({g.Units.Offset}, {g.Units.Units}, {features}[..{count}], w) + Terms({g.Terms.Offset}, {g.Terms.Units}, {features}[..{count}])";
        return g.Denominator is null ? sum : $"{sum} - Lse({g.Denominator.Offset}, {g.Denominator.Units}, {features}[..{count}], w)";
    }

    /// <remarks>With <paramref name="linearSkip"/>, adds the linear term whose weights follow the last bias (DenseNetwork's layout), after the last layer as EqNet does.</remarks>
    private static string MlpText(IReadOnlyList<DenseLayer> layers, string features, string count, bool linearSkip = false)
    {
        string mlp = $"Mlp([{string.Join(", ", layers.Select(l => $"{l.Offset}, {l.Outputs}"))}], {features}[..{count}], a, b)";
        return linearSkip ? $"({mlp} + Dot({layers[^1].BiasOffset + layers[^1].Outputs}, {features}[..{count}]))" : mlp;
    }

    private static string FeatureText(Feature f, IReadOnlyList<string> inputs)
    {
        string x = $"x[{f.Input}]";
        string bound = f.Bound is null ? "" : Translate(Expr.Parse(f.Bound), inputs);
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
    internal static string Translate(Expr e, IReadOnlyList<string> inputs) => e switch
    {
        NumberExpr n => Literal(n.Value),
        ConstantExpr c => Literal(c.Value),
        VariableExpr v => $"x[{IndexOf(inputs, v.Name)}]",
        UnaryExpr u => $"(-{Translate(u.Operand, inputs)})",
        BinaryExpr b when b.Operator == BinaryOperator.Power => $"Math.Pow({Translate(b.Left, inputs)}, {Translate(b.Right, inputs)})",
        BinaryExpr b => $"({Translate(b.Left, inputs)} {b.Operator switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", _ => "/" }} {Translate(b.Right, inputs)})",
        CallExpr c when c.Arguments.Count > 1 => c.Arguments.Skip(1).Aggregate(Translate(c.Arguments[0], inputs), (acc, arg) => $"Math.{c.Function}({acc}, {Translate(arg, inputs)})"),
        CallExpr c when c.Function == MathFunction.Sign => $"Sign({Translate(c.Arguments[0], inputs)})",
        CallExpr c => $"Math.{c.Function}({Translate(c.Arguments[0], inputs)})",
        _ => throw new ExportException($"expression node {e.GetType().Name} has no C# form in this exporter"),
    };

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

    /// <summary>The same loops as EqNet's batch prediction (DenseNetwork, LogSumExpUnits and PowerTerms by blocks), over the inlined parameters; Dot sums in plain order from 0, as RowBlock.Dot does per row.</summary>
    private const string Helpers = """
        /// <summary>An MLP: per layer (weights offset, width), tanh on all but the last, one output.</summary>
        private static double Mlp(ReadOnlySpan<int> layers, ReadOnlySpan<double> input, Span<double> a, Span<double> b)
        {
            input.CopyTo(a);
            int fanIn = input.Length;
            for (int l = 0; l < layers.Length; l += 2)
            {
                int offset = layers[l], width = layers[l + 1];
                bool last = l == layers.Length - 2;
                for (int k = 0; k < width; k++)
                {
                    double s = P[offset + width * fanIn + k] + Dot(offset + k * fanIn, a[..fanIn]);
                    b[k] = last ? s : Tanh(s);
                }
                Span<double> swap = a; a = b; b = swap;
                fanIn = width;
            }
            return a[0];
        }

        /// <summary>log(sum_k exp(w_k . u + b_k)), the largest term subtracted before exp.</summary>
        private static double Lse(int offset, int units, ReadOnlySpan<double> u, Span<double> w)
        {
            int stride = u.Length + 1;
            double max = double.NegativeInfinity;
            for (int k = 0; k < units; k++)
            {
                double s = P[offset + k * stride + u.Length] + Dot(offset + k * stride, u);
                w[k] = s;
                max = Math.Max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < units; k++) sum += w[k] = Math.Exp(w[k] - max);
            return max + Math.Log(sum);
        }

        /// <summary>sum_k c_k exp(v_k . u).</summary>
        private static double Terms(int offset, int terms, ReadOnlySpan<double> u)
        {
            int stride = u.Length + 1;
            double sum = 0;
            for (int k = 0; k < terms; k++) sum += P[offset + k * stride + u.Length] * Math.Exp(Dot(offset + k * stride, u));
            return sum;
        }

        private static double Dot(int offset, ReadOnlySpan<double> u)
        {
            double s = 0;
            for (int i = 0; i < u.Length; i++) s += P[offset + i] * u[i];
            return s;
        }

        private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN;

        /// <summary>
        /// tanh as EqNet's batch prediction computes it (Cephes' rational below 0.625, fdlibm's exp above), within about
        /// one ulp of Math.Tanh. Its own rather than Math.Tanh so the results are EqNet's to the bit: keep the operations
        /// and their order, and compile without fused multiply-add contraction (C#/.NET never contracts).
        /// </summary>
        private static double Tanh(double x)
        {
            double a = Math.Abs(x);
            if (a < 0.625)
            {
                double s = a * a;
                double p = (-9.64399179425052238628E-1 * s + -9.92877231001918586564E1) * s + -1.61468768441708447952E3;
                double q = ((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s + 4.84406305325125486048E3;
                return Math.CopySign(a + a * s * (p / q), x);
            }
            if (a > 20) return Math.CopySign(1.0, x);
            double w = -2.0 * a;
            double kRounded = w * 1.44269504088896338700e+00 + 6755399441055744.0;
            double k = kRounded - 6755399441055744.0;
            double hi = w - k * 6.93147180369123816490e-01;
            double lo = k * 1.90821492927058770002e-10;
            double r = hi - lo;
            double t = r * r;
            double c = r - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))));
            double em = hi - (lo - r * c / (2.0 - c));
            double twoK = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(kRounded) - BitConverter.DoubleToInt64Bits(6755399441055744.0) + 1023 << 52);
            return Math.CopySign((1.0 - twoK - twoK * em) / (1.0 + twoK + twoK * em), x);
        }

    """;
}
