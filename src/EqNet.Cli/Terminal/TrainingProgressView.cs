using EqNet.Training;
using Spectre.Console;

namespace EqNet.Cli.Terminal;

/// <summary>
/// Shows training progress: a live bar with step, loss, held-out p99, damping and time left on a terminal; plain
/// periodic lines when output is redirected (logs, CI).
/// </summary>
internal static class TrainingProgressView
{
    private const double PlainLineSeconds = 5;

    public static TrainingResult Run(TrainingOptions options, Func<Action<TrainingProgress>, TrainingResult> train)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            double next = 0;
            TrainingProgress? lastValidated = null;
            return train(p =>
            {
                if (p.ValidationP99 is not null) lastValidated = p;
                if (p.Seconds < next) return;
                next = p.Seconds + PlainLineSeconds;
                Console.WriteLine(Format(p, lastValidated));
            });
        }

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: options.TimeBudgetSeconds);
                TrainingProgress? lastValidated = null;
                result = train(p =>
                {
                    if (p.ValidationP99 is not null) lastValidated = p;
                    task.Value = Math.Min(p.Seconds, options.TimeBudgetSeconds);
                    task.Description = Markup.Escape(Format(p, lastValidated));
                });
                task.Value = options.TimeBudgetSeconds;
            });
        return result!;
    }

    private static string Format(TrainingProgress p, TrainingProgress? validated) =>
        // No loss (NaN) where a phase had nothing to fit: a bounded output's head has no magnitude to pre-fit.
        $"step {p.Step,5}  {p.Phase,-9} loss {(double.IsNaN(p.Loss) ? "-" : p.Loss.ToString("0.00e+00")),9}  held-out p99 {(validated?.ValidationP99 is { } v ? v.ToString("0.00e+00") : "-"),9}  " +
        $"median {(validated?.ValidationMedian is { } m ? m.ToString("0.00e+00") : "-"),9}  damping {p.Damping,8:0.0e+00}  {p.SecondsLeft,5:0}s left";
}
