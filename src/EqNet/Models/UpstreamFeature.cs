namespace EqNet.Models;

/// <summary>
/// An earlier output's prediction fed to a later output's networks as a feature: (asinh(y / s) - Center) / Width,
/// or, when <paramref name="Even"/>, (log(sqrt(y^2 + s^2)) - Center) / Width. A system solved in sequence (y from
/// the inputs, then w from y) is smooth in y even where it is not in the inputs.
/// </summary>
/// <remarks>
/// Why both: asinh keeps y's sign; the even form is log|y| away from zero, so a later output that grows as a power of
/// |y| (through y^2, say) is linear in it, and the magnitude's power-law units represent it without the MLP having to
/// build |y| out of an odd function. The scale s is where the feature turns from linear (or flat) to logarithmic; a
/// network may learn it (see <see cref="MagnitudeShapeNetwork.LearnedScales"/>), because an equation such as
/// <c>w^2 + x3*x4*w = y^2 + 1</c> sets it (to 1 there) and no statistic of y does.
/// </remarks>
/// <param name="Output">Index of the output whose prediction is used.</param>
/// <param name="Scale">The scale s, or its starting value when the network learns it.</param>
/// <param name="Center">Subtracted after the transform.</param>
/// <param name="Width">Divides after centring.</param>
/// <param name="Even">log(sqrt(y^2 + s^2)) instead of asinh(y / s).</param>
public sealed record UpstreamFeature(int Output, double Scale, double Center, double Width, bool Even = false)
{
    /// <summary>The transform before standardising, at the fixed scale.</summary>
    public double Raw(double y) => Raw(y, Scale);

    /// <summary>The transform before standardising, at scale <paramref name="scale"/>.</summary>
    public double Raw(double y, double scale) => Even ? 0.5 * Math.Log(y * y + scale * scale) : Math.Asinh(y / scale);

    /// <summary>The feature's value for a prediction <paramref name="y"/> at scale <paramref name="scale"/>.</summary>
    public double Value(double y, double scale) => (Raw(y, scale) - Center) / Width;

    /// <summary>d(feature)/dy at scale <paramref name="scale"/>.</summary>
    public double Slope(double y, double scale) =>
        Even ? y / (Width * (y * y + scale * scale)) : 1 / (Width * Math.Sqrt(y * y + scale * scale));

    /// <summary>d(feature)/d(log scale) at scale <paramref name="scale"/>.</summary>
    public double ScaleSlope(double y, double scale) =>
        Even ? scale * scale / (Width * (y * y + scale * scale)) : -y / (Width * Math.Sqrt(y * y + scale * scale));
}
