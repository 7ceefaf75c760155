using EqNet.Expressions;

namespace EqNet.Features;

/// <summary>One network feature: a raw quantity of an input, then standardised as (raw - Center) / Width.</summary>
/// <param name="Kind">What raw quantity.</param>
/// <param name="Input">Index of the input it is computed from (for an expression, the first input it uses).</param>
/// <param name="Bound">
/// The bound expression for the distance kinds (text, over earlier inputs), the expression itself for
/// <see cref="FeatureKind.LogExpression"/> and <see cref="FeatureKind.Factor"/>, else null.
/// </param>
/// <param name="Center">Subtracted after the raw quantity is computed.</param>
/// <param name="Width">Divides after centring (negative for a <see cref="FeatureKind.Factor"/> whose output has the opposite sign).</param>
/// <param name="Floor">
/// Distances are clamped to at least this, so a point on the bound stays finite; for the signed-log kinds, the scale s
/// below which they turn linear or flat.
/// </param>
public sealed record Feature(FeatureKind Kind, int Input, string? Bound, double Center, double Width, double Floor = 0)
{
    /// <summary>A short human description, e.g. <c>log(x1 - x2)</c>.</summary>
    public string Describe(IReadOnlyList<string> inputNames)
    {
        string x = inputNames[Input];
        return Kind switch
        {
            FeatureKind.Linear => x,
            FeatureKind.Log => $"log({x})",
            FeatureKind.LogDistanceToMax => $"log({Parenthesize(Bound!)} - {x})",
            FeatureKind.SignedLog => $"asinh({x}/{Floor:G3})",
            FeatureKind.LogMagnitude => $"log sqrt({x}^2 + {Floor:G3}^2)",
            FeatureKind.LogExpression => $"log({Bound})",
            FeatureKind.Factor => Parenthesize(Bound!),
            FeatureKind.Sine => $"sin({Bound})",
            FeatureKind.Cosine => $"cos({Bound})",
            FeatureKind.Fold or FeatureKind.LogPower => Bound!,
            _ => $"log({x} - {Parenthesize(Bound!)})",
        };
    }

    /// <summary>
    /// <see cref="Bound"/> parsed over <paramref name="inputNames"/>, or null: an input may be named like a function
    /// (<c>beta</c>, <c>gamma</c>), so the bound is read with the inputs declared, as the problem file was.
    /// </summary>
    public Expr? BoundExpression(IReadOnlyList<string> inputNames) =>
        Bound is null ? null : Expr.Parse(Bound, inputNames.ToHashSet(StringComparer.Ordinal));

    private static string Parenthesize(string text) =>
        text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.') ? text : $"({text})";
}
