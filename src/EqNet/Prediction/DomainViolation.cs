namespace EqNet.Prediction;

/// <summary>Why a point lies outside a model's trained domain: one input outside its declared bound.</summary>
/// <param name="Input">The input's name.</param>
/// <param name="Value">Its value at the point.</param>
/// <param name="BoundText">A dependent bound as written in the problem file, e.g. <c>x1</c>; null for a constant one.</param>
/// <param name="BoundValue">The bound's value at the point (a dependent bound is evaluated from the earlier inputs).</param>
/// <param name="IsUpper">Whether the upper bound (max) is violated, else the lower (min).</param>
public sealed record DomainViolation(string Input, double Value, string? BoundText, double BoundValue, bool IsUpper)
{
    /// <summary>A sentence for a warning, e.g. <c>x2 = 800 is above its max x1 = 700</c>.</summary>
    public override string ToString()
    {
        string value = Show(Value), bound = Show(BoundValue);
        string side = IsUpper ? "above its max" : "below its min";
        string boundText = BoundText is null ? bound : $"{BoundText} = {bound}";
        return double.IsFinite(Value) ? $"{Input} = {value} is {side} {boundText}" : $"{Input} = {value} is not a finite number";
    }

    private static string Show(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
