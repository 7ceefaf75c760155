using EqNet.Reporting;

namespace EqNet.Tests.Reporting;

/// <summary>
/// Report data shaped like a real run: y = x1 * (1 + x2) with x1 over nine decades (log-scaled)
/// and x2 in [0, 10]; the prediction's relative error grows with x2, so the plots have something to show.
/// </summary>
internal static class SyntheticReport
{
    public static readonly DateTimeOffset Created = new(2026, 11, 24, 12, 30, 0, TimeSpan.Zero);

    public static ReportData Create(int samples = 400, bool withReference = true, int historySteps = 300, int seed = 7)
    {
        var random = new Random(seed);
        var inputs = new double[samples * 2];
        var truth = new double[samples];
        var predicted = new double[samples];
        var overall = new double[samples];
        var first = new double[samples];
        var second = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var x1 = Math.Pow(10, -3 + (9 * random.NextDouble()));
            var x2 = 10 * random.NextDouble();
            inputs[2 * i] = x1;
            inputs[(2 * i) + 1] = x2;
            truth[i] = x1 * (1 + x2);
            var relative = 1e-4 * (1 + (x2 * x2)) * (random.NextDouble() - 0.5);
            predicted[i] = truth[i] * (1 + relative);
            first[i] = Math.Abs(relative);
            second[i] = Math.Abs(relative) * 0.1 * random.NextDouble();
            overall[i] = Math.Max(first[i], second[i]);
        }

        var sample = new HeldOutSample(
            InputNames: ["x1", "x2"],
            Inputs: inputs,
            InputIsLog: [true, false],
            OverallError: overall,
            EquationErrors: [first, second],
            EquationTexts: ["y = x1 * (1 + x2)", "y / x1 - x2 = 1"],
            Outputs: new OutputSample(["y"], [predicted], withReference ? [truth] : null));

        return new ReportData(
            ProblemName: "synthetic <demo>",
            Created: Created,
            Settings: [new("hidden", "32,32"), new("activation", "tanh"), new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Metrics: [Row("overall", overall), Row("eq 1", first), Row("eq 2", second)],
            History: History(historySteps),
            Sample: sample);
    }

    public static MetricsRow Row(string label, double[] errors)
    {
        var sorted = errors.Order().ToArray();
        double At(double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];
        return new MetricsRow(label, At(0.5), At(0.9), At(0.99), sorted[^1]);
    }

    private static HistoryPoint[] History(int steps) =>
        Enumerable.Range(0, steps).Select(step =>
        {
            var phase = step < steps * 2 / 3 ? "adam" : "lm";
            var loss = Math.Exp(-step / 30.0) + 1e-7;
            var measured = step % 25 == 0;
            return new HistoryPoint(
                step, step * 0.05, phase, loss,
                measured ? 3 * Math.Sqrt(loss) : null,
                measured ? 0.3 * Math.Sqrt(loss) : null,
                phase == "adam" ? 1e-3 : null);
        }).ToArray();
}
