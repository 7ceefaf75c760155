using System.Globalization;

namespace EqNet.Inspection;

/// <summary>Writes an <see cref="InspectionReport"/> as plain, aligned text.</summary>
public static class InspectionText
{
    /// <summary>Writes the report.</summary>
    public static void Write(InspectionReport report, TextWriter w)
    {
        w.WriteLine($"{report.Problem}: {report.Inputs.Count} inputs, {report.Outputs.Count} outputs, {report.Equations.Count} equations ({report.Samples:N0} points of the stated domain)");
        w.WriteLine();
        w.WriteLine("inputs");
        w.WriteLine($"  {"name",-10} {"sampled min",12} {"max",12} {"decades",8}  {"sampling",-8}  {"bounds",-22} features");
        foreach (var i in report.Inputs)
            w.WriteLine($"  {i.Name,-10} {F(i.Min),12} {F(i.Max),12} {(i.Decades is { } dec ? dec.ToString("0.0", CultureInfo.InvariantCulture) : "-"),8}  {i.Sampling,-8}  {i.Bounds,-22} {string.Join(", ", i.Features)}");
        for (int k = 0; k < report.Equations.Count; k++)
        {
            var e = report.Equations[k];
            w.WriteLine();
            w.WriteLine($"equation {k + 1}: {e.Equation}");
            w.WriteLine($"  {"|term|",-40} {"min",10} {"p1",10} {"median",10} {"p99",10} {"max",10}");
            foreach (var t in e.Terms) Row(w, t.Term, t.Magnitude);
            Row(w, "S (sum of |terms|)", e.TermScale);
            w.WriteLine($"  terms cancel (a side < 1e-3 of its terms' magnitudes) at {e.CancellationFraction.ToString("P2", CultureInfo.InvariantCulture)} of the points");
        }
        w.WriteLine();
        w.WriteLine("outputs (explicit formula, else Newton's solution)");
        foreach (var o in report.Outputs)
        {
            w.WriteLine($"  {o.Name,-10} {F(o.Values.Min)} .. {F(o.Values.Max)} (p1 {F(o.Values.P1)}, median {F(o.Values.Median)}, p99 {F(o.Values.P99)}){(o.ChangesSign ? ", changes sign" : "")}{(o.SolvedFraction < 1 ? $", solved at {o.SolvedFraction.ToString("P1", CultureInfo.InvariantCulture)}" : "")}");
            if (o.ClosedForm is { } closed) w.WriteLine($"  {"",-10} closed form from the equations (agrees with Newton): {o.Name} = {closed}");
        }
        w.WriteLine();
        if (report.Structure is { HasLoop: true } structure)
        {
            w.WriteLine("structure (matching, BLT order, tearing)");
            foreach (string line in structure.Dump().TrimEnd().Split('\n')) w.WriteLine($"  {line}");
            w.WriteLine(report.StructureUsed
                ? $"  training: the network learns {string.Join(", ", structure.Learned)}; the others are computed from their equations in this order"
                : "  training: not used (tearing is off, or the computed sequence is ill-conditioned near the solutions); the network learns every output");
            w.WriteLine();
        }
        if (report.Warnings.Count == 0)
        {
            w.WriteLine("no warnings");
            return;
        }
        w.WriteLine($"warnings ({report.Warnings.Count})");
        foreach (var warning in report.Warnings)
        {
            w.WriteLine($"  [{warning.Code}] {warning.Message}");
            w.WriteLine($"      why: {warning.Reason}");
            w.WriteLine($"      fix: {warning.Fix}");
        }
    }

    private static void Row(TextWriter w, string label, RangeSummary r) =>
        w.WriteLine($"  {(label.Length > 40 ? label[..37] + "..." : label),-40} {F(r.Min),10} {F(r.P1),10} {F(r.Median),10} {F(r.P99),10} {F(r.Max),10}");

    private static string F(double v) => ProblemInspector.F(v);
}
