using ScottPlot;
using ScottPlot.TickGenerators;

namespace EqNet.Reporting;

/// <summary>
/// How values are mapped onto a plot axis. ScottPlot draws linear axes only, so the report plots
/// transformed values (<see cref="Forward"/>) and labels the ticks with the original values.
/// </summary>
internal sealed class AxisScale
{
    /// <summary>Ratio of largest to smallest value from which positive data are drawn on a log axis.</summary>
    private const double LogSpanThreshold = 100;

    /// <summary>Ratio of largest to typical small magnitude from which signed data are drawn on an asinh axis.</summary>
    private const double AsinhSpanThreshold = 1e3;

    private AxisScale(AxisScaleKind kind, double asinhWidth)
    {
        Kind = kind;
        AsinhWidth = asinhWidth;
    }

    /// <summary>Plain values.</summary>
    public static AxisScale Linear { get; } = new(AxisScaleKind.Linear, 1);

    /// <summary>log10 of the values; only for positive data.</summary>
    public static AxisScale Log { get; } = new(AxisScaleKind.Log, 1);

    /// <summary>The kind of mapping.</summary>
    public AxisScaleKind Kind { get; }

    /// <summary>
    /// For <see cref="AxisScaleKind.Asinh"/>: the magnitude below which the axis is about linear;
    /// above it, the axis is about logarithmic on both sides of zero.
    /// </summary>
    public double AsinhWidth { get; }

    /// <summary>Words for an axis label, for example <c>(log scale)</c>.</summary>
    public string AxisNote => Kind switch
    {
        AxisScaleKind.Log => " (log scale)",
        AxisScaleKind.Asinh => " (symmetric log scale)",
        _ => string.Empty,
    };

    /// <summary>An asinh scale that is linear within ±<paramref name="width"/>.</summary>
    public static AxisScale Asinh(double width) => new(AxisScaleKind.Asinh, width);

    /// <summary>
    /// Picks a scale that shows all of <paramref name="values"/> readably: log when they are
    /// positive and span decades, asinh when they change sign (or touch zero) and span decades,
    /// linear otherwise. Non-finite values are ignored.
    /// </summary>
    public static AxisScale Choose(IEnumerable<double> values)
    {
        var finite = ErrorStatistics.FiniteSorted(values);
        if (finite.Length == 0)
        {
            return Linear;
        }

        if (finite[0] > 0 && finite[^1] / finite[0] >= LogSpanThreshold)
        {
            return Log;
        }

        var magnitudes = ErrorStatistics.FiniteSorted(finite.Where(v => v != 0).Select(Math.Abs));
        if (finite[0] > 0 || magnitudes.Length == 0)
        {
            return Linear;
        }

        // A power of ten as the linear width makes the ticks land on round values.
        var typicalSmall = Math.Pow(10, Math.Floor(Math.Log10(ErrorStatistics.Quantile(magnitudes, 0.1))));
        return magnitudes[^1] / typicalSmall >= AsinhSpanThreshold ? Asinh(typicalSmall) : Linear;
    }

    /// <summary>The scale for an input: log where the problem log-scales it and all values are positive.</summary>
    public static AxisScale ForInput(bool isLog, IEnumerable<double> values) =>
        isLog && values.Where(double.IsFinite).All(v => v > 0) ? Log : Linear;

    /// <summary>Maps a value onto the plotted coordinate.</summary>
    public double Forward(double value) => Kind switch
    {
        AxisScaleKind.Log => Math.Log10(value),
        AxisScaleKind.Asinh => Math.Asinh(value / AsinhWidth),
        _ => value,
    };

    /// <summary>Whether <paramref name="value"/> can be drawn on this scale.</summary>
    public bool CanShow(double value) => double.IsFinite(value) && (Kind != AxisScaleKind.Log || value > 0);

    /// <summary>Sets the axis's ticks so that they show original values for data in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void ConfigureTicks(IAxis axis, double min, double max)
    {
        axis.TickGenerator = Kind switch
        {
            AxisScaleKind.Log => LogTicks(Forward(min), Forward(max)),
            AxisScaleKind.Asinh => AsinhTicks(Math.Max(Math.Abs(min), Math.Abs(max))),
            _ => new NumericAutomatic { LabelFormatter = NumberText.Compact },
        };
    }

    /// <summary>Ticks for an axis whose coordinate is log10 of the value, for data in [<paramref name="minLog"/>, <paramref name="maxLog"/>].</summary>
    public static ITickGenerator LogTicks(double minLog, double maxLog)
    {
        if (maxLog - minLog >= 1)
        {
            return new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = NumberText.LogTick,
            };
        }

        // Within a decade there may be no power of ten in view: label 1, 2 and 5 times powers of
        // ten instead, over a margin wide enough for the axis's automatic padding.
        var ticks = new NumericManual();
        for (var exponent = (int)Math.Floor(minLog) - 1; exponent <= (int)Math.Ceiling(maxLog) + 1; exponent++)
        {
            for (var mantissa = 1; mantissa <= 9; mantissa++)
            {
                var position = exponent + Math.Log10(mantissa);
                if (mantissa is 1 or 2 or 5)
                {
                    ticks.AddMajor(position, NumberText.LogTick(position));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }

    private NumericManual AsinhTicks(double maxMagnitude)
    {
        var ticks = new NumericManual();
        ticks.AddMajor(0, "0");
        // Ticks start a decade above the linear width: closer to zero they would overlap its label.
        var first = (int)Math.Round(Math.Log10(AsinhWidth)) + 1;
        var last = (int)Math.Floor(Math.Log10(Math.Max(maxMagnitude, AsinhWidth)));

        // At most about six labelled decades each side keeps the labels from overlapping.
        var stride = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 6.0));
        for (var exponent = first; exponent <= last; exponent += stride)
        {
            var position = Forward(Math.Pow(10, exponent));
            var label = NumberText.PowerOfTen(exponent);
            ticks.AddMajor(position, label);
            ticks.AddMajor(-position, "-" + label);
        }

        return ticks;
    }
}
