using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>Merges a problem file's <c>model</c> and <c>training</c> sections with the caller's overrides (overrides win).</summary>
public static class TrainingPlan
{
    /// <summary>Budget when neither the caller nor the file gives one, in seconds.</summary>
    public const double DefaultTimeBudgetSeconds = 60;

    /// <summary>The options a run of <paramref name="problem"/> trains with.</summary>
    /// <exception cref="TrainingSetupException">An override is out of range (non-positive budget, fewer than 1 step, negative threads).</exception>
    /// <exception cref="ProblemException">The file asks for something training cannot do (an activation other than tanh).</exception>
    public static TrainingOptions Resolve(Problem problem, TrainingOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        overrides ??= TrainingOverrides.None;
        if (overrides.TimeBudgetSeconds is { } b && !(b > 0))
            throw new TrainingSetupException($"the time budget (--time-budget) must be a positive number of seconds, not {b}");
        if (overrides.MaxSteps is < 1)
            throw new TrainingSetupException($"the step limit (--steps) must be at least 1, not {overrides.MaxSteps}");
        if (overrides.Threads is < 0)
            throw new TrainingSetupException($"the thread count (--threads) must be 0 (one per core) or more, not {overrides.Threads}");
        var options = new TrainingOptions
        {
            TimeBudgetSeconds = overrides.TimeBudgetSeconds ?? problem.Training.TimeBudget ?? DefaultTimeBudgetSeconds,
            MaxSteps = overrides.MaxSteps ?? problem.Training.Steps,
            Seed = overrides.Seed ?? problem.Training.Seed ?? 1,
            Threads = overrides.Threads is > 0 ? overrides.Threads.Value : problem.Training.Threads ?? 0,
            Structure = overrides.Structure ?? problem.Model.Structure ?? StructureMode.Auto,
        };
        if (overrides.ResumeFrom is { } folder) options = options with { InitialModel = ResumePoint(problem, folder), ResumedFrom = folder };
        if (overrides.From is not null && overrides.ResumeFrom is not null)
            throw new TrainingSetupException("--from and --resume do not go together: --resume continues a stopped run of this problem, --from grows a model of an earlier version of it");
        if (overrides.FineTune && overrides.From is null)
            throw new TrainingSetupException("--fine-tune goes with --from MODEL (it lets the kept outputs' parts train further)");
        if (overrides.From is { } from)
            options = options with { GrowFrom = Growth.Plan(problem, ModelFile.Load(from), from, Growth.ChecksumOf(from), overrides.FineTune) };
        if (problem.Model.Hidden is { } hidden) options = options with { Hidden = hidden };
        if (problem.Model.Tearing is { } tearing) options = options with { Tearing = tearing };
        if (problem.Model.NewtonSteps is { } newtonSteps) options = options with { NewtonSteps = newtonSteps };
        if (problem.Training.Batch is { } batch) options = options with { TrainingPoints = batch };
        if (problem.Model.Activation is { } activation && !activation.Equals("tanh", StringComparison.OrdinalIgnoreCase))
            throw new ProblemException(problem.SourcePath, 0, "model.activation", $"'{activation}' is not available; EqNet's networks use tanh (smooth, which Levenberg-Marquardt needs). Remove the key or write 'tanh'.");
        return options;
    }

    /// <summary>The model a stopped run left in <paramref name="folder"/>, checked against <paramref name="problem"/>.</summary>
    private static EqNetModel ResumePoint(Problem problem, string folder)
    {
        string path = Path.Combine(folder, TrainingRun.ModelFileName);
        if (!File.Exists(path))
            throw new TrainingSetupException($"--resume {folder}: no {TrainingRun.ModelFileName} there to continue from; give the --out folder of the stopped run.");
        var model = ModelFile.Load(path);
        if (!model.InputNames.SequenceEqual(problem.InputNames) || !model.OutputNames.SequenceEqual(problem.Outputs.Select(o => o.Name)))
            throw new TrainingSetupException($"--resume {folder}: that model was trained for '{model.Problem.Name}' ({string.Join(", ", model.InputNames)} -> " +
                $"{string.Join(", ", model.OutputNames)}), not for this problem.");
        return model;
    }
}
