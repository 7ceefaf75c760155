using System.Globalization;
using EqNet.Evaluation;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Reporting;

/// <summary>
/// The HTML report of a finished training run, written after <see cref="TrainingRun.Execute(EqNet.Problems.Problem, EqNet.Training.TrainingOptions, string, int, System.Action{EqNet.Training.TrainingProgress}?, System.Threading.CancellationToken)"/> returns: the report
/// reads what training produced, so training itself never calls it.
/// </summary>
public static class TrainingReport
{
    /// <summary>Writes report.html (and its plots) into <paramref name="folder"/>, the run's folder; returns the report's path.</summary>
    /// <param name="problem">The problem the run trained on.</param>
    /// <param name="run">The run, as <see cref="TrainingRun.Execute(EqNet.Problems.Problem, EqNet.Training.TrainingOptions, string, int, System.Action{EqNet.Training.TrainingProgress}?, System.Threading.CancellationToken)"/> returned it.</param>
    /// <param name="folder">The run folder.</param>
    public static string Write(Problem problem, TrainingRunResult run, string folder)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(run);
        var (options, result, evaluation, kept) = (run.Options, run.Training, run.Evaluation, run.Kept);
        // A mixed problem's equations' part: what the evaluation, the warnings and the report measure.
        var measured = DataTraining.EquationPart(result.Model);
        var report = RunReport.Build(measured, evaluation, result.History, [.. Settings(problem, options, result), .. GrowthSettings(options, kept)]);
        // Fitted to data alone: no equation to measure, so the table holds each output's error on the held-out rows.
        if (problem.IsDataOnly && result.Data is { } fitted)
            report = report with
            {
                Metrics = [.. fitted.Outputs.Select(o => new MetricsRow($"output {o.Output}: held-out data rows ({o.RowsTest}), |y - y measured| / |y measured|",
                    o.RelativeTest.Median, o.RelativeTest.P90, o.RelativeTest.P99, o.RelativeTest.Max))],
                WorstRegion = "",
            };
        ReportWriter.Write(report, folder);
        return Path.Combine(folder, ReportWriter.ReportFileName);
    }

    /// <summary>The report's rows for a grown run: where from, and each kept output's error before and after.</summary>
    private static IEnumerable<KeyValuePair<string, string>> GrowthSettings(TrainingOptions options, IReadOnlyList<KeptOutputChange> kept)
    {
        if (options.GrowFrom is not { } growth) yield break;
        yield return new("grown from", $"{growth.Source} ('{growth.Old.Problem.Name}', {growth.Checksum[..Math.Min(growth.Checksum.Length, 19)]}...); kept {string.Join(", ", growth.Kept)}, {(growth.FineTune ? "fine-tuned" : "frozen")}");
        foreach (var k in kept)
            yield return new($"kept {k.Output}: held-out p99 / max", string.Create(CultureInfo.InvariantCulture,
                $"before {k.P99Before:0.00e+00} / {k.MaxBefore:0.00e+00}, after {k.P99After:0.00e+00} / {k.MaxAfter:0.00e+00}{(k.Worse ? " (worse)" : "")}"));
    }

    /// <summary>The settings table of the report.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> Settings(Problem problem, TrainingOptions options, TrainingResult result) =>
    [
        new("problem file", problem.SourcePath),
        new("time budget", $"{options.TimeBudgetSeconds:0.#} s"),
        new("seed", options.Seed.ToString(CultureInfo.InvariantCulture)),
        new("network", $"magnitude-shape network: per output a magnitude (MLP {string.Join('-', result.Model.Network.Hidden)} + {result.Model.Network.LogSumExpUnitCount} power-law units + {options.PowerTerms} power terms) and a shape (MLP) where its head has them; {result.Model.Network.ParameterCount} parameters"),
        new("structure", options.ReadsEquations ? "auto (the equations are read: see how each output is produced)" : "none (the network alone)"),
        new("features", string.Join(", ", result.Model.Features.Features.Select(f => f.Describe(result.Model.InputNames)))),
        new("optimiser", $"magnitude pre-fit, then Levenberg-Marquardt (float64) on term-scale residuals; {NetworkSizing.Describe(result.Model, options)}"),
        new("training points", $"{options.TrainingPoints}, refreshed every {options.RefreshEvery} steps ({options.HardShare:P0} hardest of a pool)"),
        new("steps", result.Steps.ToString(CultureInfo.InvariantCulture)),
        new("stopped by", result.StopReason.ToText()),
        new("model", result.Model.Corrections is { Count: > 0 } c
            ? $"{result.Model.Kind}: each a tanh network ({string.Join(", ", c.Stages.Select(s => $"{s.Network.ParameterCount} parameters an output"))}) fitted to the error left before it, relative to the output's size"
            : result.Model.Kind),
        new("time per phase", result.PhaseTimes.ToString()),
        .. result.Data is { } data ? DataSettingsRows(data) : [],
    ];

    /// <summary>The report's rows for a network fitted to measured data: the data, the split and each output's held-out figures.</summary>
    private static KeyValuePair<string, string>[] DataSettingsRows(DataFitResult data) =>
    [
        new("measured data", $"{data.File}: {data.Split.Rows} rows, {data.Weighting} error; {data.Split.Train.Count} fitted, {data.Split.Validation.Count} chose the network kept, {data.Split.Test.Count} held out ({DataFitResult.SplitFileName}); {data.Starts} starts"),
        .. data.Outputs.Select(o => new KeyValuePair<string, string>($"{o.Output} on held-out rows", TrainingRun.DataSummary(o))),
        .. data.Outputs.Where(o => o.NoiseLevel is not null).Select(o => new KeyValuePair<string, string>($"{o.Output} noise level", o.NoiseLevel!.Text)),
        .. data.CrossValidation is { } cv ? cv.Lines().Select(line => new KeyValuePair<string, string>("cross-validation", line)) : [],
    ];
}
