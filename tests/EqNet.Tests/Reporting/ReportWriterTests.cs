using EqNet.Reporting;

namespace EqNet.Tests.Reporting;

public class ReportWriterTests
{
    private static readonly string[] ExplicitFigures =
        ["loss.png", "error-histogram.png", "error-vs-x1.png", "error-vs-x2.png", "predicted-vs-true-y.png"];

    [Fact]
    public void Report_embeds_every_plot_as_a_png_that_is_also_written_beside_it()
    {
        using var folder = new TempFolder();
        var path = ReportWriter.Write(SyntheticReport.Create(), folder.Path);

        Assert.Equal(Path.Combine(folder.Path, "report.html"), path);
        var images = ReportFiles.EmbeddedImages(File.ReadAllText(path));
        Assert.Equal(ExplicitFigures.Length, images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var (width, height) = ReportFiles.PngSize(images[i]);
            Assert.Equal((900, 540), (width, height));
            Assert.True(images[i].Length > 10_000, $"{ExplicitFigures[i]} is only {images[i].Length} bytes: probably blank");
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, ExplicitFigures[i])), images[i]);
        }

        Assert.Equal(["error-histogram.png", "error-vs-x1.png", "error-vs-x2.png", "loss.png", "predicted-vs-true-y.png", "report.html"],
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Report_shows_header_settings_and_metrics_with_three_significant_digits()
    {
        using var folder = new TempFolder();
        var data = SyntheticReport.Create() with
        {
            Metrics = [new MetricsRow("overall", 0.000123456, 0.0025, 0.0129951, 1), new MetricsRow("eq 1", 0, double.NaN, 7e-9, 2.5e10)],
        };
        var html = File.ReadAllText(ReportWriter.Write(data, folder.Path));

        Assert.Contains("<h1>EqNet report: synthetic &lt;demo&gt;</h1>", html);
        Assert.Contains("Generated 2026-11-24 12:30 UTC &middot; 400 held-out points &middot; trained 299 steps in 15 s", html);
        Assert.Contains("<tr><th>hidden</th><td>32,32</td></tr>", html);
        Assert.Contains("<tr><th>overall</th><td class=\"num\">1.23e-04</td><td class=\"num\">2.50e-03</td>" +
            "<td class=\"num\">1.30e-02</td><td class=\"num\">1.00e+00</td></tr>", html);
        Assert.Contains("<tr><th>eq 1</th><td class=\"num\">0.00e+00</td><td class=\"num\">NaN</td>" +
            "<td class=\"num\">7.00e-09</td><td class=\"num\">2.50e+10</td></tr>", html);
        Assert.Contains("<code>y = x1 * (1 + x2)</code>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("Notes", html);
    }

    [Fact]
    public void Implicit_problem_plots_residual_against_output_instead_of_predicted_against_true()
    {
        using var folder = new TempFolder();
        var html = File.ReadAllText(ReportWriter.Write(SyntheticReport.Create(withReference: false), folder.Path));

        Assert.Equal(5, ReportFiles.EmbeddedImages(html).Count);
        Assert.True(File.Exists(Path.Combine(folder.Path, "residual-vs-y.png")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "predicted-vs-true-y.png")));
        Assert.Contains("Residual against each output", html);
    }

    [Fact]
    public void Empty_history_leaves_out_the_loss_plot_and_says_so()
    {
        using var folder = new TempFolder();
        var html = File.ReadAllText(ReportWriter.Write(SyntheticReport.Create(historySteps: 0), folder.Path));

        Assert.Equal(4, ReportFiles.EmbeddedImages(html).Count);
        Assert.False(File.Exists(Path.Combine(folder.Path, "loss.png")));
        Assert.Contains("No training history was recorded", html);
    }

    [Fact]
    public void Nan_errors_are_counted_in_a_note_and_left_out_of_the_plots()
    {
        using var folder = new TempFolder();
        var data = SyntheticReport.Create(samples: 200);
        data.Sample.OverallError[3] = double.NaN;
        data.Sample.OverallError[50] = double.NaN;
        data.Sample.OverallError[51] = double.PositiveInfinity;
        data.Sample.EquationErrors[1][9] = double.NaN;
        var html = File.ReadAllText(ReportWriter.Write(data, folder.Path));

        Assert.Contains("3 of 200 held-out points have a NaN or infinite overall error", html);
        Assert.Contains("Equation 2 (y / x1 - x2 = 1): 1 of 200 errors are NaN or infinite.", html);
        Assert.Equal(5, ReportFiles.EmbeddedImages(html).Count);
    }

    [Fact]
    public void Zero_errors_and_a_single_valued_input_still_give_every_plot()
    {
        using var folder = new TempFolder();
        var data = SyntheticReport.Create(samples: 50);
        Array.Clear(data.Sample.OverallError);
        foreach (var errors in data.Sample.EquationErrors)
        {
            Array.Clear(errors);
        }

        for (var i = 0; i < data.Sample.Count; i++)
        {
            data.Sample.Inputs[(2 * i) + 1] = 4.0;
        }

        var html = File.ReadAllText(ReportWriter.Write(data, folder.Path));

        var images = ReportFiles.EmbeddedImages(html);
        Assert.Equal(5, images.Count);
        Assert.All(images, png => Assert.Equal(900, ReportFiles.PngSize(png).Width));
        Assert.Contains("All held-out points have the same x2, so there is a single bin.", html);
        Assert.DoesNotContain("some values are zero or negative", html);
    }

    [Fact]
    public void Empty_sample_writes_a_report_with_only_the_loss_plot()
    {
        using var folder = new TempFolder();
        var empty = new HeldOutSample(["x1"], [], [true], [], [[]], ["y = x1"], new OutputSample(["y"], [[]], null));
        var html = File.ReadAllText(ReportWriter.Write(SyntheticReport.Create() with { Sample = empty, Metrics = [] }, folder.Path));

        Assert.Single(ReportFiles.EmbeddedImages(html));
        Assert.Contains("The held-out sample is empty", html);
    }

    [Fact]
    public void Rewriting_replaces_the_files_and_leaves_no_temporary_files()
    {
        using var folder = new TempFolder();
        ReportWriter.Write(SyntheticReport.Create(seed: 1), folder.Path);
        var first = File.ReadAllBytes(Path.Combine(folder.Path, "error-vs-x2.png"));
        ReportWriter.Write(SyntheticReport.Create(seed: 2), folder.Path);

        Assert.NotEqual(first, File.ReadAllBytes(Path.Combine(folder.Path, "error-vs-x2.png")));
        Assert.Equal(6, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public void Inconsistent_shapes_are_rejected_with_a_message_naming_the_array()
    {
        using var folder = new TempFolder();
        var data = SyntheticReport.Create(samples: 10);
        var broken = data with { Sample = data.Sample with { Inputs = new double[15] } };

        var error = Assert.Throws<ArgumentException>(() => ReportWriter.Write(broken, folder.Path));
        Assert.Contains("Sample.Inputs has 15 values, but 10 samples x 2 inputs need 20", error.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Clashing_variable_names_get_distinct_file_names()
    {
        var names = new FigureFileNames();

        Assert.Equal("error-vs-x_1.png", names.Next("error-vs-", "x 1", 0));
        Assert.Equal("error-vs-x_1-2.png", names.Next("error-vs-", "x/1", 1));
        Assert.Equal("error-vs-3.png", names.Next("error-vs-", "θ", 2));
    }

    [Fact]
    public void A_log_scaled_input_with_non_positive_values_falls_back_to_a_linear_axis_and_says_so()
    {
        using var folder = new TempFolder();
        var data = SyntheticReport.Create(samples: 100);
        data.Sample.Inputs[0] = 0;
        var html = File.ReadAllText(ReportWriter.Write(data, folder.Path));

        Assert.Contains("x1 is log-scaled but some values are zero or negative, so its axis and bins are linear.", html);
        Assert.Equal(5, ReportFiles.EmbeddedImages(html).Count);
    }
}
