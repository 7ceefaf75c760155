using System.Globalization;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.IO;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Sampling;

namespace EqNet.Training;

/// <summary>
/// A whole training run into a folder, as <c>eqnet train</c> does it: train (checkpointing the best model), save the
/// model, evaluate it on a held-out sample, write metrics.json and history.csv. The HTML report reads all of that, so the
/// caller writes it afterwards (<c>Reporting.TrainingReport</c>; <see cref="Surrogate.TrainToFolder(Problems.Problem, string, TrainingOverrides?, int, Action{TrainingProgress}?, CancellationToken)"/> does both).
/// </summary>
public static class TrainingRun
{
    /// <summary>File name of the model inside the run folder.</summary>
    public const string ModelFileName = "model.eqnet";

    /// <summary>File name of the metrics inside the run folder.</summary>
    public const string MetricsFileName = "metrics.json";

    /// <summary>File name of the history inside the run folder.</summary>
    public const string HistoryFileName = "history.csv";

    /// <summary>Points the network's share of each output is measured on: two digits of a share need no more.</summary>
    private const int StructureSamples = 2000;

    /// <summary>Seed offset of those points, apart from the training, validation and held-out seeds.</summary>
    private const int StructureSeedOffset = 2_000_003;

    /// <summary>Runs the sequence; every file is written atomically, and the model also as checkpoints while training.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Resolved settings (see <see cref="TrainingPlan.Resolve"/>).</param>
    /// <param name="folder">Run folder, created if missing; existing files of a run are replaced.</param>
    /// <param name="samples">Held-out points for the final metrics (at least 1).</param>
    /// <param name="progress">Called with each history line.</param>
    /// <param name="cancellation">Stops training early; the best checkpoint is still evaluated and written.</param>
    public static TrainingRunResult Execute(Problem problem, TrainingOptions options, string folder, int samples = 100_000,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        Execute(problem, options, null, folder, samples, progress, cancellation);

    /// <summary>Runs the sequence from a design already made (<see cref="TrainingDesign.Of"/>), with its problem and settings.</summary>
    /// <param name="design">The design, made once (to print it, say) and trained from as it is.</param>
    /// <param name="folder">Run folder, created if missing; existing files of a run are replaced.</param>
    /// <param name="samples">Held-out points for the final metrics (at least 1).</param>
    /// <param name="progress">Called with each history line.</param>
    /// <param name="cancellation">Stops training early; the best checkpoint is still evaluated and written.</param>
    public static TrainingRunResult Execute(TrainingDesign design, string folder, int samples = 100_000,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        return Execute(design.Problem, design.Options, design, folder, samples, progress, cancellation);
    }

    private static TrainingRunResult Execute(Problem problem, TrainingOptions options, TrainingDesign? design, string folder, int samples,
        Action<TrainingProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        Directory.CreateDirectory(folder);
        string modelPath = Path.Combine(folder, ModelFileName);

        var result = design is null
            ? Trainer.Train(problem, options, progress, model => ModelFile.Save(model, modelPath), cancellation)
            : Trainer.Train(design, progress, model => ModelFile.Save(model, modelPath), cancellation);
        result = result with { Model = result.Model.WithMeasuredStructure(new DomainSampler(problem).Sample(StructureSamples, options.Seed + StructureSeedOffset), StructureSamples) };
        var training = new JsonObject
        {
            ["seconds"] = Math.Round(result.Seconds, 2),
            ["steps"] = result.Steps,
            ["stop_reason"] = result.StopReason.ToText(),
            ["seed"] = options.Seed,
            ["model"] = result.Model.Kind,
        };
        ModelFile.Save(result.Model, modelPath, training);

        int heldOutSeed = options.Seed + Evaluator.HeldOutSeedOffset;
        // A network fitted to data has no equations to measure on fresh points: its figures are the held-out rows'.
        bool dataOnly = problem.IsDataOnly;
        var evaluation = Evaluator.Evaluate(result.Model, samples, heldOutSeed, options.Threads, dataOnly ? 0 : Evaluator.DefaultWorstCaseEvaluations);
        // A mixed problem's equations' part: what the evaluation, the warnings and the report measure.
        var measured = DataTraining.EquationPart(result.Model);
        string metricsPath = Path.Combine(folder, MetricsFileName);
        var kept = options.GrowFrom is { } growth ? Forgetting.Measure(growth.Old, result.Model, samples, heldOutSeed, options.Threads) : [];
        var metrics = MetricsJson.Build(evaluation, result.Seconds, result.Steps,
            [new("stop_reason", result.StopReason.ToText()), new("model", result.Model.Kind), new("interrupted", result.StopReason == StopReason.Cancelled), new("resumed_from", options.ResumedFrom),
             new("phase_seconds", PhaseSeconds(result.PhaseTimes)), .. options.GrowFrom is { } g ? [new("from", FromJson(g, kept))] : Array.Empty<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>>()]);
        if (result.Data is { } data)
        {
            DataMetrics(metrics, data, options.Seed, result.Model, dataOnly);
            AtomicFile.WriteAllText(Path.Combine(folder, DataFitResult.SplitFileName), data.Split.ToCsv());
        }
        MetricsJson.Write(metrics, metricsPath);
        string historyPath = Path.Combine(folder, HistoryFileName);
        HistoryFile.Write(historyPath, result.History);
        var warnings = SaturationCheck.Warnings(measured, evaluation)
            .Concat(new[] { result.Data?.OutsideWarning }.OfType<string>())
            .Concat(kept.Where(k => options.GrowFrom!.FineTune && k.Worse).Select(k => string.Create(CultureInfo.InvariantCulture,
                $"kept output {k.Output} got worse while fine-tuned: held-out p99 {k.P99Before:0.00e+00} -> {k.P99After:0.00e+00} (more than {KeptOutputChange.NoiseRatio}x, beyond the run-to-run spread); train without --fine-tune to keep it as it was")))
            .ToArray();
        return new TrainingRunResult(options, result, evaluation, heldOutSeed, warnings, modelPath, metricsPath, historyPath) { Kept = kept };
    }

    /// <summary>
    /// metrics.json for a network fitted to measured data: <c>data</c> (file, weighting, rows and split) and each output's
    /// <c>outputs.NAME.data</c> (held-out figures); the figures that measure equations on sampled points (none here) are left out.
    /// </summary>
    private static void DataMetrics(JsonObject metrics, DataFitResult data, int seed, EqNetModel model, bool dataOnly)
    {
        if (dataOnly)
            foreach (string key in new[] { "scale_relative_error", "equations", "newton", "worst_region", "worst_case", "network_alone" }) metrics.Remove(key);
        metrics["data"] = new JsonObject
        {
            ["file"] = data.File,
            ["error"] = data.Weighting,
            ["rows"] = data.Split.Rows,
            ["rows_train"] = data.Split.Train.Count,
            ["rows_validation"] = data.Split.Validation.Count,
            ["rows_test"] = data.Split.Test.Count,
            ["split_seed"] = seed,
            ["split_file"] = DataFitResult.SplitFileName,
            ["test_rows"] = new JsonArray([.. data.Split.Test.Select(i => (JsonNode)i)]),
            ["starts"] = data.Starts,
            ["cross_validation"] = data.CrossValidation?.ToJson(),
        };
        var outputs = (JsonObject)metrics["outputs"]!;
        foreach (var o in data.Outputs)
        {
            // A mixed problem's evaluation measured its equations' outputs only: the data outputs get their node here.
            if (outputs[o.Output] is not JsonObject node)
                outputs[o.Output] = node = new JsonObject { ["structure"] = MetricsJson.Structure(model.Structure.First(s => s.Output == o.Output)) };
            foreach (string key in new[] { "r2", "root_relative_error", "root_error_kind", "root_error_scale" }) node.Remove(key);
            node["data"] = DataJson(o);
        }
    }

    /// <summary>One data output's figures (<c>outputs.NAME.data</c> in metrics.json; see docs/data.md).</summary>
    public static JsonObject DataJson(DataOutputMetrics o) => new()
    {
        ["rows_train"] = o.RowsTrain,
        ["rows_validation"] = o.RowsValidation,
        ["rows_test"] = o.RowsTest,
        ["rmse_test"] = Finite(o.RmseTest),
        ["relative_error_test"] = MetricsJson.Summary(o.RelativeTest),
        ["r2_test"] = Finite(o.R2Test),
        ["rmse_validation"] = Finite(o.RmseValidation),
        ["rmse_train"] = Finite(o.RmseTrain),
        ["r2_train"] = Finite(o.R2Train),
        ["noise_level"] = o.NoiseLevel?.ToJson(),
    };

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>metrics.json's <c>from</c>: the old model and, per kept output, its held-out p99 and max before and after.</summary>
    private static JsonObject FromJson(Growth growth, IReadOnlyList<KeptOutputChange> kept)
    {
        var outputs = new JsonObject();
        foreach (var k in kept)
            outputs[k.Output] = new JsonObject { ["p99_before"] = k.P99Before, ["p99_after"] = k.P99After, ["max_before"] = k.MaxBefore, ["max_after"] = k.MaxAfter };
        return new JsonObject
        {
            ["model"] = growth.Source,
            ["problem"] = growth.Old.Problem.Name,
            ["checksum"] = growth.Checksum,
            ["fine_tune"] = growth.FineTune,
            ["kept"] = outputs,
        };
    }

    /// <summary>metrics.json's <c>phase_seconds</c>: seconds per training phase, rounded to milliseconds.</summary>
    public static JsonObject PhaseSeconds(PhaseTimes times)
    {
        var node = new JsonObject();
        foreach (var (phase, seconds) in times.Seconds) node[phase.Replace(' ', '_')] = Math.Round(seconds, 3);
        return node;
    }

    /// <summary>One line of a data output's held-out figures, as <c>eqnet train</c> prints it.</summary>
    public static string DataSummary(DataOutputMetrics o) => string.Create(CultureInfo.InvariantCulture,
        $"RMSE {o.RmseTest:G4} (training rows {o.RmseTrain:G4}), R^2 {o.R2Test:0.#####}; relative error median {o.RelativeTest.Median:0.00e+00}, p90 {o.RelativeTest.P90:0.00e+00}, p99 {o.RelativeTest.P99:0.00e+00}, max {o.RelativeTest.Max:0.00e+00} ({o.RowsTest} rows)");
}
