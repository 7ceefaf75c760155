using EqNet.Evaluation;
using EqNet.Features;
using EqNet.Models;
using EqNet.Training;

namespace EqNet.Reporting;

/// <summary>Builds a run's report data from the trained model, its history and its held-out evaluation.</summary>
public static class RunReport
{
    /// <summary>
    /// Assembles <see cref="ReportData"/>; <paramref name="settings"/> are shown as given. <paramref name="model"/> is a
    /// network or a formula model (whose <paramref name="history"/> is empty: a formula has no training history).
    /// </summary>
    public static ReportData Build(IPredictor model, EvaluationResult evaluation, IReadOnlyList<TrainingProgress> history,
        IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        var rows = new List<MetricsRow> { Row("overall (worst equation)", evaluation.Overall) };
        if (evaluation.NetworkAlone is { } alone) rows.Add(Row($"the network alone, before its {alone.Refinement}", alone.Overall));
        rows.AddRange(evaluation.Equations.Select(e => Row(e.Equation, e.ScaleRelativeError)));
        rows.AddRange(evaluation.Outputs.Where(o => o.RootRelativeError is not null).Select(o => Row(RootErrorLabel(o), o.RootRelativeError!)));

        var points = evaluation.Points;
        int n = evaluation.Samples, e = evaluation.Equations.Count, o = model.OutputNames.Count;
        var perEquation = Columns(points.EquationErrors, n, e);
        var predicted = Columns(points.Predicted, n, o);
        var reference = Columns(points.Reference, n, o);
        bool haveReference = reference.All(column => column.All(double.IsFinite));
        // Axes in log where the network's first feature of an input is its log; a formula has no features, so where the input is sampled in log.
        var inputIsLog = model is EqNetModel network
            ? model.InputNames.Select((_, i) => network.Features.Features.First(f => f.Input == i).Kind == FeatureKind.Log).ToArray()
            : model.Problem.Inputs.Select(i => i.Sampling == Problems.SamplingKind.Log).ToArray();

        var sample = new HeldOutSample(model.InputNames, points.Inputs, inputIsLog, points.OverallErrors, perEquation,
            evaluation.Equations.Select(q => q.Equation).ToArray(),
            new OutputSample(model.OutputNames, predicted, haveReference ? reference : null));
        var historyPoints = history.Select(h => new HistoryPoint(h.Step, h.Seconds, h.Phase, h.Loss, h.ValidationP99, h.ValidationMedian, h.Damping)).ToArray();
        return new ReportData(model.Problem.Name, DateTimeOffset.Now, settings, rows, historyPoints, sample)
        {
            WorstRegion = string.Join(" ", new[] { evaluation.WorstRegion?.Describe(), evaluation.NetworkAlone?.Describe(evaluation.Samples), evaluation.WorstCase?.Describe(evaluation) }.Where(t => t is not null)),
            Structure = model.Structure.Select(s => KeyValuePair.Create(s.Output, s.Describe())).ToArray(),
        };
    }

    /// <summary>An output's root-error row: what it divides by, named (root-relative, or scale-relative with the scale).</summary>
    private static string RootErrorLabel(OutputResult o) => o.RootErrorScale is { } scale
        ? $"output {o.Name}: root error, scale-relative |y - y*| / {NumberText.Scientific(scale)}"
        : $"output {o.Name}: root error, root-relative |y - y*| / |y*|";

    private static MetricsRow Row(string label, ErrorSummary s) => new(label, s.Median, s.P90, s.P99, s.Max);

    private static double[][] Columns(double[] rowMajor, int rows, int columns)
    {
        var result = new double[columns][];
        for (int c = 0; c < columns; c++)
        {
            result[c] = new double[rows];
            for (int r = 0; r < rows; r++) result[c][r] = rowMajor[r * columns + c];
        }
        return result;
    }
}
