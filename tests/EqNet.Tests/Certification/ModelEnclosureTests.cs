using EqNet.Certification;
using EqNet.Models;
using EqNet.Tests.Export;
using EqNet.Tests.Prediction;

namespace EqNet.Tests.Certification;

/// <summary>
/// <see cref="ModelEnclosure"/> follows every path of a model's forward pass: on the exporters' catalogue of models
/// (every example, correction stages, envelope, signed-factor, affine and interval heads, upstream features, learned
/// scales, log-power and fold features), the enclosure at a point and over a small box holds EqNet's own predictions.
/// </summary>
public class ModelEnclosureTests
{
    public static TheoryData<string> Models() => [.. ExportModels.Examples];

    /// <summary>Float64 prediction against the exact-arithmetic enclosure: EqNet's tanh, exp and log are within a few ulps, the sums round.</summary>
    private static void Holds(Interval enclosure, double predicted, string what)
    {
        if (!double.IsFinite(predicted)) return;
        double slack = 1e-9 * Math.Max(Math.Abs(predicted), enclosure.Mag) + 1e-300;
        Assert.True(predicted >= enclosure.Lo - slack && predicted <= enclosure.Hi + slack, $"{what}: {predicted:G17} is outside {enclosure}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TheEnclosureHoldsThePredictions(string name)
    {
        var model = ExportModels.Get(name).WithoutRefinement();
        ModelEnclosure enclosure;
        try
        {
            enclosure = new ModelEnclosure(model);
        }
        catch (CertificationRefusedException)
        {
            return;
        }
        int d = model.InputNames.Count, o = model.OutputCount, n = 20;
        var points = TestModels.Points(model, n);
        var predicted = model.Predict(points, n);
        var random = new Random(5);
        for (int i = 0; i < n; i++)
        {
            var x = points.AsSpan(i * d, d).ToArray();
            GradientInterval[] Outputs(Interval[] box)
            {
                var v = box.Select((b, k) => GradientInterval.Variable(b, k, d, hessian: true)).ToArray();
                return enclosure.Outputs(v, enclosure.Network(v));
            }
            GradientInterval[] atPoint;
            try
            {
                atPoint = Outputs([.. x.Select(Interval.Point)]);
            }
            catch (CertificationRefusedException)
            {
                return;
            }
            for (int j = 0; j < o; j++) Holds(atPoint[j].Value, predicted[i * o + j], $"{name} output {j} at point {i}");

            // A box of 1e-4 of each value around the point: predictions at random points inside lie in its enclosure.
            var box = x.Select(v => new Interval(v - 1e-4 * Math.Abs(v), v + 1e-4 * Math.Abs(v))).ToArray();
            var over = Outputs(box);
            var inside = box.Select(b => b.Lo + random.NextDouble() * (b.Hi - b.Lo)).ToArray();
            if (!new EqNet.Prediction.TrainedDomain(model.Problem).Contains(inside)) continue;
            var y = model.Predict(inside, 1);
            for (int j = 0; j < o; j++) Holds(over[j].Value, y[j], $"{name} output {j} in the box around point {i}");
        }
    }
}
