using System.Globalization;
using EqNet.Fitting;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>Prints a parameter identification: estimates, standard errors and intervals, then the fit's figures and correlations.</summary>
internal static class ParameterTable
{
    public static void Print(ParameterFitResult result)
    {
        bool profiled = double.IsFinite(result.ProfileCutoff);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(result.Problem)}[/]: fitted parameters ({result.Confidence * 100:0.#}% intervals, delta method{(profiled ? " and profile likelihood" : "")})")
            .Caption(Markup.Escape($"{result.Rows:N0} rows, {result.Error} error; RSS {G(result.ResidualSumOfSquares)}, residual sd {G(result.ResidualStandardDeviation)}, " +
                $"{result.DegreesOfFreedom} dof, t = {G(result.TQuantile, 4)}; {(result.Converged ? "converged" : "NOT converged")}, " +
                $"{result.StartsTried} start{(result.StartsTried == 1 ? "" : "s")}, {result.Iterations} iterations"));
        table.AddColumn("parameter");
        string level = $"{result.Confidence * 100:0.#}%";
        foreach (var c in new[] { "estimate", "std. error", "rel. error", $"{level} lower", $"{level} upper" }) table.AddColumn(new TableColumn(c).RightAligned());
        if (profiled)
            foreach (var c in new[] { "profile lower", "profile upper" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var e in result.Parameters)
        {
            string[] cells = [Markup.Escape(e.Name), G(e.Estimate), G(e.StandardError, 4), Percent(e.StandardError / Math.Abs(e.Estimate)), G(e.Lower), G(e.Upper)];
            if (profiled)
            {
                // A side the data do not bound is shown open; a profile far from the delta interval is marked.
                string mark = e.ProfileShift > ParameterFitResult.PoorDeltaShift ? " *" : "";
                cells = [.. cells, End(e.ProfileLower, "-inf") + mark, End(e.ProfileUpper, "+inf") + mark];
            }
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);
        if (profiled && result.Parameters.Any(e => e.ProfileShift > ParameterFitResult.PoorDeltaShift))
            AnsiConsole.MarkupLine(Markup.Escape($"  * the profile interval's ends differ from the delta method's by more than {ParameterFitResult.PoorDeltaShift:0.#} of its half-width: " +
                "the delta method is poor there; trust the profile interval"));
        else if (result.ProfileNote is { } note)
            AnsiConsole.MarkupLine(Markup.Escape($"  {note}"));
        int p = result.Parameters.Count;
        if (p > 1)
        {
            var pairs = Enumerable.Range(0, p).SelectMany(i => Enumerable.Range(i + 1, p - i - 1).Select(j => (i, j)))
                .OrderByDescending(ij => Math.Abs(result.Correlation[ij.i][ij.j])).Take(3)
                .Select(ij => $"{result.Parameters[ij.i].Name}-{result.Parameters[ij.j].Name} {result.Correlation[ij.i][ij.j].ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}");
            AnsiConsole.MarkupLine($"  strongest correlations: {Markup.Escape(string.Join(", ", pairs))}; condition number {G(result.ConditionNumber, 3)}");
        }
        if (result.CrossValidation is { } cv)
            AnsiConsole.MarkupLine(Markup.Escape($"  {cv.Text(result.ResidualStandardDeviation)}"));
        if (result.LackOfFit is { } lack)
            AnsiConsole.MarkupLine(Markup.Escape($"  noise level: {lack.Text}"));
    }

    private static string End(double v, string open) => double.IsFinite(v) ? G(v) : open;

    private static string G(double v, int digits = 10) =>
        double.IsFinite(v) ? v.ToString("G" + digits, CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double v) => double.IsFinite(v) ? v.ToString("0.###%", CultureInfo.InvariantCulture) : "n/a";
}
