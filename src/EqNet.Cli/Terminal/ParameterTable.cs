using System.Globalization;
using EqNet.Fitting;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints a parameter identification: estimates, standard errors and intervals, then the fit's figures and correlations.</summary>
internal static class ParameterTable
{
    public static void Print(ParameterFitResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(result.Problem)}[/]: fitted parameters ({result.Confidence * 100:0.#}% intervals, delta method)")
            .Caption(Markup.Escape($"{result.Rows:N0} rows, {result.Error} error; RSS {G(result.ResidualSumOfSquares)}, residual sd {G(result.ResidualStandardDeviation)}, " +
                $"{result.DegreesOfFreedom} dof, t = {G(result.TQuantile, 4)}; {(result.Converged ? "converged" : "NOT converged")}, " +
                $"{result.StartsTried} start{(result.StartsTried == 1 ? "" : "s")}, {result.Iterations} iterations"));
        table.AddColumn("parameter");
        foreach (var c in new[] { "estimate", "std. error", "rel. error", "95% lower", "95% upper" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var e in result.Parameters)
            table.AddRow(Markup.Escape(e.Name), G(e.Estimate), G(e.StandardError, 4), Percent(e.StandardError / Math.Abs(e.Estimate)), G(e.Lower), G(e.Upper));
        AnsiConsole.Write(table);
        int p = result.Parameters.Count;
        if (p > 1)
        {
            var pairs = Enumerable.Range(0, p).SelectMany(i => Enumerable.Range(i + 1, p - i - 1).Select(j => (i, j)))
                .OrderByDescending(ij => Math.Abs(result.Correlation[ij.i][ij.j])).Take(3)
                .Select(ij => $"{result.Parameters[ij.i].Name}-{result.Parameters[ij.j].Name} {result.Correlation[ij.i][ij.j].ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}");
            AnsiConsole.MarkupLine($"  strongest correlations: {Markup.Escape(string.Join(", ", pairs))}; condition number {G(result.ConditionNumber, 3)}");
        }
    }

    private static string G(double v, int digits = 10) =>
        double.IsFinite(v) ? v.ToString("G" + digits, CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double v) => double.IsFinite(v) ? v.ToString("0.###%", CultureInfo.InvariantCulture) : "n/a";
}
