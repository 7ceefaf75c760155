using System.Text;
using System.Text.RegularExpressions;
using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Export;

/// <summary>
/// A model's <see cref="NewtonRefinement"/> in Python, for numpy or PyTorch: <c>_refine(x, y, steps)</c> takes the steps
/// of <see cref="Solving.NewtonPolish"/> on all rows at once (the same residuals, term scales and Jacobian expressions,
/// the same Householder least-squares step per row, the same halving, undo and stop rules, row by row through masks).
/// </summary>
/// <remarks>
/// One text serves both libraries: it calls only functions that numpy and torch both have under one name with the same
/// arguments (where, abs, maximum, isfinite, zeros with a dtype...), so the torch text is the numpy text with the
/// module's name, <c>clone</c> for <c>copy</c> and <c>dim</c> for <c>axis</c>; the expressions come from the caller's
/// translation for its library.
/// </remarks>
internal static partial class PythonRefinement
{
    /// <summary>The Python source of <c>_refine</c> and its helpers; <paramref name="translate"/> writes an expression over the given columns for the file's library.</summary>
    public static string Source(NewtonRefinement refinement, Func<Expr, IReadOnlyDictionary<string, string>, string> translate, bool torch)
    {
        var problem = refinement.System;
        int d = problem.Inputs.Count, o = problem.Outputs.Count, e = problem.Equations.Count;
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < d; i++) columns[problem.Inputs[i].Name] = $"xa[:, {i}]";
        for (int c = 0; c < o; c++) columns[problem.Outputs[c].Name] = $"ya[:, {c}]";
        string T(Expr x) => $"_column({translate(x, columns)}, xa)";

