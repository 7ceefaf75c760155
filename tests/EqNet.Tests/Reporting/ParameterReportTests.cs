using System.Globalization;
using System.Text.RegularExpressions;
using EqNet.Tests.Fitting;

namespace EqNet.Tests.Reporting;

public class ParameterReportTests
{
    private const string Exponential = """
        name: decay
        inputs:
          t: {min: 0, max: 4}
        outputs: [y]
        parameters:
          a: {start: 1}
          k: {start: 1}
        equations:
          - y = a*exp(-k*t)
        data: {file: points.csv, error: absolute}
        """;

    [Fact]
    public void A_parameter_fit_writes_a_report_with_its_estimates_both_intervals_a_figure_and_the_correlations()
    {
        double[] t = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
        string path = FitFolder.Write(Exponential, FitFolder.Csv("t,y", t.Select((v, i) => new[] { v, 5 * Math.Exp(-0.8 * v) + 0.02 * Math.Sin(7 * i) })));
        string dir = Path.Combine(Path.GetDirectoryName(path)!, "run");
        var (result, _) = Surrogate.FitToFolder(Surrogate.LoadProblem(path), dir);

        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var p in result.Parameters)
        {
            Assert.Contains($"<td>{p.Name}</td><td class=\"num\">{p.Estimate.ToString("G6", CultureInfo.InvariantCulture)}</td>", html);
            Assert.Contains($"[{p.Lower.ToString("G6", CultureInfo.InvariantCulture)}, {p.Upper.ToString("G6", CultureInfo.InvariantCulture)}]", html);
            Assert.Contains($"[{p.ProfileLower.ToString("G6", CultureInfo.InvariantCulture)}, {p.ProfileUpper.ToString("G6", CultureInfo.InvariantCulture)}]", html);
        }
        Assert.Contains(result.Correlation[0][1].ToString("0.0000", CultureInfo.InvariantCulture), html);
        Assert.Contains(result.LackOfFit!.Text.Replace("'", "&#39;", StringComparison.Ordinal), html);
        // The intervals' figure, embedded: a PNG (its signature) of some size.
        var png = Convert.FromBase64String(Regex.Match(html, "data:image/png;base64,([^\"]+)").Groups[1].Value);
        Assert.True(png.Length > 5000, $"{png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}
