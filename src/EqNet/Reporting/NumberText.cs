using System.Globalization;
using System.Text;

namespace EqNet.Reporting;

/// <summary>How the report writes numbers: in tables, captions and axis labels.</summary>
internal static class NumberText
{
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>Three significant digits in scientific notation, for example <c>1.23e-04</c>.</summary>
    public static string Scientific(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ => value.ToString("0.00e+00", CultureInfo.InvariantCulture),
    };

    /// <summary>A short label: plain digits for moderate magnitudes, scientific notation otherwise.</summary>
    public static string Compact(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        return magnitude is >= 1e4 or < 1e-3
            ? value.ToString("0.##e+0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <summary>A power of ten as <c>10</c> with a superscript exponent, for example <c>10⁻³</c>.</summary>
    public static string PowerOfTen(int exponent)
    {
        var text = new StringBuilder("10");
        foreach (var c in exponent.ToString(CultureInfo.InvariantCulture))
        {
            text.Append(c == '-' ? '⁻' : Superscripts[c - '0']);
        }

        return text.ToString();
    }

    /// <summary>The label of a tick at <paramref name="log10Value"/> on a log10 axis.</summary>
    public static string LogTick(double log10Value)
    {
        var exponent = Math.Round(log10Value);
        return Math.Abs(log10Value - exponent) < 1e-9
            ? PowerOfTen((int)exponent)
            : Compact(Math.Pow(10, log10Value));
    }
}
