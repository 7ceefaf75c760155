using System.Globalization;
using EqNet.Models;

namespace EqNet.Evaluation;

/// <summary>
/// Finds outputs whose bounded transform saturates: predictions pinned to a declared bound, where the transform is flat
/// and the network cannot move them (often a bound that solutions actually reach or cross), while the solution there
/// is not as close to the bound (or was not found). A solution that truly lies within rounding of a bound, such as a
/// degree of dissociation of 1e-13 in [0, 1], is followed, not saturated.
/// </summary>
public static class SaturationCheck
{
    /// <summary>Relative distance to a bound (of the bound interval, or of the value) that counts as on the bound.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>One message per output that sits on a bound at some held-out points.</summary>
    public static IEnumerable<string> Warnings(EqNetModel model, EvaluationResult evaluation)
    {
        var heads = model.Network.Heads;
        var outputs = model.OutputNames;
        int o = outputs.Count, n = evaluation.Samples;
        foreach (var head in heads)
        {
            // A network's head indexes its own outputs; the evaluation holds all of the model's.
            int j = outputs.ToList().IndexOf(head.Name);
            if (head.Kind is OutputHeadKind.Free or OutputHeadKind.Difference or OutputHeadKind.Envelope or OutputHeadKind.Affine) continue;
            int pinned = 0;
            for (int i = 0; i < n; i++)
            {
                double y = evaluation.Points.Predicted[i * o + j], root = evaluation.Points.Reference[i * o + j];
                double width = head.Kind == OutputHeadKind.Interval ? head.Max - head.Min : Math.Max(Math.Abs(y), 1e-300);
                if (head.Kind != OutputHeadKind.UpperBound && Pinned(y - head.Min, root - head.Min, width)) pinned++;
                else if (head.Kind is OutputHeadKind.UpperBound or OutputHeadKind.Interval && Pinned(head.Max - y, head.Max - root, width)) pinned++;
            }
            if (pinned == 0) continue;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"output {head.Name} sits on a declared bound at {pinned / (double)n:P2} of the held-out points where the solution does not: its transform saturates there and cannot follow the equations. If solutions reach that bound, widen it.");
        }
    }

    /// <summary>
    /// On the bound (distance within <see cref="Tolerance"/> of <paramref name="width"/>) while the solution's distance
    /// is unknown or more than twice as large.
    /// </summary>
    private static bool Pinned(double distance, double rootDistance, double width) =>
        Math.Abs(distance) <= Tolerance * width && !(Math.Abs(rootDistance) <= 2 * Math.Abs(distance) + 1e-300);
}
