using System.Globalization;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Training;

/// <summary>
/// Chooses a trained model's <see cref="NewtonRefinement"/>: whether Newton steps on the equations follow the network,
/// and how many, measured on points of the domain the model has not trained on.
/// </summary>
internal static class NewtonStepsChoice
{
    /// <summary>
    /// Most steps the automatic choice tries. From a network good to 1e-3 Newton reaches rounding in three or four steps;
    /// near a singular Jacobian it converges linearly (the catenary's small slacks: about halving a step, 20 steps from
    /// 1e-3 to 1e-14). A point stops at rounding, so a larger count costs only at the points that need it.
    /// </summary>
    public const int MaxAutomaticSteps = ModelSettings.MaxNewtonSteps;

    /// <summary>Points the choice is measured at: a 1 % tail of 20 points, a fraction of a second of Newton.</summary>
    private const int Points = 2000;

    /// <summary>
    /// Steps kept per step the measurement needed: the worst of 2,000 starts is not the domain's worst, and a point stops
    /// at rounding, so spare steps cost only where they are needed (the diode ladder: 10 steps measured, 16 of 100,000
    /// held-out points short after 10 steps, none after 20).
    /// </summary>
    private const int Headroom = 2;

    /// <summary>
    /// The refinement for <paramref name="model"/>, or null. Automatic (<see cref="TrainingOptions.NewtonSteps"/> null)
    /// only where the structure is read and every output the network predicts is an unknown no equation gives explicitly
    /// (a torn system's iterated unknowns, an implicit equation without a closed form): the network is then the start of
    /// the solve it replaces. The count is <see cref="Headroom"/> times the fewest steps whose held-out p99 residual is
    /// within 2x of the best of 0 to <see cref="MaxAutomaticSteps"/> and whose largest residual is within 2x of the best
    /// largest (the worst point decides as much as the typical one), at most <see cref="MaxAutomaticSteps"/>; none when
    /// the steps lower neither the p99 nor the median tenfold.
    /// </summary>
    public static NewtonRefinement? Of(EqNetModel model, TrainingOptions options)
    {
        var problem = model.Problem;
        if (options.NewtonSteps == 0 || problem.Equations.Count == 0 || problem.Parameters.Count > 0 || problem.Data.File is not null) return null;
        if (options.NewtonSteps is { } steps)
            return new NewtonRefinement(problem, model.Computed, steps, $"newton_steps: {steps} in the problem file");
        if (!options.ReadsEquations || !Implicit(model)) return null;

        var inputs = new DomainSampler(problem).Sample(Points, options.Seed + 7919);
        var network = model.WithoutRefinement();
        var candidate = new NewtonRefinement(problem, model.Computed, MaxAutomaticSteps, "");
        var y = LearnedOutputs(network, inputs, Points);
        var p99 = new List<double>();
        var max = new List<double>();
        var median = new List<double>();
        for (int k = 0; k <= MaxAutomaticSteps; k++)
        {
            // One more step from where k - 1 steps left every point: a point's steps depend only on where it stands,
            // so this is the run of k steps from the network, without repeating the first k - 1.
            var residuals = NewtonPolish.Run(candidate.Compiled, inputs, Points, y, k == 0 ? 0 : 1, NewtonRefinement.Tolerance).Residuals;
            p99.Add(Percentile(residuals, 0.99));
            median.Add(Percentile(residuals, 0.5));
            max.Add(residuals.Max());
            // Every point at rounding: more steps cannot do better.
            if (max[k] <= NewtonRefinement.Tolerance) break;
        }
        double bestP99 = p99.Min(), bestMax = max.Min();
        int chosen = Enumerable.Range(0, p99.Count).First(k => p99[k] <= 2 * bestP99 && max[k] <= 2 * bestMax || k == p99.Count - 1);
        static string Figures(IEnumerable<double> values) => string.Join(", ", values.Select(p => p.ToString("0.0e0", CultureInfo.InvariantCulture)));
        // Steps never leave a point worse, so they pay when they lower the typical point's residual tenfold even where
        // a poor network's tail stays out of Newton's basin.
        if (chosen == 0 || !(bestP99 * 10 <= p99[0] || median.Min() * 10 <= median[0])) return null;
        int kept = Math.Min(MaxAutomaticSteps, Headroom * chosen);
        return candidate.WithSteps(kept,
            $"{(kept == chosen ? "" : $"{Headroom}x ")}the fewest steps within 2x of the best held-out p99 and max residual (after 0 to {p99.Count - 1} steps on {Points:N0} points: p99 {Figures(p99)}; max {Figures(max)})");
    }

    /// <summary>Whether no output the network predicts is given explicitly by an equation, nor read as a closed form or factor.</summary>
    private static bool Implicit(EqNetModel model)
    {
        if (model.NetworkStructure.Any(s => s.Kind != OutputStructureKind.Network)) return false;
        var definitions = new ExplicitDefinitions(model.Problem);
        return model.NetworkStructure.All(s => !definitions.ExplicitNames.Contains(s.Output));
    }

    /// <summary>The network's outputs (row-major count x learned) at <paramref name="inputs"/>, before any computed output.</summary>
    private static double[] LearnedOutputs(EqNetModel network, double[] inputs, int count)
    {
        var all = network.Predict(inputs, count);
        if (network.Computed is not { } computed) return all;
        int o = network.OutputCount, l = computed.Learned.Count;
        var at = computed.Learned.Select(name => network.OutputNames.ToList().IndexOf(name)).ToArray();
        var learned = new double[count * l];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < l; k++) learned[i * l + k] = all[i * o + at[k]];
        return learned;
    }

    private static double Percentile(double[] values, double share)
    {
        var sorted = values.Select(v => double.IsNaN(v) ? double.PositiveInfinity : v).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(share * sorted.Length))];
    }
}
