using System.Globalization;
using System.Text;
using EqNet.Expressions;
using EqNet.Features;
using EqNet.Models;

namespace EqNet.Export;

/// <summary>
/// Writes a model as one Python file: with numpy alone (<see cref="NumPy"/>), a <c>predict(x)</c> function whose
/// arithmetic is EqNet's batch prediction's (every dot product summed in EqNet's order, EqNet's own tanh written out),
/// so only numpy's exp and log (within an ulp of the C library's) separate the two; or a PyTorch
/// <c>torch.nn.Module</c> (<see cref="PyTorch"/>, float64) whose weights are parameters, one tensor per layer, to
/// fine-tune or extend (PyTorch's own matrix products and transcendental functions: a few ulps from EqNet). Both
/// files carry the problem's equations as <c>residuals(x, y)</c>, the scale-relative residuals EqNet trains on, and
/// what a model computes after its network: its Newton steps (<see cref="PythonRefinement"/>) and its computed outputs.
/// </summary>
public static class PythonExporter
{
    /// <summary>The numpy-only Python source of <paramref name="model"/> (a network or a formula model).</summary>
    /// <param name="model">The model.</param>
    /// <returns>The text of a Python module: <c>INPUT_NAMES</c>, <c>OUTPUT_NAMES</c>, <c>predict(x)</c> (n x inputs to n x outputs), <c>residuals(x, y)</c>.</returns>
    /// <exception cref="ExportException">The model is of a kind this exporter does not know, or uses a function it does not translate.</exception>
    public static string NumPy(IPredictor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = Dialect.NumPy;
        var s = new StringBuilder();
        Preamble(s, model, "numpy", "predict(x)");
        s.AppendLine("import math");
        s.AppendLine();
        s.AppendLine("import numpy as np");
        s.AppendLine();
        Names(s, model);
        s.AppendLine();
        s.AppendLine();
        s.AppendLine("def predict(x):");
        s.AppendLine("    \"\"\"Outputs (n x outputs, OUTPUT_NAMES order) at raw inputs x (n x inputs, INPUT_NAMES order; one point may be a 1-d array).\"\"\"");
        s.AppendLine("    x = np.atleast_2d(np.asarray(x, dtype=np.float64))");
        s.AppendLine($"    if x.shape[1] != {model.InputNames.Count}:");
        s.AppendLine($"        raise ValueError(f\"expected {model.InputNames.Count} input columns ({string.Join(", ", model.InputNames)}), got {{x.shape[1]}}\")");
        s.AppendLine("    n = x.shape[0]");
        s.AppendLine($"    y = np.empty((n, {model.OutputNames.Count}))");
        s.AppendLine("    with np.errstate(all=\"ignore\"):");
        if (model is EqNetModel network)
        {
            var layout = ModelLayout.Of(network.Network);
            // With Newton steps or computed outputs after it, the network's outputs go to l first.
            bool after = network.Computed is not null || network.Refinement is not null;
            string target = after ? "l" : "y";
            if (after) s.AppendLine($"        l = np.empty((n, {network.Network.OutputCount}))");
            s.AppendLine($"        u = np.empty((n, {network.Features.Count}))");
            for (int f = 0; f < network.Features.Count; f++)
                s.AppendLine($"        u[:, {f}] = {FeatureText(network.Features.Features[f], network.InputNames, d)}");
            foreach (var o in layout.Outputs) NumPyOutput(s, o, target);
            NumPyCorrections(s, network, target);
            if (network.Refinement is { } refinement) s.AppendLine($"        l = _refine(x, l)  # {PyText(refinement.Text)}");
            if (after) ComputedOutputs(s, network, d);
        }
        else if (model is FormulaModel formula)
        {
            for (int j = 0; j < formula.Formulas.Count; j++)
                s.AppendLine($"        y[:, {j}] = {Translate(formula.Formulas[j], Columns(model), d)}  # {formula.OutputNames[j]}");
        }
        else throw new ExportException($"a {model.GetType().Name} has no Python form in this exporter");
        s.AppendLine("    return y");
        s.AppendLine();
        s.AppendLine();
        Residuals(s, model, d, "def residuals(x, y):", "    ");
        s.AppendLine();
        s.AppendLine();
        s.AppendLine("def _column(value, x):");
        s.AppendLine("    \"\"\"value as a column of x's rows (a constant expression is a number).\"\"\"");
        s.AppendLine("    return np.broadcast_to(np.asarray(value, dtype=np.float64), (x.shape[0],))");
        s.AppendLine();
        s.AppendLine();
        s.Append(LibmHelpers);
        if (model is EqNetModel { Refinement: { } steps })
        {
            s.AppendLine();
            s.AppendLine();
            s.Append(PythonRefinement.Source(steps, (e, columns) => Translate(e, columns, d), torch: false));
        }
        if (model is EqNetModel trained)
        {
            s.AppendLine();
            s.AppendLine();
            s.Append(NumPyHelpers);
            s.AppendLine();
            s.AppendLine();
            s.AppendLine("# The network's parameters, in EqNet's order (round-trip float64 literals).");
            double[] all = [.. trained.Parameters, .. trained.Corrections?.Stages.SelectMany(stage => stage.Parameters) ?? []];
            Parameters(s, "_P = np.array(", all, ", dtype=np.float64)");
        }
        return s.ToString();
    }

