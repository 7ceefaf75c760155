using EqNet.Optimization;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// The default network's size, from the problem's inputs, and how Levenberg-Marquardt solves each fit's steps, from what
/// a step costs within the budget: directly (points x parameters^2 for the normal matrix) for small fits, by conjugate
/// gradients (points x parameters per product) above that.
/// </summary>
public static class NetworkSizing
{
    /// <summary>Narrowest first layer and the width of the second: [16, 16] reaches 1e-5 to 1e-8 on the examples.</summary>
    public const int MinWidth = 16;

    /// <summary>
    /// Widest first layer. A first layer narrower than the inputs sees only a projection of them, so a law that depends
    /// on each input in its own way (a sum of squares of 64 inputs) cannot be represented: the width follows the inputs
    /// up to this, where the inexact step's products (points x parameters) still allow a few hundred steps in 60 s.
    /// </summary>
    public const int MaxWidth = 64;

    /// <summary>
    /// Float64 multiply-adds per second the exact step's normal matrix gets: its AVX2 kernel runs at about 7.5 GFLOP/s on
    /// one core, and the machines EqNet runs on are shared.
    /// </summary>
    private const double Throughput = 3e9;

    /// <summary>Steps a fit should get within its budget; the examples' fits take 100 to 500.</summary>
    private const int MinimumSteps = 30;

    /// <summary>Fits this small always take exact steps: the examples' networks (300 to 1,500 parameters) at any budget.</summary>
    public const int AlwaysExact = 1500;

    /// <summary>Hidden widths: the given ones, or [clamp(inputs, 16, 64), 16].</summary>
    public static IReadOnlyList<int> Hidden(Problem problem, TrainingOptions options) =>
        options.Hidden ?? [Math.Clamp(problem.Inputs.Count, MinWidth, MaxWidth), MinWidth];

    /// <summary>
    /// Largest fit (in parameters) that takes exact Levenberg-Marquardt steps: one whose normal matrix, formed
    /// <see cref="MinimumSteps"/> times, fits in the budget, at least <see cref="AlwaysExact"/> and at most
    /// <see cref="TrainingOptions.MaxParameters"/>.
    /// </summary>
    public static int ExactLimit(TrainingOptions options)
    {
        double affordable = Math.Sqrt(options.TimeBudgetSeconds * Throughput / ((double)options.TrainingPoints * MinimumSteps));
        return (int)Math.Min(options.MaxParameters, Math.Max(AlwaysExact, affordable));
    }

    /// <summary>Whether a fit of <paramref name="parameterCount"/> parameters takes exact steps.</summary>
    public static bool Exact(int parameterCount, TrainingOptions options) => parameterCount <= ExactLimit(options);

    /// <summary>
    /// Initial damping relative to the largest curvature (Nielsen's tau). Seed, 300 fixed steps, with the /3 and x4 update:
    /// held-out p99 2.0e-7 at tau 1e-4, 1.1e-8 at 1e-6, 8.6e-9 at 1e-9, 9.6e-9 at 1e-12: the pre-fit starts close to its
    /// solution, where a large start spends iterations undamping.
    /// </summary>
    internal const double InitialDamping = 1e-9;

    /// <summary>The Levenberg-Marquardt solver for a fit of <paramref name="parameterCount"/> parameters: direct or conjugate-gradient steps.</summary>
    internal static LevenbergMarquardt Solver(int parameterCount, TrainingOptions options) => new(new LevenbergMarquardtOptions
    {
        Threads = options.Threads,
        InitialDampingScale = InitialDamping,
        StepSolver = Exact(parameterCount, options) ? DampedStepSolver.Direct : DampedStepSolver.ConjugateGradient,
    });

    /// <summary>One line for the design print-out: the method and why.</summary>
    public static string Describe(int parameterCount, TrainingOptions options)
    {
        int limit = ExactLimit(options);
        return Exact(parameterCount, options)
            ? $"trained by Levenberg-Marquardt (exact steps: {parameterCount:N0} parameters <= {limit:N0}, what a step affords in {options.TimeBudgetSeconds:0.#} s)"
            : $"trained by Levenberg-Marquardt with conjugate-gradient steps ({parameterCount:N0} parameters > {limit:N0}, the most whose normal matrix a step affords in {options.TimeBudgetSeconds:0.#} s; fits at or below it take exact steps)";
    }
}
