using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Sampling;

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

    /// <summary>
    /// Hidden width of the default network when the magnitude has a unit for each term of a sum (see
    /// <see cref="AdditiveUnits"/>): the units carry the law, the MLPs only a correction, and a wide MLP over many features
    /// (about 2,600 parameters a sub-network for kinetic-energy-32) fits the 4,000 training points instead of the law.
    /// At 2 the fit stays within exact steps at 60 s (kinetic-energy-32: about 600 parameters, sum-of-squares-64: 1,400).
    /// </summary>
    public const int AdditiveWidth = 2;

    /// <summary>
    /// Hidden widths: the given ones, or [clamp(inputs, 16, 64), 16], or [<see cref="AdditiveWidth"/>] where
    /// <paramref name="additive"/> (each term of a sum has its own log-sum-exp unit).
    /// </summary>
    public static IReadOnlyList<int> Hidden(Problem problem, TrainingOptions options, bool additive = false) =>
        options.Hidden ?? (additive ? [AdditiveWidth] : [Math.Clamp(problem.Inputs.Count, MinWidth, MaxWidth), MinWidth]);

    /// <summary>
    /// Narrowest layer an implicit system's default network shrinks to (see <see cref="WithinExactSteps"/>): the planar
    /// arm at [8, 8] did as well as at [12, 12] in the same time, and narrower layers have not been measured.
    /// </summary>
    public const int MinImplicitWidth = 8;

    /// <summary>
    /// For an implicit or coupled system's default network: the hidden widths, each narrowed one at a time (to at
    /// least <see cref="MinImplicitWidth"/>) until the fit takes exact steps. Its outputs are coupled through the
    /// equations, so one residual fit moves every parameter, and the conjugate-gradient steps a larger fit gets make
    /// little progress there. Planar arm (6 inputs, 3 outputs), 120 s at three runs a core: [16, 16] (2,019
    /// parameters, conjugate-gradient steps) p99 6.3e-2, median 6.9e-3; [12, 12] (1,371, exact) 2.6e-2, 2.7e-3;
    /// [8, 8] (819, exact) 2.7e-2, 3.2e-3.
    /// </summary>
    /// <param name="hidden">The default widths.</param>
    /// <param name="parameterCount">The fit's parameter count at given widths.</param>
    /// <param name="options">The run's settings (the budget sets the exact-step limit).</param>
    public static IReadOnlyList<int> WithinExactSteps(IReadOnlyList<int> hidden, Func<IReadOnlyList<int>, int> parameterCount, TrainingOptions options)
    {
        var widths = hidden.ToArray();
        while (!Exact(parameterCount(widths), options) && widths.Any(w => w > MinImplicitWidth))
            widths = widths.Select(w => Math.Max(MinImplicitWidth, Math.Min(w, widths.Max() - 1))).ToArray();
        return widths;
    }

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

    /// <summary>
    /// One line for the design print-out of <paramref name="model"/>: as <see cref="Describe(int, TrainingOptions)"/> for
    /// the parameters the fits move, and, where a sum's log-sum-exp units hold weights at zero (see
    /// <see cref="AdditiveUnits"/>), how many and why.
    /// </summary>
    public static string Describe(EqNetModel model, TrainingOptions options)
    {
        var problem = model.Problem;
        const int count = 2000;
        var sample = new DomainSampler(problem).Sample(count, options.Seed);
        int held = AdditiveUnits.Of(problem, sample, count).Frozen(model.Network, model.Features).Sum(r => r.Length);
        int moving = model.Network.ParameterCount - held;
        return held == 0
            ? Describe(moving, options)
            : $"{moving:N0} of them move: a sum of {model.Network.LogSumExpUnitCount} monomials, one log-sum-exp unit a term over its inputs' log features (the other {held:N0} weights held at 0); {Describe(moving, options)}";
    }

    /// <summary>One line for the design print-out: the method and why.</summary>
    public static string Describe(int parameterCount, TrainingOptions options)
    {
        int limit = ExactLimit(options);
        return Exact(parameterCount, options)
            ? $"trained by Levenberg-Marquardt (exact steps: {parameterCount:N0} parameters <= {limit:N0}, what a step affords in {options.TimeBudgetSeconds:0.#} s)"
            : $"trained by Levenberg-Marquardt with conjugate-gradient steps ({parameterCount:N0} parameters > {limit:N0}, the most whose normal matrix a step affords in {options.TimeBudgetSeconds:0.#} s; fits at or below it take exact steps)";
    }
}
