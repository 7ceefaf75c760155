namespace EqNet.Models;

/// <summary>
/// An earlier output's prediction fed to a later output's networks as a feature: (asinh(y / Scale) - Center) / Width,
/// or, when <paramref name="Even"/>, (log(sqrt(y^2 + Scale^2)) - Center) / Width. A system solved in sequence (y from
/// the inputs, then w from y) is smooth in y even where it is not in the inputs.
/// </summary>
/// <remarks>
/// Why both: asinh keeps y's sign; the even form is log|y| away from zero, so a later output that grows as a power of
/// |y| (through y^2, say) is linear in it, and the magnitude's power-law units represent it without the MLP having to
/// build |y| out of an odd function.
/// </remarks>
/// <param name="Output">Index of the output whose prediction is used.</param>
/// <param name="Scale">About the output's typical magnitude: where the feature turns from linear (or flat) to logarithmic.</param>
/// <param name="Center">Subtracted after the transform.</param>
/// <param name="Width">Divides after centring.</param>
/// <param name="Even">log(sqrt(y^2 + Scale^2)) instead of asinh(y / Scale).</param>
public sealed record UpstreamFeature(int Output, double Scale, double Center, double Width, bool Even = false)
{
    /// <summary>The transform before standardising.</summary>
    public double Raw(double y) => Even ? 0.5 * Math.Log(y * y + Scale * Scale) : Math.Asinh(y / Scale);

    /// <summary>The feature's value for a prediction <paramref name="y"/>.</summary>
    public double Value(double y) => (Raw(y) - Center) / Width;

    /// <summary>d(feature)/dy.</summary>
    public double Slope(double y) => Even ? y / (Width * (y * y + Scale * Scale)) : 1 / (Width * Math.Sqrt(y * y + Scale * Scale));
}
