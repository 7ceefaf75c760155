using EqNet.Features;
using Google.Protobuf;
using EqNet.Expressions;
using EqNet.Models;
using Onnx;

namespace EqNet.Export;

/// <summary>
/// Writes a model as one ONNX graph (opset 17) from the raw inputs to the raw outputs: the feature transforms (logs,
/// log-distances to dependent bounds, whose expressions become ONNX nodes, signed logs, standardisation), every
/// output's magnitudes (MLP, log-sum-exp units with the maximum subtracted, power terms, denominator units), shapes,
/// chained outputs with their (learned) scales, and heads. Float64 throughout by default, every dot product written
/// out as multiplies and adds in the order EqNet's batch prediction sums it (<see cref="MagnitudeShapeNetwork.Predict"/>),
/// not as MatMul, whose order (and fused multiply-adds) are ONNX Runtime's own: where a difference head's parts cancel,
/// the order of the parts' sums shows in y. With float32 only the MLPs run in float32 (MatMul); features, log-sum-exp
/// units, power terms and heads stay float64, where the decades and the cancellations are.
/// </summary>
/// <remarks>
/// The graph has one input <c>inputs</c> (N x inputs, in <see cref="EqNetModel.InputNames"/> order, float64) and one
/// output <c>outputs</c> (N x outputs, float64). It uses only operators ONNX Runtime evaluates in float64 on a CPU;
/// asinh, which it has in float32 only, is built from log, sqrt and a log1p that keeps full precision near zero.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The opset the graph is written for.</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version that goes with <see cref="Opset"/>.</summary>
    private const int IrVersion = 8;

    /// <summary>
    /// The serialised ONNX model of <paramref name="model"/>: a network (<see cref="EqNetModel"/>) or closed forms
    /// (<see cref="FormulaModel"/>, each formula's expression tree as nodes, float64; <paramref name="float32"/> has no
    /// network to act on there).
    /// </summary>
    /// <exception cref="ExportException">The model computes a function ONNX Runtime does not evaluate in float64, or is of an unknown kind.</exception>
    public static byte[] Export(IPredictor model, bool float32 = false) => model switch
    {
        EqNetModel network => Export(network, float32),
        FormulaModel formula => Export(formula),
        null => throw new ArgumentNullException(nameof(model)),
        _ => throw new ExportException($"a {model.GetType().Name} has no ONNX form in this exporter"),
    };

    /// <summary>The serialised ONNX model of a network model.</summary>
    /// <exception cref="ExportException">A bound or feature uses a function ONNX Runtime does not evaluate in float64.</exception>
    /// <remarks>
    /// A model's Newton steps (<see cref="EqNetModel.Refinement"/>) run in the graph after the network, as EqNet takes
    /// them (<see cref="OnnxRefinement"/>); then its computed outputs (<see cref="EqNetModel.Computed"/>) are evaluated
    /// from their expressions. A graph written after <see cref="EqNetModel.WithNewtonSteps"/> has that count of steps.
    /// </remarks>
    public static byte[] Export(EqNetModel model, bool float32 = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = ModelLayout.Of(model.Network);
        var (g, columns) = Start(model, float32, "EqNet model");
        var features = model.Features.Features.Select(f => g.Binary("Div", g.Binary("Sub", Feature(g, f, columns, model.InputNames), g.Scalar(f.Center)), g.Scalar(f.Width))).ToArray();
        string u = features.Length == 1 ? features[0] : g.Node("Concat", features, OnnxGraphBuilder.Int("axis", 1));

        var p = model.Parameters;
        var outputs = new string[model.Network.OutputCount];
        foreach (var o in layout.Outputs)
        {
            string v = OutputFeatures(g, o, u, outputs, p);
            string? m = o.Magnitude is null ? null : Magnitude(g, o.Magnitude, v, p);
            string? t = o.Shape is not null ? Mlp(g, o.Shape, v, p, o.Head.Kind == OutputHeadKind.Envelope)
                : o.Negative is not null ? Magnitude(g, o.Negative, v, p)
                : o.Head.Factor >= 0 ? g.Node("Gather", [u, g.Indices(o.Head.Factor)], OnnxGraphBuilder.Int("axis", 1)) : null;
            outputs[o.Index] = o.Head.Kind switch
            {
                OutputHeadKind.Difference => g.Binary("Sub", g.Unary("Exp", m!), g.Unary("Exp", t!)),
                OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => g.Binary("Mul", g.Unary("Exp", m!), t!),
                OutputHeadKind.LowerBound => g.Binary("Add", g.Scalar(o.Head.Min), g.Unary("Exp", m!)),
                OutputHeadKind.UpperBound => g.Binary("Sub", g.Scalar(o.Head.Max), g.Unary("Exp", m!)),
                OutputHeadKind.Affine => g.Binary("Add", g.Scalar((o.Head.Min + o.Head.Max) / 2), g.Binary("Mul", g.Scalar((o.Head.Max - o.Head.Min) / 2), t!)),
                _ => g.Binary("Add", g.Scalar(o.Head.Min), g.Binary("Mul", g.Scalar(o.Head.Max - o.Head.Min),
                    g.Binary("Div", g.Scalar(1), g.Binary("Add", g.Scalar(1), g.Unary("Exp", g.Unary("Neg", t!)))))),
            };
        }
        if (model.Corrections is { Count: > 0 } corrections) Correct(g, corrections, u, outputs);
        if (model.Refinement is { } refinement) outputs = OnnxRefinement.Refine(g, refinement, columns, outputs);
        if (model.Computed is { } computed) outputs = Compute(g, computed, columns, outputs);
        return Finish(g, model, outputs, float32 ? "float32" : "float64");
    }

    /// <summary>
    /// Every output in the model's order from the network's (N x 1 each, refined): the learned as they are, each computed
    /// one from its expression of the inputs, the learned and those computed before it (<see cref="ComputedOutputs.Evaluate"/>).
    /// </summary>
    private static string[] Compute(OnnxGraphBuilder g, ComputedOutputs computed, string[] inputs, string[] learned)
    {
        var names = computed.Inputs.Concat(computed.Learned).ToList();
        var columns = inputs.Concat(learned).ToList();
        string rows = g.Unary("Shape", inputs[0]);
        foreach (var step in computed.Steps)
        {
            string value = Translate(g, step.Value, [.. columns], names, $"in the formula of its computed output {step.Name} = {step.Value}");
            // A value without variables is one number; Expand gives it the batch's N rows.
            columns.Add(step.Value.Variables.Count > 0 ? value : g.Binary("Expand", value, rows));
            names.Add(step.Name);
        }
        return [.. computed.Outputs.Select(name => columns[names.IndexOf(name)])];
    }

    /// <summary>
    /// y_j + sqrt(y_j^2 + f_j^2) (e_1j N_1j(u) + e_2j N_2j(u) + ...) for each output (see <see cref="CorrectionStages.Apply"/>),
    /// the stage networks as the network's own MLPs, summed in stage order.
    /// </summary>
    private static void Correct(OnnxGraphBuilder g, CorrectionStages corrections, string u, string[] outputs)
    {
        for (int j = 0; j < outputs.Length; j++)
        {
            string? sum = null;
            foreach (var stage in corrections.Stages)
            {
                if (stage.Scales[j] == 0) continue;
                int offset = j * stage.Network.ParameterCount;
                var layers = ModelLayout.Mlp(corrections.FeatureCount, stage.Network.Hidden, ref offset);
                string term = g.Binary("Mul", g.Scalar(stage.Scales[j]), Mlp(g, layers, u, stage.Parameters));
                sum = sum is null ? term : g.Binary("Add", sum, term);
            }
            if (sum is null) continue;
            string y = outputs[j], floor = g.Scalar(corrections.Floors[j] * corrections.Floors[j]);
            outputs[j] = g.Binary("Add", y, g.Binary("Mul", g.Unary("Sqrt", g.Binary("Add", g.Binary("Mul", y, y), floor)), sum));
        }
    }

    /// <summary>The serialised ONNX model of a formula model: each output's expression tree as nodes over the input columns, float64.</summary>
    /// <exception cref="ExportException">A formula uses a function ONNX Runtime does not evaluate in float64.</exception>
    public static byte[] Export(FormulaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (g, columns) = Start(model, false, "Closed-form model");
        // A formula without inputs is one number; Expand gives it the batch's N rows.
        string rows = g.Unary("Shape", columns[0]);
        var outputs = model.Formulas.Select(f => f.Variables.Count > 0 ? Translate(g, f, columns, model.InputNames)
            : g.Binary("Expand", Translate(g, f, columns, model.InputNames), rows)).ToArray();
        return Finish(g, model, outputs, "none");
    }

    /// <summary>A graph with the input, the output's declaration and one N x 1 column per input.</summary>
    private static (OnnxGraphBuilder Graph, string[] Columns) Start(IPredictor model, bool float32, string kind)
    {
        var g = new OnnxGraphBuilder(float32);
        var graph = g.Graph;
        graph.Name = model.Problem.Name;
        graph.DocString = $"{kind} of '{model.Problem.Name}': outputs [{string.Join(", ", model.OutputNames)}] from inputs [{string.Join(", ", model.InputNames)}].";
        graph.Input.Add(OnnxGraphBuilder.Matrix("inputs", OnnxGraphBuilder.Double, model.InputNames.Count, $"raw inputs, columns {string.Join(", ", model.InputNames)}"));
        graph.Output.Add(OnnxGraphBuilder.Matrix("outputs", OnnxGraphBuilder.Double, model.OutputNames.Count, $"predictions, columns {string.Join(", ", model.OutputNames)}"));
        var columns = model.InputNames.Select((_, i) => g.Node("Gather", ["inputs", g.Indices(i)], OnnxGraphBuilder.Int("axis", 1))).ToArray();
        return (g, columns);
    }

    /// <summary>Concatenates the outputs (N x 1 each) into the graph's output and serialises the model.</summary>
    private static byte[] Finish(OnnxGraphBuilder g, IPredictor model, string[] outputs, string precision)
    {
        var graph = g.Graph;
        g.Node("Concat", outputs, OnnxGraphBuilder.Int("axis", 1));
        graph.Node[^1].Output[0] = "outputs";
        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "eqnet",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = graph.DocString,
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = "input_names", Value = string.Join(",", model.InputNames) });
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = "output_names", Value = string.Join(",", model.OutputNames) });
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = "network_precision", Value = precision });
        return onnx.ToByteArray();
    }

    private static string Feature(OnnxGraphBuilder g, Feature f, string[] columns, IReadOnlyList<string> inputs)
    {
        string x = columns[f.Input];
        return f.Kind switch
        {
            FeatureKind.Linear => g.Unary("Identity", x),
            FeatureKind.Log => g.Unary("Log", x),
            FeatureKind.LogDistanceToMax => g.Unary("Log", g.Binary("Max", g.Binary("Sub", Translate(g, f.BoundExpression(inputs)!, columns, inputs), x), g.Scalar(f.Floor))),
            FeatureKind.LogDistanceToMin => g.Unary("Log", g.Binary("Max", g.Binary("Sub", x, Translate(g, f.BoundExpression(inputs)!, columns, inputs)), g.Scalar(f.Floor))),
            FeatureKind.SignedLog => Asinh(g, g.Binary("Div", x, g.Scalar(f.Floor))),
            FeatureKind.LogMagnitude => g.Binary("Mul", g.Scalar(0.5), g.Unary("Log", g.Binary("Add", g.Binary("Mul", x, x), g.Scalar(f.Floor * f.Floor)))),
            FeatureKind.LogExpression => g.Unary("Log", g.Binary("Max", Translate(g, f.BoundExpression(inputs)!, columns, inputs), g.Scalar(f.Floor))),
            FeatureKind.Factor or FeatureKind.Fold or FeatureKind.LogPower => g.Unary("Identity", Translate(g, f.BoundExpression(inputs)!, columns, inputs)),
            FeatureKind.Sine => g.Unary("Sin", Translate(g, f.BoundExpression(inputs)!, columns, inputs)),
            FeatureKind.Cosine => g.Unary("Cos", Translate(g, f.BoundExpression(inputs)!, columns, inputs)),
            _ => throw new ExportException($"feature kind {f.Kind} has no ONNX form in this exporter"),
        };
    }

    /// <summary>The features output <paramref name="o"/> sees: its subset of the shared ones, then its upstream outputs' transforms.</summary>
    private static string OutputFeatures(OnnxGraphBuilder g, OutputLayout o, string u, string[] outputs, double[] p)
    {
        bool all = o.SeesAllFeatures && o.Features.Count > 0;
        if (all && o.Upstream.Count == 0) return u;
        var parts = new List<string> { all ? u : g.Node("Gather", [u, g.Indices([.. o.Features.Select(f => (long)f)])], OnnxGraphBuilder.Int("axis", 1)) };
        foreach (var up in o.Upstream)
        {
            var f = up.Feature;
            double scale = up.LogScaleParameter is { } k ? Math.Exp(p[k]) : f.Scale;
            string y = outputs[f.Output] ?? throw new InvalidOperationException("an upstream output is computed after the output that sees it");
            string raw = f.Even
                ? g.Binary("Mul", g.Scalar(0.5), g.Unary("Log", g.Binary("Add", g.Binary("Mul", y, y), g.Scalar(scale * scale))))
                : Asinh(g, g.Binary("Div", y, g.Scalar(scale)));
            parts.Add(g.Binary("Div", g.Binary("Sub", raw, g.Scalar(f.Center)), g.Scalar(f.Width)));
        }
        return g.Node("Concat", [.. parts], OnnxGraphBuilder.Int("axis", 1));
    }

    private static string Cast(OnnxGraphBuilder g, string x) =>
        g.NetworkType == OnnxGraphBuilder.Double ? x : g.Node("Cast", [x], OnnxGraphBuilder.Int("to", OnnxGraphBuilder.Float));

    private static string Uncast(OnnxGraphBuilder g, string x) =>
        g.NetworkType == OnnxGraphBuilder.Double ? x : g.Node("Cast", [x], OnnxGraphBuilder.Int("to", OnnxGraphBuilder.Double));

    /// <summary>An MLP (in float32 when the graph's network is); returns its one output, float64, N x 1.</summary>
    /// <remarks>With <paramref name="linearSkip"/>, the output adds v . weights, the weights after the last layer's biases (see DenseNetwork).</remarks>
    private static string Mlp(OnnxGraphBuilder g, IReadOnlyList<DenseLayer> layers, string v, double[] p, bool linearSkip = false)
    {
        string x = Cast(g, v), a = x;
        foreach (var layer in layers)
        {
            string z = g.Binary("Add", Product(g, a, Transposed(p, layer.Offset, layer.Outputs, layer.Inputs), layer.Inputs, layer.Outputs, g.NetworkType),
                g.NetworkConstant(p.AsSpan(layer.BiasOffset, layer.Outputs), layer.Outputs));
            a = layer.Tanh ? g.Unary("Tanh", z) : z;
        }
        if (linearSkip)
        {
            var last = layers[^1];
            int inputs = layers[0].Inputs;
            a = g.Binary("Add", a, Product(g, x, p.AsSpan(last.BiasOffset + last.Outputs, inputs).ToArray(), inputs, 1, g.NetworkType));
        }
        return Uncast(g, a);
    }

    /// <summary>
    /// x (N x <paramref name="inputs"/>) times the <paramref name="inputs"/> x <paramref name="outputs"/> matrix
    /// <paramref name="w"/> (row-major). In float64: column by column, x[:, 0] w[0, :] + x[:, 1] w[1, :] + ..., in that
    /// order with separate Mul and Add nodes, the order of EqNet's own sums; in float32 one MatMul (its rounding dwarfs any order).
    /// </summary>
    private static string Product(OnnxGraphBuilder g, string x, double[] w, int inputs, int outputs, int type)
    {
        if (type == OnnxGraphBuilder.Float) return g.Binary("MatMul", x, g.NetworkConstant(w, inputs, outputs));
        string? sum = null;
        for (int i = 0; i < inputs; i++)
        {
            string column = g.Node("Gather", [x, g.Indices(i)], OnnxGraphBuilder.Int("axis", 1));
            string term = g.Binary("Mul", column, g.Constant(w.AsSpan(i * outputs, outputs), 1, outputs));
            sum = sum is null ? term : g.Binary("Add", sum, term);
        }
        return sum ?? g.Constant(new double[outputs], 1, outputs);
    }

    /// <summary>m = ((MLP + LSE(units)) + power terms) - LSE(denominator units), float64, N x 1, added in EqNet's order.</summary>
    private static string Magnitude(OnnxGraphBuilder g, MagnitudeLayout layout, string v, double[] p)
    {
        string m = g.Binary("Add", Mlp(g, layout.Mlp, v, p), LogSumExp(g, layout.Units, v, p));
        if (layout.Terms.Units > 0) m = g.Binary("Add", m, PowerTerms(g, layout.Terms, v, p));
        if (layout.Denominator is not null) m = g.Binary("Sub", m, LogSumExp(g, layout.Denominator, v, p));
        return m;
    }

    /// <summary>max + log(sum of exp(s - max)), float64, the sum over the units in order (a ReduceSum's order is the runtime's).</summary>
    private static string LogSumExp(OnnxGraphBuilder g, UnitsLayout units, string v, double[] p)
    {
        string s = g.Binary("Add", Product(g, v, UnitWeights(units, p), units.Features, units.Units, OnnxGraphBuilder.Double), g.Constant(UnitLast(units, p), units.Units));
        string max = g.Node("ReduceMax", [s], OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        string exp = g.Unary("Exp", g.Binary("Sub", s, max));
        string sum = g.Node("Gather", [exp, g.Indices(0)], OnnxGraphBuilder.Int("axis", 1));
        for (int k = 1; k < units.Units; k++) sum = g.Binary("Add", sum, g.Node("Gather", [exp, g.Indices(k)], OnnxGraphBuilder.Int("axis", 1)));
        return g.Binary("Add", max, g.Unary("Log", sum));
    }

    /// <summary>sum_k c_k exp(v . w_k), float64, summed over the terms in order.</summary>
    private static string PowerTerms(OnnxGraphBuilder g, UnitsLayout terms, string v, double[] p)
    {
        string powers = g.Unary("Exp", Product(g, v, UnitWeights(terms, p), terms.Features, terms.Units, OnnxGraphBuilder.Double));
        string scaled = g.Binary("Mul", powers, g.Constant(UnitLast(terms, p), 1, terms.Units));
        string sum = g.Node("Gather", [scaled, g.Indices(0)], OnnxGraphBuilder.Int("axis", 1));
        for (int k = 1; k < terms.Units; k++) sum = g.Binary("Add", sum, g.Node("Gather", [scaled, g.Indices(k)], OnnxGraphBuilder.Int("axis", 1)));
        return sum;
    }

    /// <summary>The units' weight vectors as a features x units matrix (row-major).</summary>
    private static double[] UnitWeights(UnitsLayout units, double[] p)
    {
        int f = units.Features, stride = f + 1;
        var w = new double[f * units.Units];
        for (int k = 0; k < units.Units; k++)
            for (int i = 0; i < f; i++) w[i * units.Units + k] = p[units.Offset + k * stride + i];
        return w;
    }

    /// <summary>Each unit's last parameter (bias or coefficient).</summary>
    private static double[] UnitLast(UnitsLayout units, double[] p) =>
        [.. Enumerable.Range(0, units.Units).Select(k => p[units.Offset + k * (units.Features + 1) + units.Features])];

    /// <summary>A row-major rows x columns block of parameters, transposed (columns x rows, row-major).</summary>
    private static double[] Transposed(double[] p, int offset, int rows, int columns)
    {
        var t = new double[rows * columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) t[c * rows + r] = p[offset + r * columns + c];
        return t;
    }

    /// <summary>
    /// asinh(z) = sign(z) log1p(a + a^2 / (1 + sqrt(1 + a^2))), a = |z|, with log1p(t) = log(1 + t) t / ((1 + t) - 1)
    /// (exact to a few ulps where 1 + t rounds; Goldberg 1991, "What every computer scientist should know about
    /// floating-point arithmetic", theorem 4); above 2^28, log(a) + log 2, before a^2 overflows.
    /// </summary>
    private static string Asinh(OnnxGraphBuilder g, string z)
    {
        string a = g.Unary("Abs", z);
        string a2 = g.Binary("Mul", a, a);
        string t = g.Binary("Add", a, g.Binary("Div", a2, g.Binary("Add", g.Scalar(1), g.Unary("Sqrt", g.Binary("Add", g.Scalar(1), a2)))));
        string w = g.Binary("Add", g.Scalar(1), t);
        string log1p = g.Node("Where", [g.Binary("Equal", w, g.Scalar(1)), t, g.Binary("Div", g.Binary("Mul", g.Unary("Log", w), t), g.Binary("Sub", w, g.Scalar(1)))]);
        string large = g.Binary("Add", g.Unary("Log", a), g.Scalar(Math.Log(2)));
        string magnitude = g.Node("Where", [g.Binary("Greater", a, g.Scalar(268435456.0)), large, log1p]);
        return g.Binary("Mul", g.Unary("Sign", z), magnitude);
    }

    /// <summary>Where <see cref="Translate"/>'s expressions come from by default, for the message refusing a function.</summary>
    private const string InputsPlace = "of its inputs (a bound or a feature read from the equations)";

    /// <summary>
    /// An expression as ONNX nodes over columns (N x 1 each) named <paramref name="inputs"/>; <paramref name="place"/>
    /// says where the expression is in the model, for the message refusing a function ONNX Runtime lacks.
    /// </summary>
    internal static string Translate(OnnxGraphBuilder g, Expr e, string[] columns, IReadOnlyList<string> inputs, string place = InputsPlace) => e switch
    {
        NumberExpr n => g.Scalar(n.Value),
        ConstantExpr c => g.Scalar(c.Value),
        VariableExpr v => columns[IndexOf(inputs, v.Name)],
        UnaryExpr u => g.Unary("Neg", Translate(g, u.Operand, columns, inputs, place)),
        BinaryExpr b => g.Binary(b.Operator switch
        {
            BinaryOperator.Add => "Add",
            BinaryOperator.Subtract => "Sub",
            BinaryOperator.Multiply => "Mul",
            BinaryOperator.Divide => "Div",
            _ => "Pow",
        }, Translate(g, b.Left, columns, inputs, place), Translate(g, b.Right, columns, inputs, place)),
        CallExpr c when c.Function == MathFunction.Where => Where(g, c, columns, inputs, place),
        CallExpr c when FunctionCatalog.IsComparison(c.Function) => g.Node("Where", [Comparison(g, c, columns, inputs, place), g.Scalar(1), g.Scalar(0)]),

        // sqrt(a^2 + b^2): within an ulp or two of hypot, short of a^2 overflowing (|a| above 1e154).
        CallExpr c when c.Function == MathFunction.Hypot => g.Unary("Sqrt", g.Binary("Add",
            g.Binary("Mul", Translate(g, c.Arguments[0], columns, inputs, place), Translate(g, c.Arguments[0], columns, inputs, place)),
            g.Binary("Mul", Translate(g, c.Arguments[1], columns, inputs, place), Translate(g, c.Arguments[1], columns, inputs, place)))),
        CallExpr c when c.Function is MathFunction.Min or MathFunction.Max =>
            c.Arguments.Skip(1).Aggregate(Translate(g, c.Arguments[0], columns, inputs, place), (acc, arg) => g.Binary(c.Function.ToString(), acc, Translate(g, arg, columns, inputs, place))),
        CallExpr c when c.Function is MathFunction.Log10 or MathFunction.Log2 =>
            g.Binary("Div", g.Unary("Log", Translate(g, c.Arguments[0], columns, inputs, place)), g.Scalar(Math.Log(c.Function == MathFunction.Log10 ? 10 : 2))),
        // ONNX Runtime has Tan in float32 only; sin/cos is the same value to a few ulps.
        CallExpr c when c.Function is MathFunction.Tan =>
            g.Binary("Div", g.Unary("Sin", Translate(g, c.Arguments[0], columns, inputs, place)), g.Unary("Cos", Translate(g, c.Arguments[0], columns, inputs, place))),
        CallExpr c when c.Function is MathFunction.Asinh => Asinh(g, Translate(g, c.Arguments[0], columns, inputs, place)),
        CallExpr c when c.Function is MathFunction.Atan => OnnxInverseTrigonometry.Atan(g, Translate(g, c.Arguments[0], columns, inputs, place)),
        CallExpr c when c.Function is MathFunction.Asin => OnnxInverseTrigonometry.Asin(g, Translate(g, c.Arguments[0], columns, inputs, place)),
        CallExpr c when c.Function is MathFunction.Acos => OnnxInverseTrigonometry.Acos(g, Translate(g, c.Arguments[0], columns, inputs, place)),
        CallExpr c when OnnxFunction(c.Function) is { } op => g.Unary(op, Translate(g, c.Arguments[0], columns, inputs, place)),
        CallExpr c => throw new ExportException(
            $"the model computes {c.Name}() {place}, which this ONNX export cannot write in float64 (ONNX Runtime evaluates Sinh, Cosh, Acosh, Atanh and Erf in float32 only; the other special functions have no operator); export with --csharp or --python instead"),
        _ => throw new ExportException($"expression node {e.GetType().Name} has no ONNX form in this exporter"),
    };

    /// <summary>A comparison as a boolean tensor.</summary>
    private static string Comparison(OnnxGraphBuilder g, CallExpr c, string[] columns, IReadOnlyList<string> inputs, string place) => g.Binary(c.Function switch
    {
        MathFunction.Less => "Less",
        MathFunction.LessEqual => "LessOrEqual",
        MathFunction.Greater => "Greater",
        _ => "GreaterOrEqual",
    }, Translate(g, c.Arguments[0], columns, inputs, place), Translate(g, c.Arguments[1], columns, inputs, place));

    /// <summary>where(c, a, b): a comparison selects directly; another condition holds where it is neither 0 nor NaN, as EqNet reads it.</summary>
    private static string Where(OnnxGraphBuilder g, CallExpr c, string[] columns, IReadOnlyList<string> inputs, string place)
    {
        string a = Translate(g, c.Arguments[1], columns, inputs, place), b = Translate(g, c.Arguments[2], columns, inputs, place);
        if (c.Arguments[0] is CallExpr comparison && FunctionCatalog.IsComparison(comparison.Function))
            return g.Node("Where", [Comparison(g, comparison, columns, inputs, place), a, b]);
        string condition = Translate(g, c.Arguments[0], columns, inputs, place);
        return g.Node("Where", [g.Binary("Equal", condition, g.Scalar(0)), b, g.Node("Where", [g.Binary("Equal", condition, condition), a, b])]);
    }

    private static string? OnnxFunction(MathFunction f) => f switch
    {
        MathFunction.Exp => "Exp",
        MathFunction.Log => "Log",
        MathFunction.Sqrt => "Sqrt",
        MathFunction.Abs => "Abs",
        MathFunction.Sign => "Sign",
        MathFunction.Tanh => "Tanh",
        MathFunction.Sin => "Sin",
        MathFunction.Cos => "Cos",
        _ => null,
    };

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new ExportException($"an expression uses '{name}', which is not an input of the model");
    }
}
