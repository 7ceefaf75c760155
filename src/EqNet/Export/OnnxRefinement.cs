using EqNet.Expressions;
using EqNet.Models;
using Onnx;

namespace EqNet.Export;

/// <summary>
/// A model's <see cref="NewtonRefinement"/> as ONNX nodes: the steps of <see cref="Solving.NewtonPolish"/> on all rows
/// at once, as the Python exports take them (<see cref="PythonRefinement"/>): the same residuals, term scales and
/// Jacobian expressions, the same Householder least-squares step per row written out entry by entry over N x 1
/// columns, the same halving, undo and stop rules, row by row through boolean masks.
/// </summary>
/// <remarks>
/// One evaluation of the equations at the open rows (accept, halve, undo, stop or step, per row; the rows gathered and
/// scattered back) is the body of an ONNX <c>Loop</c> that runs at most 1 + K (halvings + 1) times, the most
/// evaluations a row can take, and stops once no row is open; unrolled, a system of 8 unknowns would repeat its
/// Jacobian and solve that many times in the file.
/// </remarks>
internal static class OnnxRefinement
{
    /// <summary>The refined network outputs (N x 1 each) from the inputs' columns and the network's outputs.</summary>
    /// <exception cref="ExportException">An equation or a derivative uses a function ONNX Runtime lacks in float64.</exception>
    public static string[] Refine(OnnxGraphBuilder g, NewtonRefinement refinement, string[] inputs, string[] learned)
    {
        var problem = refinement.System;
        int o = problem.Outputs.Count;
        string zeros = g.Binary("Expand", g.Scalar(0), g.Unary("Shape", learned[0]));
        string Filled(double value) => g.Binary("Add", zeros, g.Scalar(value));
        // State, in Loop order: y, before, step (o each), last, taken, halvings, factor, open.
        var initial = new List<string>();
        initial.AddRange(learned);
        initial.AddRange(learned);
        initial.AddRange(learned.Select(_ => Filled(0)));
        initial.Add(Filled(double.PositiveInfinity));
        initial.Add(Filled(0));
        initial.Add(Filled(0));
        initial.Add(Filled(1));
        initial.Add(g.Binary("Equal", zeros, zeros));

        var body = new GraphProto { Name = g.Name("newton_step") };
        string iteration = g.Name("iteration"), condition = g.Name("condition");
        body.Input.Add(OnnxGraphBuilder.ScalarValue(iteration, OnnxGraphBuilder.Int64));
        body.Input.Add(OnnxGraphBuilder.ScalarValue(condition, OnnxGraphBuilder.Bool));
        var carried = initial.Select((_, k) => g.Name(k < initial.Count - 1 ? "state" : "open")).ToArray();
        for (int k = 0; k < carried.Length; k++)
            body.Input.Add(OnnxGraphBuilder.Value(carried[k], k < carried.Length - 1 ? OnnxGraphBuilder.Double : OnnxGraphBuilder.Bool));

        var outer = g.Nodes;
        g.Nodes = body;
        string[] next;
        string any;
        try
        {
            // Only the open rows are evaluated (as the Python exports index them): most rows stop after a step or
            // two, while the last open row can take 1 + 11 K passes.
            string rows = g.Unary("NonZero", g.Binary("Reshape", carried[^1], g.Indices(-1)));
            string at = g.Binary("Reshape", rows, g.Indices(-1));
            string scatterAt = g.Binary("Reshape", rows, g.Indices(-1, 1));
            string Take(string column) => g.Node("Gather", [column, at], OnnxGraphBuilder.Int("axis", 0));
            var taken = Evaluation(g, refinement, [.. inputs.Take(problem.Inputs.Count).Select(Take)], [.. carried.Select(Take)]);
            next = [.. carried.Select((column, k) => g.Node("ScatterND", [column, scatterAt, taken[k]]))];
            // Another pass while any row is open.
            string open = g.Node("Cast", [next[^1]], OnnxGraphBuilder.Int("to", OnnxGraphBuilder.Double));
            any = g.Binary("Greater", g.Node("ReduceMax", [open], OnnxGraphBuilder.Int("keepdims", 0)), g.Constant([0.0]));
        }
        finally { g.Nodes = outer; }
        body.Output.Add(OnnxGraphBuilder.ScalarValue(any, OnnxGraphBuilder.Bool));
        for (int k = 0; k < next.Length; k++)
            body.Output.Add(OnnxGraphBuilder.Value(next[k], k < next.Length - 1 ? OnnxGraphBuilder.Double : OnnxGraphBuilder.Bool));

        int evaluations = 1 + refinement.Steps * (Solving.NewtonPolish.MaxHalvings + 1);
        var loop = new NodeProto { OpType = "Loop", Name = g.Name("Loop") };
        loop.Input.Add(g.ScalarOf(evaluations, OnnxGraphBuilder.Int64));
        loop.Input.Add(g.ScalarOf(1, OnnxGraphBuilder.Bool));
        loop.Input.AddRange(initial);
        var final = initial.Select(_ => g.Name("refined")).ToArray();
        loop.Output.AddRange(final);
        loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = body });
        outer.Node.Add(loop);
        return final[..o];
    }

    /// <summary>One evaluation of the equations at the given (open) rows and what follows it (PythonRefinement's loop body); returns their next state.</summary>
    private static string[] Evaluation(OnnxGraphBuilder g, NewtonRefinement refinement, string[] inputs, string[] state)
    {
        var problem = refinement.System;
        int d = problem.Inputs.Count, o = problem.Outputs.Count, e = problem.Equations.Count;
        var y = state[..o];
        var before = state[o..(2 * o)];
        var step = state[(2 * o)..(3 * o)];
        string last = state[3 * o], taken = state[3 * o + 1], halvings = state[3 * o + 2], factor = state[3 * o + 3], open = state[3 * o + 4];
        var names = problem.InputNames.Concat(problem.OutputNames).ToArray();
        var columns = inputs[..d].Concat(y).ToArray();
        string T(Expr x, int q) => OnnxExporter.Translate(g, x, columns, names, $"in equation {refinement.Equations[q]} of its Newton steps");

        string worst = g.Scalar(0), squares = g.Scalar(0);
        var r = new string[e];
        var jac = new string[e, o];
        for (int q = 0; q < e; q++)
        {
            var equation = problem.Equations[q].Equation;
            string s = g.Scalar(0.0);
            foreach (var term in equation.Terms) s = g.Binary("Add", s, g.Unary("Abs", T(term, q)));
            s = g.Node("Where", [g.Binary("Greater", s, g.Scalar(0)), s, g.Scalar(1)]);
            r[q] = g.Binary("Div", T(equation.Residual, q), s);
            worst = g.Binary("Max", worst, g.Node("Where", [g.Unary("IsNaN", r[q]), g.Scalar(double.PositiveInfinity), g.Unary("Abs", r[q])]));
            squares = g.Binary("Add", squares, g.Binary("Mul", r[q], r[q]));
            for (int c = 0; c < o; c++)
                jac[q, c] = g.Binary("Div", T(equation.Residual.Derivative(problem.Outputs[c].Name).Simplify(), q), s);
        }

        string And(string a, string b) => g.Binary("And", a, b);
        string Not(string a) => g.Unary("Not", a);
        string Pick(string mask, string a, string b) => g.Node("Where", [mask, a, b]);

        string worse = And(open, And(g.Binary("Greater", taken, g.Scalar(0)), Not(g.Binary("Less", squares, last))));
        string done = And(worse, g.Binary("Equal", halvings, g.Scalar(Solving.NewtonPolish.MaxHalvings)));
        y = [.. y.Select((v, c) => Pick(done, before[c], v))];
        string stillOpen = And(open, Not(done));
        string halve = And(worse, Not(done));
        halvings = Pick(halve, g.Binary("Add", halvings, g.Scalar(1)), halvings);
        factor = Pick(halve, g.Binary("Mul", factor, g.Scalar(0.5)), factor);
        y = [.. y.Select((v, c) => Pick(halve, Project(g, problem, c, g.Binary("Add", before[c], g.Binary("Mul", factor, step[c]))), v))];

        string accept = And(open, Not(worse));
        last = Pick(accept, squares, last);
        halvings = Pick(accept, g.Scalar(0), halvings);
        factor = Pick(accept, g.Scalar(1), factor);
        string stop = And(accept, g.Binary("Or", g.Binary("Or", g.Binary("LessOrEqual", worst, g.Scalar(NewtonRefinement.Tolerance)),
            g.Binary("GreaterOrEqual", taken, g.Scalar(refinement.Steps))), Not(Finite(g, worst))));
        stillOpen = And(stillOpen, Not(stop));
        string go = And(accept, Not(stop));

        var (delta, solved) = GaussNewton(g, jac, r, e, o);
        solved = And(go, solved);
        for (int c = 0; c < o; c++) solved = And(solved, Finite(g, g.Binary("Add", y[c], delta[c])));
        stillOpen = And(stillOpen, Not(And(go, Not(solved))));
        var moved = y.Select((v, c) => Project(g, problem, c, g.Binary("Add", v, delta[c]))).ToArray();
        step = [.. step.Select((v, c) => Pick(solved, delta[c], v))];
        before = [.. before.Select((v, c) => Pick(solved, y[c], v))];
        y = [.. y.Select((v, c) => Pick(solved, moved[c], v))];
        taken = Pick(solved, g.Binary("Add", taken, g.Scalar(1)), taken);
        return [.. y, .. before, .. step, last, taken, halvings, factor, stillOpen];
    }

    private static string Finite(OnnxGraphBuilder g, string v) => g.Unary("Not", g.Binary("Or", g.Unary("IsNaN", v), g.Unary("IsInf", v)));

    /// <summary>Output <paramref name="c"/> onto its declared bounds, the upper bound tested first and the lower bound last (as EqNet's Newton projects).</summary>
    private static string Project(OnnxGraphBuilder g, Problems.Problem problem, int c, string v)
    {
        var spec = problem.Outputs[c];
        string bounded = v;
        if (spec.Max is { } max) bounded = g.Node("Where", [g.Binary("Greater", v, g.Scalar(max)), g.Scalar(max), bounded]);
        if (spec.Min is { } min) bounded = g.Node("Where", [g.Binary("Less", v, g.Scalar(min)), g.Scalar(min), bounded]);
        return bounded;
    }

    /// <summary>|(a, b)| as EqNet's hypot computes it: the larger times sqrt(1 + (smaller / larger)^2), 0 when both are.</summary>
    private static string Hypot(OnnxGraphBuilder g, string a, string b)
    {
        (a, b) = (g.Unary("Abs", a), g.Unary("Abs", b));
        string hi = g.Binary("Max", a, b), lo = g.Binary("Min", a, b);
        string zero = g.Binary("Equal", hi, g.Scalar(0));
        string t = g.Binary("Div", lo, g.Node("Where", [zero, g.Scalar(1), hi]));
        return g.Node("Where", [zero, g.Scalar(0), g.Binary("Mul", hi, g.Unary("Sqrt", g.Binary("Add", g.Scalar(1), g.Binary("Mul", t, t))))]);
    }

    /// <summary>
    /// The least-squares solution of J step = -r per row by Householder QR, in EqNet's order of operations
    /// (Dogleg.GaussNewton, as PythonRefinement writes it with masks), and whether it is finite.
    /// </summary>
    private static (string[] Step, string Solved) GaussNewton(OnnxGraphBuilder g, string[,] jac, string[] r, int e, int o)
    {
        int m = Math.Max(e, o);
        // Rows of zeros below the equations when there are fewer equations than unknowns.
        string? padding = m > e ? g.Scalar(0) : null;
        var a = new string[m, o];
        var b = new string[m];
        string? ok = null;
        for (int q = 0; q < m; q++)
        {
            b[q] = q < e ? g.Unary("Neg", r[q]) : padding!;
            for (int c = 0; c < o; c++) a[q, c] = q < e ? jac[q, c] : padding!;
        }
        for (int q = 0; q < e; q++)
        {
            ok = ok is null ? Finite(g, b[q]) : g.Binary("And", ok, Finite(g, b[q]));
            for (int c = 0; c < o; c++) ok = g.Binary("And", ok, Finite(g, a[q, c]));
        }
        var columns = new string[o];
        for (int c = 0; c < o; c++)
        {
            string norm = g.Scalar(0);
            for (int q = 0; q < m; q++) norm = Hypot(g, norm, a[q, c]);
            columns[c] = norm;
        }
        var diagonal = new string[o];
        for (int c = 0; c < o; c++)
        {
            string norm = g.Scalar(0);
            for (int q = c; q < m; q++) norm = Hypot(g, norm, a[q, c]);
            string zero = g.Binary("Equal", norm, g.Scalar(0));
            norm = g.Node("Where", [g.Binary("Less", a[c, c], g.Scalar(0)), g.Unary("Neg", norm), norm]);
            string safe = g.Node("Where", [zero, g.Scalar(1), norm]);
            for (int q = c; q < m; q++) a[q, c] = g.Node("Where", [zero, a[q, c], g.Binary("Div", a[q, c], safe)]);
            a[c, c] = g.Node("Where", [zero, a[c, c], g.Binary("Add", a[c, c], g.Scalar(1))]);
            string pivot = g.Node("Where", [zero, g.Scalar(1), a[c, c]]);
            for (int k = c + 1; k < o; k++)
            {
                string s = g.Scalar(0);
                for (int q = c; q < m; q++) s = g.Binary("Add", s, g.Binary("Mul", a[q, c], a[q, k]));
                s = g.Binary("Div", g.Unary("Neg", s), pivot);
                for (int q = c; q < m; q++) a[q, k] = g.Node("Where", [zero, a[q, k], g.Binary("Add", a[q, k], g.Binary("Mul", s, a[q, c]))]);
            }
            string t = g.Scalar(0);
            for (int q = c; q < m; q++) t = g.Binary("Add", t, g.Binary("Mul", a[q, c], b[q]));
            t = g.Binary("Div", g.Unary("Neg", t), pivot);
            for (int q = c; q < m; q++) b[q] = g.Node("Where", [zero, b[q], g.Binary("Add", b[q], g.Binary("Mul", t, a[q, c]))]);
            diagonal[c] = g.Node("Where", [zero, g.Scalar(0), g.Unary("Neg", norm)]);
        }
        var step = new string[o];
        for (int c = o - 1; c >= 0; c--)
        {
            string floor = g.Binary("Add", g.Scalar(double.Epsilon), g.Binary("Mul", columns[c], g.Scalar(2.2e-16)));
            string s = b[c];
            for (int k = c + 1; k < o; k++) s = g.Binary("Sub", s, g.Binary("Mul", a[c, k], step[k]));
            string dc = diagonal[c];
            dc = g.Node("Where", [g.Binary("Less", g.Unary("Abs", dc), floor), g.Node("Where", [g.Binary("Less", dc, g.Scalar(0)), g.Unary("Neg", floor), floor]), dc]);
            step[c] = g.Binary("Div", s, dc);
        }
        for (int c = 0; c < o; c++) ok = ok is null ? Finite(g, step[c]) : g.Binary("And", ok, Finite(g, step[c]));
        return (step, ok!);
    }
}