        var s = new StringBuilder();
        s.AppendLine($"def _refine(x, y, steps={refinement.Steps}):");
        s.AppendLine($"    \"\"\"EqNet's last stage, row by row: {Text(refinement.Text)} (steps: another count), from the network's outputs y (n x {o}).\"\"\"");
        s.AppendLine("    y = y.copy()");
        s.AppendLine("    n = x.shape[0]");
        s.AppendLine("    last = np.full((n,), math.inf, dtype=np.float64)");
        s.AppendLine("    before = y.copy()");
        s.AppendLine($"    step = np.zeros((n, {o}), dtype=np.float64)");
        s.AppendLine("    taken = np.zeros(n, dtype=np.int64)");
        s.AppendLine("    halvings = np.zeros(n, dtype=np.int64)");
        s.AppendLine("    # 2 ** -halvings, halved exactly each time.");
        s.AppendLine("    factor = np.ones(n, dtype=np.float64)");
        s.AppendLine("    open_ = np.ones(n, dtype=bool)");
        s.AppendLine("    while open_.any():");
        s.AppendLine("        rows = np.where(open_)[0]");
        s.AppendLine("        xa, ya = x[rows], y[rows]");
        s.AppendLine("        m = rows.shape[0]");
        s.AppendLine($"        r = np.empty((m, {e}), dtype=np.float64)");
        s.AppendLine($"        jac = np.empty((m, {e}, {o}), dtype=np.float64)");
        s.AppendLine("        worst = np.zeros(m, dtype=np.float64)");
        s.AppendLine("        squares = np.zeros(m, dtype=np.float64)");
        for (int q = 0; q < e; q++)
        {
            var equation = problem.Equations[q].Equation;
            s.AppendLine($"        # {Text(equation.ToString())}");
            s.AppendLine($"        s = {string.Join(" + ", equation.Terms.Select(t => $"np.abs({T(t)})").Prepend("0.0"))}");
            s.AppendLine("        s = np.where(s > 0, s, 1.0)");
            s.AppendLine($"        r[:, {q}] = {T(equation.Residual)} / s");
            s.AppendLine($"        worst = np.maximum(worst, np.where(np.isnan(r[:, {q}]), math.inf, np.abs(r[:, {q}])))");
            s.AppendLine($"        squares = squares + r[:, {q}] * r[:, {q}]");
            for (int c = 0; c < o; c++)
                s.AppendLine($"        jac[:, {q}, {c}] = {T(equation.Residual.Derivative(problem.Outputs[c].Name).Simplify())} / s");
        }
        s.AppendLine("        worse = (taken[rows] > 0) & ~(squares < last[rows])");
        s.AppendLine($"        done = worse & (halvings[rows] == {Solving.NewtonPolish.MaxHalvings})");
        s.AppendLine("        y[rows[done]] = before[rows[done]]");
        s.AppendLine("        open_[rows[done]] = False");
        s.AppendLine("        halve = rows[worse & ~done]");
        s.AppendLine("        halvings[halve] += 1");
        s.AppendLine("        factor[halve] = factor[halve] * 0.5");
        s.AppendLine("        y[halve] = _project(before[halve] + factor[halve][:, None] * step[halve])");
        s.AppendLine("        accept = ~worse");
        s.AppendLine("        last[rows[accept]] = squares[accept]");
        s.AppendLine("        halvings[rows[accept]] = 0");
        s.AppendLine("        factor[rows[accept]] = 1.0");
        s.AppendLine($"        stop = accept & ((worst <= {PythonExporter.Literal(NewtonRefinement.Tolerance)}) | (taken[rows] >= steps) | ~np.isfinite(worst))");
        s.AppendLine("        open_[rows[stop]] = False");
        s.AppendLine("        go = accept & ~stop");
        s.AppendLine("        if go.any():");
        s.AppendLine($"            delta, solved = _gauss_newton(jac[go], r[go], {e}, {o})");
        s.AppendLine("            target = rows[go]");
        s.AppendLine("            solved &= np.all(np.isfinite(y[target] + delta), axis=1)");
        s.AppendLine("            open_[target[~solved]] = False");
        s.AppendLine("            target, delta = target[solved], delta[solved]");
        s.AppendLine("            step[target] = delta");
        s.AppendLine("            before[target] = y[target]");
        s.AppendLine("            y[target] = _project(before[target] + 1.0 * delta)");
        s.AppendLine("            taken[target] += 1");
        s.AppendLine("    return y");
        s.AppendLine();
        s.AppendLine();
        s.AppendLine("def _project(v):");
        s.AppendLine("    \"\"\"Each output onto its declared bounds, the lower bound first (as EqNet's Newton projects).\"\"\"");
        s.AppendLine("    v = v.copy()");
        for (int c = 0; c < o; c++)
        {
            var spec = problem.Outputs[c];
            string column = $"v[:, {c}]";
            string bounded = column;
            if (spec.Max is { } max) bounded = $"np.where({column} > {PythonExporter.Literal(max)}, {PythonExporter.Literal(max)}, {bounded})";
            if (spec.Min is { } min) bounded = $"np.where({column} < {PythonExporter.Literal(min)}, {PythonExporter.Literal(min)}, {bounded})";
            if (bounded != column) s.AppendLine($"    {column} = {bounded}");
        }
        s.AppendLine("    return v");
        s.AppendLine();
        s.AppendLine();
        s.Append(Solver);
        return torch ? ToTorch(s.ToString()) : s.ToString();
    }

    /// <summary>The numpy text of <see cref="Source"/> for torch (see the remarks); the translated expressions already are torch's and contain none of these.</summary>
    private static string ToTorch(string numpy) => NumPyModule().Replace(numpy, "torch.")
        .Replace(".copy()", ".clone()", StringComparison.Ordinal)
        .Replace(", axis=", ", dim=", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_])np\.")]
    private static partial Regex NumPyModule();

    private static string Text(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);

    /// <summary>EqNet's Householder least-squares step (Dogleg.GaussNewton) on every row at once, and its hypot.</summary>
    private const string Solver = """
        def _hypot(a, b):
            a, b = np.abs(a), np.abs(b)
            hi, lo = np.maximum(a, b), np.minimum(a, b)
            zero = hi == 0
            t = lo / np.where(zero, 1.0, hi)
            return np.where(zero, 0.0, hi * np.sqrt(1 + t * t))


        def _gauss_newton(jac, r, e, o):
            # Least-squares solution of J step = -r per row by Householder QR, in EqNet's order of operations.
            rows, m = jac.shape[0], max(e, o)
            a = np.zeros((rows, m, o), dtype=np.float64)
            b = np.zeros((rows, m), dtype=np.float64)
            a[:, :e, :] = jac
            b[:, :e] = -r
            ok = np.all(np.isfinite(a.reshape(rows, m * o)), axis=1) & np.all(np.isfinite(b), axis=1)
            columns = np.zeros((rows, o), dtype=np.float64)
            for c in range(o):
                norm = np.zeros(rows, dtype=np.float64)
                for q in range(m):
                    norm = _hypot(norm, a[:, q, c])
                columns[:, c] = norm
            diagonal = np.zeros((rows, o), dtype=np.float64)
            for c in range(o):
                norm = np.zeros(rows, dtype=np.float64)
                for q in range(c, m):
                    norm = _hypot(norm, a[:, q, c])
                zero = norm == 0
                norm = np.where(a[:, c, c] < 0, -norm, norm)
                safe = np.where(zero, 1.0, norm)
                for q in range(c, m):
                    a[:, q, c] = np.where(zero, a[:, q, c], a[:, q, c] / safe)
                a[:, c, c] = np.where(zero, a[:, c, c], a[:, c, c] + 1)
                pivot = np.where(zero, 1.0, a[:, c, c])
                for k in range(c + 1, o):
                    s = np.zeros(rows, dtype=np.float64)
                    for q in range(c, m):
                        s = s + a[:, q, c] * a[:, q, k]
                    s = -s / pivot
                    for q in range(c, m):
                        a[:, q, k] = np.where(zero, a[:, q, k], a[:, q, k] + s * a[:, q, c])
                t = np.zeros(rows, dtype=np.float64)
                for q in range(c, m):
                    t = t + a[:, q, c] * b[:, q]
                t = -t / pivot
                for q in range(c, m):
                    b[:, q] = np.where(zero, b[:, q], b[:, q] + t * a[:, q, c])
                diagonal[:, c] = np.where(zero, 0.0, -norm)
            step = np.zeros((rows, o), dtype=np.float64)
            for c in range(o - 1, -1, -1):
                floor = 5e-324 + columns[:, c] * 2.2e-16
                s = b[:, c].copy()
                for k in range(c + 1, o):
                    s = s - a[:, c, k] * step[:, k]
                d = diagonal[:, c]
                d = np.where(np.abs(d) < floor, np.where(d < 0, -floor, floor), d)
                step[:, c] = s / d
            ok &= np.all(np.isfinite(step), axis=1)
            return step, ok

        """;
}
