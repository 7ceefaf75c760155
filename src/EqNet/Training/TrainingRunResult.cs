using EqNet.Evaluation;

namespace EqNet.Training;

/// <summary>What <see cref="TrainingRun.Execute(EqNet.Problems.Problem, EqNet.Training.TrainingOptions, string, int, System.Action{EqNet.Training.TrainingProgress}?, System.Threading.CancellationToken)"/> produced: the training, its held-out evaluation and the files written.</summary>
/// <param name="Options">The resolved settings the run trained with.</param>
/// <param name="Training">The training result (best checkpoint, history, steps, seconds, stop reason).</param>
/// <param name="Evaluation">The kept model on a held-out sample of <paramref name="HeldOutSeed"/>.</param>
/// <param name="HeldOutSeed">Seed of that sample (training seed + <see cref="Evaluator.HeldOutSeedOffset"/>).</param>
/// <param name="Warnings">Warnings about the trained model (e.g. an output pinned to a declared bound).</param>
/// <param name="ModelPath">The model file (<c>model.eqnet</c>).</param>
/// <param name="MetricsPath">The metrics (<c>metrics.json</c>).</param>
/// <param name="HistoryPath">The progress history (<c>history.csv</c>).</param>
public sealed record TrainingRunResult(TrainingOptions Options, TrainingResult Training, EvaluationResult Evaluation, int HeldOutSeed,
    IReadOnlyList<string> Warnings, string ModelPath, string MetricsPath, string HistoryPath)
{
    /// <summary>The HTML report (<c>report.html</c>) once written after the run (<see cref="Surrogate.TrainToFolder(Problems.Problem, string, TrainingOptions, int, Action{TrainingProgress}?, CancellationToken)"/> writes it); null before.</summary>
    public string? ReportPath { get; init; }

    /// <summary>For a grown run (<see cref="TrainingOptions.GrowFrom"/>), each kept output's held-out error before and after; else empty.</summary>
    public IReadOnlyList<KeptOutputChange> Kept { get; init; } = [];
}
