using EqNet.Evaluation;
using EqNet.Models;

namespace EqNet.Training;

/// <summary>What a training run produced and why it stopped.</summary>
/// <param name="Model">The best checkpoint (by held-out p99).</param>
/// <param name="History">Progress lines, oldest first.</param>
/// <param name="Steps">Optimiser iterations run.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="StopReason">Why training stopped (<see cref="StopReasonText.ToText"/> gives metrics.json's words).</param>
/// <param name="BestValidation">Held-out error of the kept checkpoint.</param>
public sealed record TrainingResult(EqNetModel Model, IReadOnlyList<TrainingProgress> History, int Steps, double Seconds,
    StopReason StopReason, ErrorSummary BestValidation)
{
    /// <summary>Where the wall-clock time went, per phase (see <see cref="Training.PhaseTimes"/>).</summary>
    public PhaseTimes PhaseTimes { get; init; } = new();

    /// <summary>For a network fitted to measured data (<see cref="Problems.Problem.IsDataOnly"/>), the split and the held-out figures; else null.</summary>
    public DataFitResult? Data { get; init; }
}
