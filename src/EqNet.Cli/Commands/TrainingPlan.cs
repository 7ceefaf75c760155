using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary>Merges a problem file's <c>model</c> and <c>training</c> sections with command-line flags (flags win).</summary>
internal static class TrainingPlan
{
    public static TrainingOptions Options(Problem problem, double? budget, int? steps, int? seed, int threads)
    {
        var options = new TrainingOptions
        {
            TimeBudgetSeconds = budget ?? problem.Training.TimeBudget ?? 60,
            MaxSteps = steps ?? problem.Training.Steps,
            Seed = seed ?? problem.Training.Seed ?? 1,
            Threads = threads > 0 ? threads : problem.Training.Threads ?? 0,
        };
        if (options.TimeBudgetSeconds <= 0) throw new UserInputException($"--time-budget must be positive, not {options.TimeBudgetSeconds}");
        if (options.MaxSteps is < 1) throw new UserInputException($"--steps must be at least 1, not {options.MaxSteps}");
        if (problem.Model.Hidden is { } hidden) options = options with { Hidden = hidden };
        if (problem.Training.Batch is { } batch) options = options with { TrainingPoints = batch };
        if (problem.Model.Activation is { } activation && !activation.Equals("tanh", StringComparison.OrdinalIgnoreCase))
            throw new ProblemException(problem.SourcePath, 0, "model.activation", $"'{activation}' is not available; EqNet's networks use tanh (smooth, which Levenberg-Marquardt needs). Remove the key or write 'tanh'.");
        return options;
    }
}