    /// <summary>
    /// The PyTorch source of <paramref name="model"/>: a <c>torch.nn.Module</c> subclass <paramref name="className"/>
    /// (float64) whose <c>forward(x)</c> maps n x inputs to n x outputs, with every layer's weights and biases, every
    /// power-law unit and term, and every learned scale as a parameter. A model's Newton steps run in <c>forward</c>
    /// after the network, without autograd (<c>newton_steps=0</c>, on the constructor or on one call, gives the
    /// network's differentiable outputs); computed outputs follow as torch expressions.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="className">A Python class name.</param>
    /// <exception cref="ArgumentException"><paramref name="className"/> is not an identifier.</exception>
    /// <exception cref="ExportException">The model is of a kind this exporter does not know, or uses a function it does not translate.</exception>
    public static string PyTorch(IPredictor model, string className = "Model")
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!IsIdentifier(className)) throw new ArgumentException($"'{className}' is not a Python class name", nameof(className));
        var d = Dialect.Torch;
        var s = new StringBuilder();
        Preamble(s, model, "PyTorch", $"{className}()(x)");
        bool refined = model is EqNetModel { Refinement: not null };
        if (refined)
        {
            s.AppendLine("import math");
            s.AppendLine();
        }
        s.AppendLine("import torch");
        s.AppendLine("from torch import nn");
        s.AppendLine();
        Names(s, model);
        s.AppendLine();
        if (model is EqNetModel) { s.AppendLine(); s.Append(TorchModules); }
        s.AppendLine();
        s.AppendLine();
        s.AppendLine($"class {className}(nn.Module):");
        s.AppendLine($"    \"\"\"EqNet model of '{PyText(model.Problem.Name)}' in float64: forward(x) maps raw inputs (n x inputs) to outputs (n x outputs).\"\"\"");
        s.AppendLine();
        if (model is EqNetModel { Refinement: { } steps })
        {
            s.AppendLine($"    def __init__(self, newton_steps={steps.Steps}):");
            s.AppendLine("        super().__init__()");
            s.AppendLine("        # At most this many Newton steps after the network in forward (the exported model's count); 0: the network alone.");
            s.AppendLine("        self.newton_steps = newton_steps");
        }
        else
        {
            s.AppendLine("    def __init__(self):");
            s.AppendLine("        super().__init__()");
        }
        if (model is EqNetModel network)
        {
            var layout = ModelLayout.Of(network.Network);
            s.AppendLine("        p = torch.tensor(_PARAMETERS, dtype=torch.float64)");
            foreach (var o in layout.Outputs.OrderBy(o => o.Index)) TorchParts(s, o);
            TorchCorrectionParts(s, network);
            s.AppendLine();
            s.AppendLine("    def features(self, x):");
            s.AppendLine("        \"\"\"The network's standardised features (n x features) of raw inputs x; fixed, not learned.\"\"\"");
            s.AppendLine("        return torch.stack([");
            for (int f = 0; f < network.Features.Count; f++)
                s.AppendLine($"            _column({FeatureText(network.Features.Features[f], network.InputNames, d)}, x),  # {PyText(network.Features.Features[f].Describe(network.InputNames))}");
            s.AppendLine("        ], dim=1)");
            s.AppendLine();
            s.AppendLine(refined ? "    def forward(self, x, newton_steps=None):" : "    def forward(self, x):");
            if (refined) s.AppendLine("        \"\"\"Outputs at raw inputs x; newton_steps (default self.newton_steps) caps the steps after the network, 0 for none.\"\"\"");
            s.AppendLine("        x = torch.as_tensor(x, dtype=torch.float64)");
            s.AppendLine("        u = self.features(x)");
            s.AppendLine($"        y = [None] * {network.Network.OutputCount}");
            foreach (var o in layout.Outputs) TorchOutput(s, o);
            TorchCorrections(s, network);
            if (network.Computed is null && network.Refinement is null) s.AppendLine("        return torch.stack(y, dim=1)");
            else
            {
                s.AppendLine("        l = torch.stack(y, dim=1)");
                if (network.Refinement is { } refinement)
                {
                    s.AppendLine("        steps = self.newton_steps if newton_steps is None else newton_steps");
                    s.AppendLine("        if steps > 0:");
                    // A converged row is the equations' root, which does not depend on the network's weights: a gradient
                    // through the steps is about zero, and recording it would only build a large graph of masked updates.
                    s.AppendLine("            with torch.no_grad():");
                    s.AppendLine($"                l = _refine(x, l, steps)  # {PyText(refinement.Text)}");
                }
                ComputedOutputs(s, network, d);
                s.AppendLine("        return y");
            }
        }
        else if (model is FormulaModel formula)
        {
            s.AppendLine("        # A closed-form model: no parameters.");
            s.AppendLine();
            s.AppendLine("    def forward(self, x):");
            s.AppendLine("        x = torch.as_tensor(x, dtype=torch.float64)");
            s.AppendLine("        return torch.stack([");
            for (int j = 0; j < formula.Formulas.Count; j++)
                s.AppendLine($"            _column({Translate(formula.Formulas[j], Columns(model), d)}, x),  # {formula.OutputNames[j]}");
            s.AppendLine("        ], dim=1)");
        }
        else throw new ExportException($"a {model.GetType().Name} has no Python form in this exporter");
        s.AppendLine();
        Residuals(s, model, d, "def residuals(self, x, y):", "        ", "    ");
        s.AppendLine();
        s.AppendLine();
        s.AppendLine("def _column(value, x):");
        s.AppendLine("    \"\"\"value as a column of x's rows (a constant expression is a number).\"\"\"");
        s.AppendLine("    return torch.as_tensor(value, dtype=torch.float64).expand(x.shape[0])");
        if (model is EqNetModel { Refinement: { } refinementSteps })
        {
            s.AppendLine();
            s.AppendLine();
            s.Append(PythonRefinement.Source(refinementSteps, (e, columns) => Translate(e, columns, d), torch: true));
        }
        if (model is EqNetModel trained)
        {
            s.AppendLine();
            s.AppendLine();
            s.AppendLine("# The trained parameters, in EqNet's order (round-trip float64 literals), the correction stages' after the network's; the module copies them into its own.");
            Parameters(s, "_PARAMETERS = ", [.. trained.Parameters, .. trained.Corrections?.Stages.SelectMany(stage => stage.Parameters) ?? []], "");
        }
        return s.ToString();
    }

    private enum Dialect { NumPy, Torch }

    /// <summary>
    /// The outputs from the network's outputs l: the learned copied, each computed output evaluated in order from the
    /// inputs, l and those before it; into the array y (numpy) or, for autograd, into the list z stacked into y (torch).
    /// </summary>
    private static void ComputedOutputs(StringBuilder s, EqNetModel model, Dialect d)
    {
        var outputs = model.OutputNames.ToList();
        if (model.Computed is not { } computed)
        {
            s.AppendLine(d == Dialect.NumPy ? "        y[:, :] = l" : "        y = l");
            return;
        }
        string Column(int j) => d == Dialect.NumPy ? $"y[:, {j}]" : $"z[{j}]";
        if (d == Dialect.Torch) s.AppendLine($"        z = [None] * {outputs.Count}");
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < model.InputNames.Count; i++) columns[model.InputNames[i]] = $"x[:, {i}]";
        for (int k = 0; k < computed.Learned.Count; k++)
        {
            columns[computed.Learned[k]] = $"l[:, {k}]";
            s.AppendLine($"        {Column(outputs.IndexOf(computed.Learned[k]))} = l[:, {k}]  # {computed.Learned[k]}: network");
        }
        foreach (var step in computed.Steps)
        {
            int j = outputs.IndexOf(step.Name);
            s.AppendLine($"        {Column(j)} = _column({Translate(step.Value, columns, d)}, x)  # {step.Name}: {PyText(step.Structure)}");
            columns[step.Name] = Column(j);
        }
        if (d == Dialect.Torch) s.AppendLine("        y = torch.stack(z, dim=1)");
    }

    private static void Preamble(StringBuilder s, IPredictor model, string kind, string call)
    {
        s.AppendLine($"# Written by eqnet export from a model of the problem '{PyText(model.Problem.Name)}'; regenerate it rather than editing it.");
        s.AppendLine($"\"\"\"EqNet model of '{PyText(model.Problem.Name)}' for {kind}, in float64: outputs {string.Join(", ", model.OutputNames)} from inputs {string.Join(", ", model.InputNames)}.");
        s.AppendLine();
        s.AppendLine($"Call {call} with x of shape (n, {model.InputNames.Count}), columns in INPUT_NAMES order, raw values in the problem's units;");
        s.AppendLine($"the result is (n, {model.OutputNames.Count}) in OUTPUT_NAMES order. residuals(x, y) gives each equation's (lhs - rhs) / S.");
        s.AppendLine($"Trained domain: {PyText(string.Join("; ", model.Problem.Inputs.Select(i => $"{i.Min} <= {i.Name} <= {i.Max}")))}.");
        if (model is EqNetModel network)
        {
            s.AppendLine("How each output is produced:");
            foreach (var h in network.Network.Heads) s.AppendLine($"  {h.Name}: {HeadText(h, network.Features, network.InputNames)}");
            foreach (var step in network.Computed?.Steps ?? []) s.AppendLine($"  {step.Name}: {PyText(step.Structure)}");
            if (network.Refinement is { } refinement)
            {
                s.AppendLine($"The network's outputs then take {PyText(refinement.Text)} (EqNet's Newton steps, the same rules");
                s.AppendLine($"row by row){(network.Computed is null ? "" : ", before the computed outputs are evaluated")}.");
                if (kind == "PyTorch")
                {
                    s.AppendLine("The steps run without autograd: the outputs they refine carry no gradient. To fine-tune the network, use its");
                    s.AppendLine($"raw outputs, differentiable: {call.Replace("()(x)", "(newton_steps=0)(x)", StringComparison.Ordinal)}, or forward(x, newton_steps=0) for one call.");
                }
            }
        }
        else s.AppendLine("Closed forms (eqnet discover --save).");
        s.AppendLine("\"\"\"");
    }

    private static void Names(StringBuilder s, IPredictor model)
    {
        s.AppendLine($"INPUT_NAMES = [{string.Join(", ", model.InputNames.Select(n => $"\"{n}\""))}]");
        s.AppendLine($"OUTPUT_NAMES = [{string.Join(", ", model.OutputNames.Select(n => $"\"{n}\""))}]");
        s.AppendLine($"EQUATIONS = [{string.Join(", ", model.Problem.Equations.Select(e => $"\"{PyText(e.Equation.ToString())}\""))}]");
        s.AppendLine($"EQUATION_WEIGHTS = [{string.Join(", ", model.Problem.Equations.Select(e => Literal(e.Weight)))}]");
    }

    private static string HeadText(OutputHead h, FeatureMap features, IReadOnlyList<string> inputs) => h.Kind switch
    {
        OutputHeadKind.Difference => "exp(m) - exp(m'), two magnitudes (network)",
        OutputHeadKind.Free => "exp(m) * t, a magnitude and a shape (network)",
        OutputHeadKind.Envelope => "exp(m) * t, t with a linear term (network)",
        OutputHeadKind.SignedFactor => $"exp(m) * ({features.Features[h.Factor].Describe(inputs)} standardised), closed-form factor times a learned magnitude",
        OutputHeadKind.LowerBound => $"{h.Min} + exp(m) (network)",
        OutputHeadKind.UpperBound => $"{h.Max} - exp(m) (network)",
        OutputHeadKind.Affine => $"{(h.Min + h.Max) / 2} + {(h.Max - h.Min) / 2} * t (network)",
        _ => $"{h.Min} + ({h.Max} - {h.Min}) * sigmoid(t) (network)",
    };

    /// <summary>residuals(x, y): per equation (lhs - rhs) / S, S the sum of its terms' magnitudes or its own scale expression.</summary>
    private static void Residuals(StringBuilder s, IPredictor model, Dialect d, string signature, string indent, string defIndent = "")
    {
        var columns = Columns(model, withOutputs: true);
        string stack = d == Dialect.NumPy ? "np.stack" : "torch.stack";
        string axis = d == Dialect.NumPy ? "axis" : "dim";
        s.AppendLine(defIndent + signature);
        s.AppendLine($"{indent}\"\"\"Per equation (n x equations), (lhs - rhs) / S: S the sum of the magnitudes of its terms (or its 'scale:'), the residual EqNet trains on (times EQUATION_WEIGHTS).\"\"\"");
        if (d == Dialect.NumPy) s.AppendLine($"{indent}x, y = np.atleast_2d(np.asarray(x, dtype=np.float64)), np.atleast_2d(np.asarray(y, dtype=np.float64))");
        else s.AppendLine($"{indent}x, y = torch.as_tensor(x, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64)");
        // An equation with a function only EqNet evaluates (erf, besselj, ...) leaves residuals() unavailable, not the prediction.
        string? missing = null;
        foreach (var e in model.Problem.Equations)
        {
            try
            {
                Translate(e.Equation.Residual, columns, d);
                foreach (var t in e.Scale is { } user ? [user] : e.Equation.Terms) Translate(t, columns, d);
            }
            catch (ExportException refused)
            {
                missing ??= refused.Message;
            }
        }
        if (missing is not null)
        {
            s.AppendLine($"{indent}raise NotImplementedError(\"residuals: {PyText(missing)}\")");
            return;
        }
        s.AppendLine($"{indent}r = []");
        foreach (var e in model.Problem.Equations)
        {
            string residual = Translate(e.Equation.Residual, columns, d);
            string scale = e.Scale is { } user ? $"{Abs(d)}({Tensor(Translate(user, columns, d), d)})"
                : string.Join(" + ", e.Equation.Terms.Select(t => $"{Abs(d)}({Tensor(Translate(t, columns, d), d)})"));
            s.AppendLine($"{indent}r.append(_column(({residual}) / ({scale}), x))  # {PyText(e.Equation.ToString())}");
        }
        s.AppendLine($"{indent}return {stack}(r, {axis}=1)");
    }

    private static string Abs(Dialect d) => d == Dialect.NumPy ? "np.abs" : "torch.abs";

    /// <summary>Variable name to Python column: inputs from x, and with <paramref name="withOutputs"/>, outputs from y.</summary>
    private static Dictionary<string, string> Columns(IPredictor model, bool withOutputs = false)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < model.InputNames.Count; i++) columns[model.InputNames[i]] = $"x[:, {i}]";
        if (withOutputs) for (int j = 0; j < model.OutputNames.Count; j++) columns[model.OutputNames[j]] = $"y[:, {j}]";
        return columns;
    }

    /// <summary>
    /// The correction stages after the network's outputs, as <see cref="CorrectionStages.Apply"/> computes them: each
    /// stage's parameters follow the network's in _P, its network runs through _mlp (the same sums in the same order).
    /// </summary>
    private static void NumPyCorrections(StringBuilder s, EqNetModel model, string target)
    {
        if (model.Corrections is not { Count: > 0 } corrections) return;
        s.AppendLine($"        # {corrections.Count} correction stage(s): y += sqrt(y^2 + floor^2) * (sum of each stage's error size x its network)");
        for (int j = 0; j < corrections.Floors.Count; j++)
        {
            s.AppendLine("        c = np.zeros(n)");
            int offset = model.Parameters.Length;
            foreach (var stage in corrections.Stages)
            {
                int own = offset + j * stage.Network.ParameterCount;
                var layers = ModelLayout.Mlp(model.Features.Count, stage.Network.Hidden, ref own).Select(l => $"({l.Offset}, {l.Outputs})");
                if (stage.Scales[j] != 0) s.AppendLine($"        c += {Literal(stage.Scales[j])} * _mlp(u, [{string.Join(", ", layers)}])");
                offset += stage.Parameters.Length;
            }
            string f = Literal(corrections.Floors[j]);
            s.AppendLine($"        {target}[:, {j}] = np.where(c != 0, {target}[:, {j}] + np.sqrt({target}[:, {j}] * {target}[:, {j}] + {f} * {f}) * c, {target}[:, {j}])");
        }
    }

    /// <summary>
    /// Each correction stage's network per output it corrects, as a module (<c>self.y_correction_0</c>, ...) whose
    /// parameters follow the network's in _PARAMETERS, as in the numpy file's _P.
    /// </summary>
    private static void TorchCorrectionParts(StringBuilder s, EqNetModel model)
    {
        if (model.Corrections is not { Count: > 0 } corrections) return;
        s.AppendLine($"        # {corrections.Count} correction stage(s) over the features: per output a tanh network, times the error size it was fitted to");
        int offset = model.Parameters.Length;
        for (int k = 0; k < corrections.Count; k++)
        {
            var stage = corrections.Stages[k];
            for (int j = 0; j < stage.Scales.Count; j++)
            {
                int own = offset + j * stage.Network.ParameterCount;
                var layers = ModelLayout.Mlp(model.Features.Count, stage.Network.Hidden, ref own);
                if (stage.Scales[j] != 0) s.AppendLine($"        self.{model.Network.Heads[j].Name}_correction_{k} = {TorchMlp(layers, false)}");
            }
            offset += stage.Parameters.Length;
        }
    }

    /// <summary>The correction stages on the network's outputs y (a list), as <see cref="NumPyCorrections"/> writes them, differentiable.</summary>
    private static void TorchCorrections(StringBuilder s, EqNetModel model)
    {
        if (model.Corrections is not { Count: > 0 } corrections) return;
        s.AppendLine($"        # {corrections.Count} correction stage(s): y += sqrt(y^2 + floor^2) * (sum of each stage's error size x its network)");
        for (int j = 0; j < corrections.Floors.Count; j++)
        {
            string name = model.Network.Heads[j].Name;
            var terms = corrections.Stages.Select((stage, k) => (stage.Scales[j], k)).Where(t => t.Item1 != 0).ToList();
            if (terms.Count == 0) continue;
            s.AppendLine($"        c = torch.zeros_like(y[{j}])");
            foreach (var (scale, k) in terms) s.AppendLine($"        c = c + {Literal(scale)} * self.{name}_correction_{k}(u)");
            string f = Literal(corrections.Floors[j]);
            s.AppendLine($"        y[{j}] = torch.where(c != 0, y[{j}] + torch.sqrt(y[{j}] * y[{j}] + {f} * {f}) * c, y[{j}])");
        }
    }

    private static void NumPyOutput(StringBuilder s, OutputLayout o, string target)
    {
        const string i = "        ";
        s.AppendLine($"{i}# output {o.Index}: {o.Head.Name}, {o.Head.Kind} head");
        bool identity = o.Upstream.Count == 0 && o.SeesAllFeatures && o.Features.Count > 0;
        string v = "u";
        if (!identity)
        {
            v = "v";
            var columns = o.Features.Select(f => $"u[:, {f}]").ToList();
            foreach (var up in o.Upstream) columns.Add(UpstreamText(up, "_P", Dialect.NumPy, target));
            s.AppendLine($"{i}v = np.stack([{string.Join(", ", columns)}], axis=1)");
        }
        if (o.Magnitude is not null) s.AppendLine($"{i}m = {NumPyMagnitude(o.Magnitude, v)}");
        string? t = o.Shape is not null ? NumPyMlp(o.Shape, v, o.Head.Kind == OutputHeadKind.Envelope)
            : o.Negative is not null ? NumPyMagnitude(o.Negative, v)
            : o.Head.Factor >= 0 ? $"u[:, {o.Head.Factor}]" : null;
        if (t is not null) s.AppendLine($"{i}t = {t}");
        s.AppendLine($"{i}{target}[:, {o.Index}] = {HeadFormula(o.Head, "_nexp")}");
    }

    private static string NumPyMagnitude(MagnitudeLayout g, string v)
    {
        string m = $"_magnitude({v}, {NumPyMlpLayers(g.Mlp)}, ({g.Units.Offset}, {g.Units.Units}), ({g.Terms.Offset}, {g.Terms.Units})";
        return g.Denominator is null ? m + ")" : m + $", ({g.Denominator.Offset}, {g.Denominator.Units}))";
    }

    private static string NumPyMlp(IReadOnlyList<DenseLayer> layers, string v, bool linearSkip) =>
        linearSkip ? $"_mlp({v}, {NumPyMlpLayers(layers)}, skip={layers[^1].BiasOffset + layers[^1].Outputs})" : $"_mlp({v}, {NumPyMlpLayers(layers)})";

    private static string NumPyMlpLayers(IReadOnlyList<DenseLayer> layers) => $"[{string.Join(", ", layers.Select(l => $"({l.Offset}, {l.Outputs})"))}]";

    /// <summary>An output's head as a Python expression of m and t, EqNet's <see cref="OutputHead.Combine"/> operation for operation.</summary>
    private static string HeadFormula(OutputHead h, string exp) => h.Kind switch
    {
        OutputHeadKind.Difference => $"{exp}(m) - {exp}(t)",
        OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => $"{exp}(m) * t",
        OutputHeadKind.LowerBound => $"{Literal(h.Min)} + {exp}(m)",
        OutputHeadKind.UpperBound => $"{Literal(h.Max)} - {exp}(m)",
        OutputHeadKind.Affine => $"{Literal((h.Min + h.Max) / 2)} + {Literal((h.Max - h.Min) / 2)} * t",
        _ => $"{Literal(h.Min)} + {Literal(h.Max - h.Min)} * (1 / (1 + {exp}(-t)))",
    };

    private static string UpstreamText(UpstreamLayout up, string parameters, Dialect d, string target = "y")
    {
        string exp = Function(MathFunction.Exp, d), log = Function(MathFunction.Log, d), asinh = Function(MathFunction.Asinh, d);
        string scale = up.LogScaleParameter is { } p ? (d == Dialect.NumPy ? $"{exp}({parameters}[{p}])" : $"{exp}(self.{parameters})") : Literal(up.Feature.Scale);
        string y = $"{target}[{(d == Dialect.NumPy ? ":, " : "")}{up.Feature.Output}]";
        string raw = up.Feature.Even ? $"0.5 * {log}({y} * {y} + {scale} * {scale})" : $"{asinh}({y} / {scale})";
        return $"({raw} - {Literal(up.Feature.Center)}) / {Literal(up.Feature.Width)}";
    }

    private static void TorchParts(StringBuilder s, OutputLayout o)
    {
        string name = o.Head.Name;
        s.AppendLine($"        # {name}: {o.Head.Kind} head over {o.FeatureCount} features");
        for (int k = 0; k < o.Upstream.Count; k++)
            if (o.Upstream[k].LogScaleParameter is { } p)
                s.AppendLine($"        self.{name}_log_scale_{k} = nn.Parameter(p[{p}].clone())  # log of the scale of upstream feature {k} ({(o.Upstream[k].Feature.Even ? "even" : "signed")})");
        if (o.Magnitude is not null) s.AppendLine($"        self.{name}_magnitude = {TorchMagnitude(o.Magnitude)}");
        if (o.Negative is not null) s.AppendLine($"        self.{name}_negative = {TorchMagnitude(o.Negative)}");
        if (o.Shape is not null) s.AppendLine($"        self.{name}_shape = {TorchMlp(o.Shape, o.Head.Kind == OutputHeadKind.Envelope)}");
    }

    private static string TorchMagnitude(MagnitudeLayout g) =>
        $"Magnitude(p, {TorchMlp(g.Mlp, false)}, ({g.Units.Offset}, {g.Units.Units}, {g.Units.Features}), ({g.Terms.Offset}, {g.Terms.Units}, {g.Terms.Features})" +
        (g.Denominator is null ? ")" : $", ({g.Denominator.Offset}, {g.Denominator.Units}, {g.Denominator.Features}))");

    private static string TorchMlp(IReadOnlyList<DenseLayer> layers, bool linearSkip) =>
        $"Mlp(p, [{string.Join(", ", layers.Select(l => $"({l.Offset}, {l.Outputs}, {l.Inputs})"))}]{(linearSkip ? $", skip={layers[^1].BiasOffset + layers[^1].Outputs}" : "")})";

    private static void TorchOutput(StringBuilder s, OutputLayout o)
    {
        const string i = "        ";
        string name = o.Head.Name;
        s.AppendLine($"{i}# output {o.Index}: {name}, {o.Head.Kind} head");
        bool identity = o.Upstream.Count == 0 && o.SeesAllFeatures && o.Features.Count > 0;
        string v = "u";
        if (!identity)
        {
            v = "v";
            var columns = o.Features.Select(f => $"u[:, {f}]").ToList();
            for (int k = 0; k < o.Upstream.Count; k++) columns.Add(UpstreamText(o.Upstream[k], $"{name}_log_scale_{k}", Dialect.Torch));
            s.AppendLine($"{i}v = torch.stack([{string.Join(", ", columns)}], dim=1)");
        }
        if (o.Magnitude is not null) s.AppendLine($"{i}m = self.{name}_magnitude({v})");
        string? t = o.Shape is not null ? $"self.{name}_shape({v})" : o.Negative is not null ? $"self.{name}_negative({v})"
            : o.Head.Factor >= 0 ? $"u[:, {o.Head.Factor}]" : null;
        if (t is not null) s.AppendLine($"{i}t = {t}");
        s.AppendLine($"{i}y[{o.Index}] = {HeadFormula(o.Head, "torch.exp")}");
    }

    private static string FeatureText(Feature f, IReadOnlyList<string> inputs, Dialect d)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++) columns[inputs[i]] = $"x[:, {i}]";
        string x = $"x[:, {f.Input}]";
        string bound = f.BoundExpression(inputs) is { } parsed ? Translate(parsed, columns, d) : "";
        string max = d == Dialect.NumPy ? "np.maximum" : "torch.maximum", log = Function(MathFunction.Log, d);
        string floor = d == Dialect.NumPy ? Literal(f.Floor) : $"torch.tensor({Literal(f.Floor)}, dtype=torch.float64)";
        string raw = f.Kind switch
        {
            FeatureKind.Linear => x,
            FeatureKind.Log => $"{log}({x})",
            FeatureKind.LogDistanceToMax => $"{log}({max}({bound} - {x}, {floor}))",
            FeatureKind.LogDistanceToMin => $"{log}({max}({x} - {bound}, {floor}))",
            FeatureKind.SignedLog => $"{Function(MathFunction.Asinh, d)}({x} / {Literal(f.Floor)})",
            FeatureKind.LogMagnitude => $"0.5 * {log}({x} * {x} + {Literal(f.Floor)} * {Literal(f.Floor)})",
            FeatureKind.LogExpression => $"{log}({max}({bound}, {floor}))",
            FeatureKind.Factor or FeatureKind.Fold or FeatureKind.LogPower => bound,
            FeatureKind.Sine => $"{Function(MathFunction.Sin, d)}({bound})",
            FeatureKind.Cosine => $"{Function(MathFunction.Cos, d)}({bound})",
            _ => throw new ExportException($"feature kind {f.Kind} has no Python form in this exporter"),
        };
        return $"({raw} - {Literal(f.Center)}) / {Literal(f.Width)}";
    }

    /// <summary>An expression of the problem language in Python over numpy arrays or torch tensors, the same functions EqNet calls.</summary>
    private static string Translate(Expr e, IReadOnlyDictionary<string, string> columns, Dialect d) => e switch
    {
        NumberExpr n => Literal(n.Value),
        ConstantExpr c => Literal(c.Value),
        VariableExpr v => columns.TryGetValue(v.Name, out var column) ? column
            : throw new ExportException($"an expression uses '{v.Name}', which is not a variable of the model"),
        UnaryExpr u => $"(-{Translate(u.Operand, columns, d)})",
        BinaryExpr b when b.Operator == BinaryOperator.Power =>
            $"{(d == Dialect.NumPy ? "_pow" : "torch.pow")}({Translate(b.Left, columns, d)}, {Translate(b.Right, columns, d)})",
        BinaryExpr b => $"({Translate(b.Left, columns, d)} {b.Operator switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", _ => "/" }} {Translate(b.Right, columns, d)})",
        CallExpr c when c.Function == MathFunction.Where => $"{(d == Dialect.NumPy ? "np" : "torch")}.where({Condition(c.Arguments[0], columns, d)}, "
            + $"{Tensor(Translate(c.Arguments[1], columns, d), d)}, {Tensor(Translate(c.Arguments[2], columns, d), d)})",
        CallExpr c when FunctionCatalog.IsComparison(c.Function) => $"{(d == Dialect.NumPy ? "np" : "torch")}.where({Condition(c, columns, d)}, 1.0, 0.0)",
        CallExpr c when c.Function is MathFunction.Hypot or MathFunction.Atan2 => d == Dialect.NumPy
            ? $"_libm(math.{(c.Function == MathFunction.Hypot ? "hypot" : "atan2")}, np.{(c.Function == MathFunction.Hypot ? "hypot" : "arctan2")}, {Translate(c.Arguments[0], columns, d)}, {Translate(c.Arguments[1], columns, d)})"
            : $"torch.{(c.Function == MathFunction.Hypot ? "hypot" : "atan2")}({Tensor(Translate(c.Arguments[0], columns, d), d)}, {Tensor(Translate(c.Arguments[1], columns, d), d)})",
        CallExpr c when c.Function is not (MathFunction.Min or MathFunction.Max) && (c.Arguments.Count > 1 || (int)c.Function > (int)MathFunction.Max) =>
            throw new ExportException($"the model computes {c.Name}() of its inputs, which has no Python form in this exporter (EqNet's own implementation); export --csharp instead"),
        CallExpr c when c.Arguments.Count > 1 => c.Arguments.Skip(1).Aggregate(Translate(c.Arguments[0], columns, d),
            (acc, arg) => $"{Function(c.Function, d)}({Tensor(acc, d)}, {Tensor(Translate(arg, columns, d), d)})"),
        CallExpr c => $"{Function(c.Function, d)}({Tensor(Translate(c.Arguments[0], columns, d), d)})",
        _ => throw new ExportException($"expression node {e.GetType().Name} has no Python form in this exporter"),
    };

    /// <summary>where's condition as a boolean array: a comparison as written; another expression holds where it is neither 0 nor NaN.</summary>
    private static string Condition(Expr condition, IReadOnlyDictionary<string, string> columns, Dialect d)
    {
        if (condition is CallExpr { Arguments: [var a, var b] } comparison && FunctionCatalog.IsComparison(comparison.Function))
            return $"({Translate(a, columns, d)} {FunctionCatalog.ComparisonSymbol(comparison.Function)} {Translate(b, columns, d)})";
        string c = Translate(condition, columns, d);
        return $"(({c} != 0) & ({c} == {c}))";
    }

    /// <summary>torch's functions take tensors, not numbers: a constant argument is made one.</summary>
    private static string Tensor(string text, Dialect d) =>
        d == Dialect.Torch && double.TryParse(text.Trim('(', ')'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? $"torch.tensor({text}, dtype=torch.float64)" : text;

    private static string Function(MathFunction f, Dialect d)
    {
        bool np = d == Dialect.NumPy;
        // numpy's own exp, log, sin... differ from the C library's (which .NET calls) by an ulp at a quarter of the points:
        // the file calls the C library's through Python's math module instead, so its results are EqNet's bits.
        if (np && f is not (MathFunction.Sqrt or MathFunction.Abs or MathFunction.Sign or MathFunction.Min or MathFunction.Max))
            return "_" + f.ToString().ToLowerInvariant();
        string m = np ? "np." : "torch.";
        return m + f switch
        {
            MathFunction.Exp => "exp",
            MathFunction.Log => "log",
            MathFunction.Log10 => "log10",
            MathFunction.Log2 => "log2",
            MathFunction.Sqrt => "sqrt",
            MathFunction.Sin => "sin",
            MathFunction.Cos => "cos",
            MathFunction.Tan => "tan",
            MathFunction.Asin => np ? "arcsin" : "asin",
            MathFunction.Acos => np ? "arccos" : "acos",
            MathFunction.Atan => np ? "arctan" : "atan",
            MathFunction.Sinh => "sinh",
            MathFunction.Cosh => "cosh",
            MathFunction.Tanh => "tanh",
            MathFunction.Asinh => np ? "arcsinh" : "asinh",
            MathFunction.Acosh => np ? "arccosh" : "acosh",
            MathFunction.Atanh => np ? "arctanh" : "atanh",
            MathFunction.Abs => "abs",
            MathFunction.Sign => "sign",
            MathFunction.Min => "minimum",
            MathFunction.Max => "maximum",
            _ => throw new ExportException($"the function {f.ToString().ToLowerInvariant()} has no Python form in this exporter"),
        };
    }

    private static void Parameters(StringBuilder s, string start, double[] parameters, string end)
    {
        s.AppendLine(start + "[");
        for (int k = 0; k < parameters.Length; k += 4)
            s.AppendLine("    " + string.Join(", ", parameters.Skip(k).Take(4).Select(Literal)) + ",");
        s.AppendLine("]" + end);
    }

    /// <summary>A Python float literal that reads back to exactly <paramref name="value"/>.</summary>
    internal static string Literal(double value)
    {
        if (double.IsNaN(value)) return "float(\"nan\")";
        if (double.IsInfinity(value)) return value > 0 ? "float(\"inf\")" : "float(\"-inf\")";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal)) text += ".0";
        return text.StartsWith('-') ? $"({text})" : text;
    }

    private static string PyText(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The C library's functions element by element (what .NET's Math calls), numpy's where they raise instead (overflow, poles, outside the domain).</summary>
    private static readonly string LibmHelpers = """
        def _libm(f, g, *args):
            args = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in args])
            out = np.array(g(*args), dtype=np.float64)
            ok = np.isfinite(out)
            if out.ndim == 0:
                return np.float64(f(*[float(a) for a in args])) if ok else out
            out[ok] = [f(*t) for t in zip(*[a[ok].tolist() for a in args])]
            return out


        def _pow(a, b):
            return _libm(math.pow, np.power, a, b)

        """ + string.Concat(new (string Name, string NumPy)[]
        {
            ("exp", "exp"), ("log", "log"), ("log10", "log10"), ("log2", "log2"), ("sin", "sin"), ("cos", "cos"), ("tan", "tan"),
            ("asin", "arcsin"), ("acos", "arccos"), ("atan", "arctan"), ("sinh", "sinh"), ("cosh", "cosh"), ("tanh", "tanh"),
            ("asinh", "arcsinh"), ("acosh", "arccosh"), ("atanh", "arctanh"),
        }.Select(f => $"\n\ndef _{f.Name}(v):\n    return _libm(math.{f.Name}, np.{f.NumPy}, v)\n"));

    /// <summary>EqNet's batch arithmetic over numpy columns: every dot product from 0 in index order, tanh as EqNet computes it.</summary>
    private const string NumPyHelpers = """
        def _dot(offset, v):
            # sum_i P[offset + i] * v[:, i], in i order from 0 (as EqNet sums it).
            s = np.zeros(v.shape[0])
            for i in range(v.shape[1]):
                s += _P[offset + i] * v[:, i]
            return s


        def _mlp(v, layers, skip=None):
            # layers: (offset, width) per layer; weights width x fan-in row-major, then the biases; tanh on all but the last.
            a = v
            for index, (offset, width) in enumerate(layers):
                fan_in = a.shape[1]
                w = _P[offset:offset + width * fan_in].reshape(width, fan_in)
                z = np.zeros((a.shape[0], width))
                for i in range(fan_in):
                    z += a[:, i:i + 1] * w[:, i]
                z = _P[offset + width * fan_in:offset + width * fan_in + width] + z
                a = z if index == len(layers) - 1 else _tanh(z)
            out = a[:, 0]
            if skip is not None:
                out = out + _dot(skip, v)
            return out


        def _lse(v, offset, units):
            # log(sum_k exp(w_k . v + b_k)), the largest term subtracted before exp.
            stride = v.shape[1] + 1
            s = [_P[offset + k * stride + v.shape[1]] + _dot(offset + k * stride, v) for k in range(units)]
            top = s[0]
            for k in range(1, units):
                top = np.maximum(top, s[k])
            total = np.zeros(v.shape[0])
            for k in range(units):
                total += _nexp(s[k] - top)
            return top + _nlog(total)


        def _terms(v, offset, terms):
            # sum_k c_k exp(w_k . v)
            stride = v.shape[1] + 1
            total = np.zeros(v.shape[0])
            for k in range(terms):
                total += _P[offset + k * stride + v.shape[1]] * _nexp(_dot(offset + k * stride, v))
            return total


        def _magnitude(v, mlp, units, terms, denominator=None):
            m = _mlp(v, mlp)
            m = m + _lse(v, *units)
            m = m + _terms(v, *terms)
            if denominator is not None:
                m = m - _lse(v, *denominator)
            return m


        def _nexp(x):
            # exp as EqNet's batch prediction computes it in the network (fdlibm's, VectorExp): the same operations in order.
            x = np.asarray(x, dtype=np.float64)
            w = np.minimum(np.maximum(x, -750.0), 710.0)
            rounded = w * 1.44269504088896338700e+00 + 6755399441055744.0
            k = rounded - 6755399441055744.0
            hi = w - k * 6.93147180369123816490e-01
            lo = k * 1.90821492927058770002e-10
            r = hi - lo
            t = r * r
            c = r - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05
                + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))))
            y = 1.0 - ((lo - r * c / (2.0 - c)) - hi)
            ki = np.atleast_1d(rounded).view(np.int64) - np.array([6755399441055744.0]).view(np.int64)
            k1 = ki >> 1
            k2 = ki - k1
            out = y * ((k1 + 1023) << 52).view(np.float64).reshape(np.shape(y)) * ((k2 + 1023) << 52).view(np.float64).reshape(np.shape(y))
            return np.where(np.isnan(x), x, out)


        def _nlog(x):
            # log as EqNet's batch prediction computes it in the network (fdlibm's, VectorLog); the C library's off positive normals.
            x = np.asarray(x, dtype=np.float64)
            normal = (x >= 2.2250738585072014e-308) & (x <= 1.7976931348623157e308)
            safe = np.atleast_1d(np.where(normal, x, 1.0))
            bits = safe.view(np.int64)
            hx = bits >> 32
            k = (hx >> 20) - 1023
            hx = hx & 0x000fffff
            i = (hx + 0x95f64) & 0x100000
            k = k + (i >> 20)
            f = (((hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffff)).view(np.float64) - 1.0
            dk = k.astype(np.float64)
            s = f / (2.0 + f)
            z = s * s
            w = z * z
            t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
            t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)))
            rr = t2 + t1
            hfsq = 0.5 * f * f
            half = (hx - 0x6147a >= 0) & (0x6b851 - hx >= 0)
            ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
            out = np.where(half, dk * ln2hi - ((hfsq - (s * (hfsq + rr) + dk * ln2lo)) - f), dk * ln2hi - ((s * (f - rr) - dk * ln2lo) - f))
            out = out.reshape(np.shape(x))
            return np.where(normal, out, _log(x)) if not np.all(normal) else out


        def _tanh(x):
            # EqNet's tanh (Cephes' rational below 0.625, fdlibm's exp above), operation for operation.
            a = np.abs(x)
            s = a * a
            p = (-9.64399179425052238628E-1 * s + -9.92877231001918586564E1) * s + -1.61468768441708447952E3
            q = ((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s + 4.84406305325125486048E3
            small = a + a * s * (p / q)
            w = -2.0 * a
            k_rounded = w * 1.44269504088896338700e+00 + 6755399441055744.0
            k = k_rounded - 6755399441055744.0
            hi = w - k * 6.93147180369123816490e-01
            lo = k * 1.90821492927058770002e-10
            r = hi - lo
            t = r * r
            c = r - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))))
            em = hi - (lo - r * c / (2.0 - c))
            two_k = ((k_rounded.view(np.int64) - np.float64(6755399441055744.0).view(np.int64) + 1023) << 52).view(np.float64)
            large = (1.0 - two_k - two_k * em) / (1.0 + two_k + two_k * em)
            return np.copysign(np.where(a < 0.625, small, np.where(a > 20, 1.0, large)), x)
        """;

    /// <summary>The PyTorch building blocks: each holds its weights as parameters, one tensor per layer.</summary>
    private const string TorchModules = """"
        class Mlp(nn.Module):
            """tanh layers, then one linear output; with skip, plus a linear term in the inputs (an envelope head's shape)."""

            def __init__(self, p, layers, skip=None):
                super().__init__()
                # layers: (offset, width, fan-in) per layer; in p, weights width x fan-in row-major, then the biases.
                self.weights = nn.ParameterList([nn.Parameter(p[o:o + w * f].reshape(w, f).clone()) for o, w, f in layers])
                self.biases = nn.ParameterList([nn.Parameter(p[o + w * f:o + w * f + w].clone()) for o, w, f in layers])
                self.skip = None if skip is None else nn.Parameter(p[skip:skip + layers[0][2]].clone())

            def forward(self, v):
                a = v
                for index, (w, b) in enumerate(zip(self.weights, self.biases)):
                    a = b + a @ w.T
                    if index < len(self.weights) - 1:
                        a = torch.tanh(a)
                out = a[:, 0]
                return out if self.skip is None else out + v @ self.skip


        class PowerLawUnits(nn.Module):
            """log(sum_k exp(w_k . v + b_k)): with log features, the log of a sum of power laws."""

            def __init__(self, p, offset, units, features):
                super().__init__()
                block = p[offset:offset + units * (features + 1)].reshape(units, features + 1)
                self.exponents = nn.Parameter(block[:, :features].clone())
                self.bias = nn.Parameter(block[:, features].clone())

            def forward(self, v):
                return torch.logsumexp(self.bias + v @ self.exponents.T, dim=1)


        class PowerTerms(nn.Module):
            """sum_k c_k exp(w_k . v): additive power laws inside a magnitude."""

            def __init__(self, p, offset, terms, features):
                super().__init__()
                block = p[offset:offset + terms * (features + 1)].reshape(terms, features + 1)
                self.exponents = nn.Parameter(block[:, :features].clone())
                self.coefficients = nn.Parameter(block[:, features].clone())

            def forward(self, v):
                return (self.coefficients * torch.exp(v @ self.exponents.T)).sum(dim=1)


        class Magnitude(nn.Module):
            """m = MLP + LSE(units) + power terms - LSE(denominator units): the log of an output's size."""

            def __init__(self, p, mlp, units, terms, denominator=None):
                super().__init__()
                self.mlp = mlp
                self.units = PowerLawUnits(p, *units)
                self.terms = PowerTerms(p, *terms)
                self.denominator = None if denominator is None else PowerLawUnits(p, *denominator)

            def forward(self, v):
                m = self.mlp(v) + self.units(v) + self.terms(v)
                return m if self.denominator is None else m - self.denominator(v)

        """";
}
