using ScottPlot;

namespace EqNet.Reporting;

/// <summary>Creates plots in the report's common style and renders them to PNG.</summary>
internal static class PlotCanvas
{
    /// <summary>Width of every plot image, in pixels.</summary>
    public const int Width = 900;

    /// <summary>Height of every plot image, in pixels.</summary>
    public const int Height = 540;

    /// <summary>Sans-serif reads better than ScottPlot's default serif at small sizes; fontconfig resolves it.</summary>
    private const string FontFamily = "DejaVu Sans";

    /// <summary>Colors of the data series, in the order series are added.</summary>
    public static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>A blank plot with a title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>Renders the plot as a PNG image of the report's size.</summary>
    public static byte[] RenderPng(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
