using System.Text;
using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Export;

/// <summary>
/// A model's <see cref="NewtonRefinement"/> as C#: a <c>Refine(x, y)</c> method that takes the same steps as
/// <see cref="Solving.NewtonPolish"/> (the same residuals, term scales and Jacobian expressions, the same Householder
/// least-squares step, the same undo and stop rules), so the exported file's predictions equal EqNet's to the bit.
/// </summary>
internal sealed class NewtonRefinementSource
{
    private NewtonRefinementSource(string source, IReadOnlyList<Expr> expressions) => (Source, Expressions) = (source, expressions);

    /// <summary>The methods' C# text, indented for a class body.</summary>
    public string Source { get; }

    /// <summary>Every expression the text evaluates (for the file's note on special functions).</summary>
    public IReadOnlyList<Expr> Expressions { get; }

    /// <summary>The C# of <paramref name="refinement"/>, whose problem's variables are the model's inputs, then the network's outputs.</summary>
    public static NewtonRefinementSource Of(NewtonRefinement refinement)
    {
        var problem = refinement.System;
        var variables = problem.InputNames.Concat(problem.OutputNames).ToArray();
        int d = problem.Inputs.Count, o = problem.Outputs.Count, e = problem.Equations.Count, m = Math.Max(e, o);
        var expressions = new List<Expr>();
        string C(Expr x)
        {
            expressions.Add(x);
            return CSharpExporter.Translate(x, variables, "p");
        }

        var s = new StringBuilder();
        s.AppendLine($"    /// <summary>EqNet's last stage: {refinement.Text}, from the network's outputs <paramref name=\"y\"/> (in place).</summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        s.AppendLine("    private static void Refine(ReadOnlySpan<double> x, Span<double> y)");
        s.AppendLine("    {");
        s.AppendLine($"        Span<double> p = stackalloc double[{d + o}];");
        s.AppendLine($"        Span<double> r = stackalloc double[{e}];");
        s.AppendLine($"        Span<double> j = stackalloc double[{e * o}];");
        s.AppendLine($"        Span<double> before = stackalloc double[{o}];");
        s.AppendLine($"        Span<double> step = stackalloc double[{o}];");
        s.AppendLine($"        Span<double> work = stackalloc double[{m * (o + 1) + 2 * o}];");
        s.AppendLine("        double last = double.PositiveInfinity;");
        s.AppendLine("        int taken = 0, halvings = 0;");
        s.AppendLine("        for (;;)");
        s.AppendLine("        {");
        s.AppendLine($"            x.Slice(0, {d}).CopyTo(p);");
        s.AppendLine($"            y.Slice(0, {o}).CopyTo(p.Slice({d}));");
        s.AppendLine("            double worst = 0, squares = 0, s, f;");
        for (int q = 0; q < e; q++)
        {
            var equation = problem.Equations[q].Equation;
            s.AppendLine($"            // {Comment(equation.ToString())}");
            s.AppendLine($"            s = {string.Join(" + ", equation.Terms.Select(t => $"Math.Abs({C(t)})").Prepend("0.0"))};");
            s.AppendLine("            if (!(s > 0)) s = 1;");
            s.AppendLine($"            r[{q}] = {C(equation.Residual)} / s;");
            s.AppendLine($"            worst = Math.Max(worst, double.IsNaN(r[{q}]) ? double.PositiveInfinity : Math.Abs(r[{q}]));");
            s.AppendLine($"            squares += r[{q}] * r[{q}];");
            s.AppendLine($"            if (taken < {refinement.Steps})");
            s.AppendLine("            {");
            for (int c = 0; c < o; c++)
                s.AppendLine($"                j[{q * o + c}] = {C(equation.Residual.Derivative(problem.Outputs[c].Name).Simplify())} / s;");
            s.AppendLine("            }");
        }
        s.AppendLine("            if (taken > 0 && !(squares < last))");
        s.AppendLine("            {");
        s.AppendLine("                // Not better: halve the step, and undo it once halving has not helped.");
        s.AppendLine($"                if (halvings == {Solving.NewtonPolish.MaxHalvings})");
        s.AppendLine("                {");
        s.AppendLine("                    before.CopyTo(y);");
        s.AppendLine("                    return;");
        s.AppendLine("                }");
        s.AppendLine("                f = Math.ScaleB(1.0, -++halvings);");
        s.AppendLine("            }");
        s.AppendLine("            else");
        s.AppendLine("            {");
        s.AppendLine("                last = squares;");
        s.AppendLine("                halvings = 0;");
        s.AppendLine($"                if (worst <= {CSharpExporter.Literal(NewtonRefinement.Tolerance)} || taken >= {refinement.Steps} || !double.IsFinite(worst)) return;");
        s.AppendLine($"                if (!GaussNewton(j, r, {e}, {o}, step, work)) return;");
        s.AppendLine($"                for (int c = 0; c < {o}; c++) if (!double.IsFinite(y[c] + step[c])) return;");
        s.AppendLine($"                y.Slice(0, {o}).CopyTo(before);");
        s.AppendLine("                taken++;");
        s.AppendLine("                f = 1.0;");
        s.AppendLine("            }");
        for (int c = 0; c < o; c++)
        {
            var spec = problem.Outputs[c];
            // Projected onto the declared bounds as EqNet's Newton does: the lower bound first, then the upper.
            string bounded = "v";
            if (spec.Max is { } max) bounded = $"v > {CSharpExporter.Literal(max)} ? {CSharpExporter.Literal(max)} : {bounded}";
            if (spec.Min is { } min) bounded = $"v < {CSharpExporter.Literal(min)} ? {CSharpExporter.Literal(min)} : {bounded}";
            s.AppendLine($"            {(c == 0 ? "double " : "")}v = before[{c}] + f * step[{c}];");
            s.AppendLine($"            y[{c}] = {bounded};");
        }
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
        s.Append(Solver);
        return new NewtonRefinementSource(s.ToString(), expressions);
    }

    private static string Comment(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>EqNet's Householder least-squares step (Dogleg.GaussNewton) and its hypot, written out.</summary>
    private const string Solver = """
        /// <summary>Least-squares solution of J step = -r by Householder QR (J row-major e x o), as EqNet's Newton computes it.</summary>
        private static bool GaussNewton(ReadOnlySpan<double> j, ReadOnlySpan<double> r, int e, int o, Span<double> step, Span<double> work)
        {
            int m = Math.Max(e, o);
            var a = work[..(m * o)];
            var b = work.Slice(m * o, m);
            a.Clear();
            b.Clear();
            for (int q = 0; q < e; q++)
            {
                b[q] = -r[q];
                for (int c = 0; c < o; c++) a[q * o + c] = j[q * o + c];
            }
            foreach (double v in a) if (!double.IsFinite(v)) return false;
            foreach (double v in b) if (!double.IsFinite(v)) return false;
            var diagonal = work.Slice(m * o + m, o);
            // Column norms before the factorisation: a near-zero pivot is judged against its own column, so unknowns whose
            // columns differ by 1e18 (K near 1e-18 beside a fraction) keep their steps.
            var columns = work.Slice(m * o + m + o, o);
            for (int c = 0; c < o; c++)
            {
                double norm = 0;
                for (int q = 0; q < m; q++) norm = Hypot(norm, a[q * o + c]);
                columns[c] = norm;
            }
            for (int c = 0; c < o; c++)
            {
                double norm = 0;
                for (int q = c; q < m; q++) norm = Hypot(norm, a[q * o + c]);
                if (norm == 0)
                {
                    diagonal[c] = 0;
                    continue;
                }
                if (a[c * o + c] < 0) norm = -norm;
                for (int q = c; q < m; q++) a[q * o + c] /= norm;
                a[c * o + c] += 1;
                for (int k = c + 1; k < o; k++)
                {
                    double s = 0;
                    for (int q = c; q < m; q++) s += a[q * o + c] * a[q * o + k];
                    s = -s / a[c * o + c];
                    for (int q = c; q < m; q++) a[q * o + k] += s * a[q * o + c];
                }
                double t = 0;
                for (int q = c; q < m; q++) t += a[q * o + c] * b[q];
                t = -t / a[c * o + c];
                for (int q = c; q < m; q++) b[q] += t * a[q * o + c];
                diagonal[c] = -norm;
            }
            for (int c = o - 1; c >= 0; c--)
            {
                double floor = double.Epsilon + columns[c] * 2.2e-16;
                double s = b[c];
                for (int k = c + 1; k < o; k++) s -= a[c * o + k] * step[k];
                double d = diagonal[c];
                if (Math.Abs(d) < floor) d = d < 0 ? -floor : floor;
                step[c] = s / d;
            }
            foreach (double v in step) if (!double.IsFinite(v)) return false;
            return true;
        }

        private static double Hypot(double a, double b)
        {
            (a, b) = (Math.Abs(a), Math.Abs(b));
            if (a < b) (a, b) = (b, a);
            if (a == 0) return 0;
            double t = b / a;
            return a * Math.Sqrt(1 + t * t);
        }


    """;
}
