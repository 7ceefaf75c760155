namespace EqNet.Evaluation;

/// <summary>What an output's root error is relative to.</summary>
public enum RootErrorKind
{
    /// <summary>|yhat - y*| / |y*|: the output keeps one sign and a size comparable with its typical size.</summary>
    RootRelative,

    /// <summary>|yhat - y*| / scale: the output crosses zero or is tiny at some points, or its file gives a <c>scale:</c>.</summary>
    ScaleRelative,
}

/// <summary>
/// Chooses how an output's root error is measured. Dividing by the output itself makes an output that crosses zero (a
/// phase angle) look wrong where it is merely small: a 1e-6 error at y* = 1e-5 reads 0.1. Such outputs are measured
/// against a scale instead: the file's <c>scale:</c>, else the held-out median of |y*|.
/// </summary>
public static class RootErrorScale
{
    /// <summary>|y*| below this share of the median |y*| counts as tiny.</summary>
    public const double TinyShareOfMedian = 1e-3;

    /// <summary>More than this share of tiny values makes the error scale-relative: one point in a hundred is a p99 already.</summary>
    public const double TinyFraction = 0.01;

    /// <summary>
    /// Ratio of the 90th to the 10th percentile of |y*| above which an output of one sign spans decades (an equilibrium
    /// constant over 25): its small values are its range, not a zero it touches, and relative error is its measure.
    /// </summary>
    public const double DecadesSpread = 1e3;

    /// <summary>
    /// The kind and the scale for an output with reference values <paramref name="reference"/> (finite ones are used):
    /// scale-relative to <paramref name="fileScale"/> when given; scale-relative to the median |y*| when the values have
    /// both signs, or when more than <see cref="TinyFraction"/> of them are below <see cref="TinyShareOfMedian"/> of that
    /// median while the rest do not span decades (<see cref="DecadesSpread"/>); otherwise root-relative (scale 0).
    /// </summary>
    public static (RootErrorKind Kind, double Scale) Choose(IReadOnlyCollection<double> reference, double? fileScale = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (fileScale is { } given) return (RootErrorKind.ScaleRelative, given);
        var magnitudes = reference.Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        if (magnitudes.Length == 0) return (RootErrorKind.RootRelative, 0);
        double median = magnitudes[magnitudes.Length / 2];
        bool positive = reference.Any(y => y > 0), negative = reference.Any(y => y < 0);
        int tiny = magnitudes.TakeWhile(m => m < TinyShareOfMedian * median).Count();
        double p10 = magnitudes[magnitudes.Length / 10], p90 = magnitudes[magnitudes.Length * 9 / 10];
        bool spansDecades = p90 > DecadesSpread * p10;
        bool crosses = positive && negative || tiny > TinyFraction * magnitudes.Length && !spansDecades;
        return crosses && median > 0 ? (RootErrorKind.ScaleRelative, median) : (RootErrorKind.RootRelative, 0);
    }

    /// <summary>The name used in metrics.json and the tables: <c>root-relative</c> or <c>scale-relative</c>.</summary>
    public static string Name(RootErrorKind kind) => kind == RootErrorKind.ScaleRelative ? "scale-relative" : "root-relative";
}
