namespace EqNet.Models;

/// <summary>
/// An earlier output's prediction fed to a later output's networks as a feature: (asinh(y / Scale) - Center) / Width.
/// A system solved in sequence (y from the inputs, then w from y) is smooth in y even where it is not in the inputs.
/// </summary>
/// <param name="Output">Index of the output whose prediction is used.</param>
/// <param name="Scale">Divides y inside asinh: about the output's typical magnitude.</param>
/// <param name="Center">Subtracted after asinh.</param>
/// <param name="Width">Divides after centring.</param>
public sealed record UpstreamFeature(int Output, double Scale, double Center, double Width)
{
    /// <summary>The feature's value for a prediction <paramref name="y"/>.</summary>
    public double Value(double y) => (Math.Asinh(y / Scale) - Center) / Width;

    /// <summary>d(feature)/dy.</summary>
    public double Slope(double y) => 1 / (Width * Math.Sqrt(y * y + Scale * Scale));
}
