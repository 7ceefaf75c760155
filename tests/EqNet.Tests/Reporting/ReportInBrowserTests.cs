using System.Text.RegularExpressions;
using EqNet.Reporting;
using Xunit.Abstractions;

namespace EqNet.Tests.Reporting;

public partial class ReportInBrowserTests(ITestOutputHelper output)
{
    /// <summary>Set to a folder to keep the rendered report and its screenshot for looking at.</summary>
    private const string KeepVariable = "EQNET_KEEP_REPORT";

    /// <summary>
    /// Appended to a copy of the report: after load, writes how many images decoded (non-zero
    /// natural width) into the DOM, where <c>--dump-dom</c> shows it. The report itself has no script.
    /// </summary>
    private const string ImageProbe = """
        <script>
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; });
          var probe = document.createElement('pre');
          probe.id = 'image-probe';
          probe.textContent = 'images-loaded: ' + loaded.length + '/' + images.length +
            ' widths: ' + images.map(function (i) { return i.naturalWidth; }).join(',');
          document.body.appendChild(probe);
        });
        </script>
        """;

    [ChromiumFact]
    public void Every_image_of_the_report_loads_in_headless_chromium()
    {
        Assert.True(HeadlessChromium.UnavailableReason is null, HeadlessChromium.UnavailableReason);
        using var folder = new TempFolder();
        var report = ReportWriter.Write(SyntheticReport.Create(samples: 1000), Path.Combine(folder.Path, "run"));
        var html = File.ReadAllText(report);
        var expected = ReportFiles.EmbeddedImages(html).Count;
        var probePage = Path.Combine(Path.GetDirectoryName(report)!, "probe.html");
        File.WriteAllText(probePage, html.Replace("</body>", ImageProbe + "</body>", StringComparison.Ordinal));

        var dom = HeadlessChromium.Run(Path.Combine(folder.Path, "profile"), new Uri(probePage).AbsoluteUri, "--dump-dom");

        var probe = ProbeResult().Match(dom);
        Assert.True(probe.Success, "The page did not report its images; the DOM was:\n" + dom[..Math.Min(dom.Length, 2000)]);
        Assert.Equal($"{expected}/{expected}", $"{probe.Groups["loaded"].Value}/{probe.Groups["total"].Value}");
        Assert.All(probe.Groups["widths"].Value.Split(','), width => Assert.Equal("900", width));

        var screenshot = Path.Combine(folder.Path, "report.png");
        HeadlessChromium.Run(Path.Combine(folder.Path, "profile"), new Uri(report).AbsoluteUri, $"--screenshot={screenshot}", "--window-size=1200,3000");
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal((1200, 3000), ReportFiles.PngSize(png));
        Assert.True(png.Length > 100_000, $"The screenshot is only {png.Length} bytes: the page probably rendered blank.");
        output.WriteLine($"{expected} images loaded; screenshot {png.Length} bytes");
        Keep(report, screenshot);
    }

    private void Keep(string report, string screenshot)
    {
        if (Environment.GetEnvironmentVariable(KeepVariable) is not { Length: > 0 } keep)
        {
            return;
        }

        Directory.CreateDirectory(keep);
        File.Copy(report, Path.Combine(keep, "report.html"), overwrite: true);
        File.Copy(screenshot, Path.Combine(keep, "report-screenshot.png"), overwrite: true);
        output.WriteLine($"Kept the report and its screenshot in {keep}");
    }

    [GeneratedRegex("<pre id=\"image-probe\">images-loaded: (?<loaded>\\d+)/(?<total>\\d+) widths: (?<widths>[\\d,]*)</pre>")]
    private static partial Regex ProbeResult();
}
