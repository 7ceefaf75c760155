using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Structure;
using EqNet.Symbolic;

namespace EqNet.Training;

/// <summary>
/// Training under a system's structure: where <see cref="Tearing"/> finds an algebraic loop, the network is trained on
/// the <see cref="ReducedProblem"/> (the learned unknowns and the residual equations) with the trainer unchanged, and the
/// model it returns computes the other unknowns from their equations after the network's outputs.
/// </summary>
internal static class StructuredTraining
{
    /// <summary>
    /// The structure a run of <paramref name="problem"/> trains under, or null to train it as it is: tearing off, no loop,
    /// or a model to continue from that was trained without it. <paramref name="system"/>: the problem compiled, when at hand.
    /// </summary>
    public static SystemStructure? Of(Problem problem, TrainingOptions options, CompiledSystem? system = null)
    {
        if (!options.Tearing || !options.ReadsEquations || problem.Equations.Count == 0 || problem.Parameters.Count > 0) return null;
        var structure = Tearing.Of(problem);
        if (!structure.Applies) return null;
        structure = Conditioned(problem, structure, options.Seed, system ?? new CompiledSystem(problem));
        if (structure is null) return null;
        if (options.InitialModel is { } initial && !(initial.Computed?.Learned.SequenceEqual(structure.Learned, StringComparer.Ordinal) ?? false)) return null;
        return structure;
    }

    /// <summary>Points of the domain the computed sequence is checked at: enough for a 1 % tail, a fraction of a second of Newton.</summary>
    private const int CheckPoints = 200;

    /// <summary>
    /// Most a relative error of the torn unknowns may grow through the computed sequence (p99 over the check points). A
    /// network's torn unknowns are good to about 1e-7; past 1e3 the computed ones would lose more digits than the
    /// network has (a chain of diode exponentials grows an error 1e4-fold per step, and overflows).
    /// </summary>
    private const double MaxGrowth = 1e3;

    /// <summary>Relative error of the torn unknowns early in training (a network's first steps are off by 1e-1 to 1e-2).</summary>
    private const double TrainingError = 1e-1;

    /// <summary>Share of the check points at which a computed unknown may leave its declared bounds into NaN under <see cref="TrainingError"/>: the 1 % tail.</summary>
    private const double MaxOutsideShare = 0.01;

    /// <summary>
    /// The structure, re-torn until its computed sequence is well-conditioned near the solutions, or null when no such
    /// tearing leaves an unknown computed, or when an implicit output has a closed form (<see cref="ClosedFormRoots"/>). At points Newton solves, the sequence from the exact torn unknowns must give
    /// the solution (a wrong branch of an inverse does not), and a relative change of the torn unknowns must not grow
    /// by more than <see cref="MaxGrowth"/> in a computed one; the first computed unknown that fails is torn instead.
    /// </summary>
    private static SystemStructure? Conditioned(Problem problem, SystemStructure structure, int seed, CompiledSystem system)
    {
        var inputs = new DomainSampler(problem).Sample(CheckPoints, seed + 4127);
        var solved = new NewtonSolver(system).Solve(inputs, CheckPoints);
        // Outputs the equations give in closed form keep that design (exact to rounding): tearing would trade it for a network.
        var (_, roots) = ClosedFormRoots.Of(problem, inputs, CheckPoints, new ExplicitDefinitions(problem).ExplicitNames, solved, system);
        if (roots.Any(r => r is not null)) return null;
        var rows = Enumerable.Range(0, CheckPoints).Where(solved.Found).ToArray();
        // Without solutions to compare with, the structure stands as the equations give it.
        if (rows.Length < CheckPoints / 10) return structure;
        var forced = new HashSet<string>(StringComparer.Ordinal);
        while (structure.Applies)
        {
            var (bad, steepest) = FirstIllConditioned(system, structure, inputs, solved.Solutions, rows);
            bad ??= NewtonBasinShrinks(system, structure, inputs, solved.Solutions, rows, seed) ? steepest : null;
            if (bad is null) return structure;
            forced.Add(bad);
            structure = Tearing.Of(problem, forced);
        }
        return null;
    }

    /// <summary>
    /// Relative error of the unknowns the basin check starts Newton from, about a network's early in training on these
    /// systems. Measured on the public systems (200 points): only the diode ladder's torn system misses more than the whole
    /// (15 against 0), while the catenary's and the CSTR's torn systems miss fewer (20 against 27, 0 against 48).
    /// </summary>
    private const double StartError = 1e-1;

    /// <summary>Steps the basin check allows, as the automatic choice of a model's Newton steps would.</summary>
    private const int BasinSteps = 20;

    /// <summary>
    /// Whether Newton's steps on the torn system converge from starts a network gives at clearly fewer points than on the
    /// whole system: a computed unknown that amplifies the torn ones' error into an exponential (a diode ladder's node
    /// voltage computed from a difference of its neighbours) leaves the torn system's residuals flat and Newton stuck,
    /// where each equation of the whole system stays local.
    /// </summary>
    private static bool NewtonBasinShrinks(CompiledSystem system, SystemStructure structure, double[] inputs, double[] solutions, int[] rows, int seed)
    {
        var problem = system.Problem;
        var computed = Outputs(problem, structure);
        int d = problem.Inputs.Count, o = problem.Outputs.Count, n = rows.Length;
        var x = new double[n * d];
        var whole = new double[n * o];
        var random = new Random(seed + 6151);
        for (int r = 0; r < n; r++)
        {
            Array.Copy(inputs, rows[r] * d, x, r * d, d);
            for (int j = 0; j < o; j++)
            {
                double y = solutions[rows[r] * o + j];
                whole[r * o + j] = y * (1 + (random.Next(2) == 0 ? -StartError : StartError));
            }
        }
        var learnedAt = computed.Learned.Select(name => problem.OutputNames.ToList().IndexOf(name)).ToArray();
        var torn = new double[n * learnedAt.Length];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < learnedAt.Length; k++) torn[r * learnedAt.Length + k] = whole[r * o + learnedAt[k]];
        int wholeMissed = NewtonPolish.Run(system, x, n, whole, BasinSteps, NewtonRefinement.Tolerance * 100).NotConverged;
        var reduced = new CompiledSystem(NewtonRefinement.SystemOf(problem, computed));
        int tornMissed = NewtonPolish.Run(reduced, x, n, torn, BasinSteps, NewtonRefinement.Tolerance * 100).NotConverged;
        return tornMissed > wholeMissed + MaxOutsideShare * n;
    }

    /// <summary>
    /// The first computed unknown (in evaluation order) that misses the solution or grows the torn unknowns' error too much
    /// (null when none does), and the one that grows it most.
    /// </summary>
    private static (string? Bad, string Steepest) FirstIllConditioned(CompiledSystem system, SystemStructure structure, double[] inputs, double[] solutions, int[] rows)
    {
        var problem = system.Problem;
        var computed = Outputs(problem, structure);
        int d = problem.Inputs.Count, o = problem.Outputs.Count, e = problem.Equations.Count, l = computed.Learned.Count, n = rows.Length;
        var outputIndex = problem.OutputNames.Select((name, j) => (name, j)).ToDictionary(p => p.name, p => p.j, StringComparer.Ordinal);
        var x = new double[n * d];
        var exact = new double[n * l];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(inputs, rows[r] * d, x, r * d, d);
            for (int k = 0; k < l; k++) exact[r * l + k] = solutions[rows[r] * o + outputIndex[computed.Learned[k]]];
        }
        // A relative change of 1e-8 (against the unknown's median size where it crosses zero), alternating in sign.
        const double delta = 1e-8;
        var typical = Enumerable.Range(0, l).Select(k => Scale(Enumerable.Range(0, n).Select(r => exact[r * l + k]).ToArray())).ToArray();
        var moved = new double[n * l];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < l; k++)
                moved[r * l + k] = exact[r * l + k] + ((r + k) % 2 == 0 ? 1 : -1) * delta * Math.Max(Math.Abs(exact[r * l + k]), typical[k]);
        var atExact = new double[n * o];
        var atMoved = new double[n * o];
        computed.Evaluate(x, exact, n, atExact);
        computed.Evaluate(x, moved, n, atMoved);
        // The same pattern at the size of a network's error early in training: a computed unknown must stay within its
        // declared bounds there (a flow computed as a difference of two learned ones turns negative and a power of it NaN).
        // A bounded network output errs relative to its distance from the bound (its head is min + exp(m)).
        var learnedSpecs = computed.Learned.Select(name => problem.Outputs[outputIndex[name]]).ToArray();
        var coarse = new double[n * l];
        for (int r = 0; r < n; r++)
            for (int k = 0; k < l; k++)
            {
                double y = exact[r * l + k], sign = (r + k) % 2 == 0 ? 1 : -1;
                var bounds = learnedSpecs[k];
                double size = bounds.Min is { } low ? y - low : bounds.Max is { } high ? high - y : Math.Max(Math.Abs(y), typical[k]);
                coarse[r * l + k] = y + sign * TrainingError * size;
            }
        var atCoarse = new double[n * o];
        computed.Evaluate(x, coarse, n, atCoarse);
        var (_, slopeExact) = Linearised(system, x, atExact, n);
        var (residualsCoarse, slopeCoarse) = Linearised(system, x, atCoarse, n);
        var (steepest, steepestGrowth) = (computed.Steps[0].Name, double.NegativeInfinity);
        foreach (var step in computed.Steps)
        {
            int j = outputIndex[step.Name];
            double size = Scale([.. rows.Select(row => solutions[row * o + j])]);
            var miss = new double[n];
            var growth = new double[n];
            for (int r = 0; r < n; r++)
            {
                double reference = solutions[rows[r] * o + j], scale = Math.Max(Math.Abs(reference), size);
                miss[r] = Math.Abs(atExact[r * o + j] - reference) / scale;
                growth[r] = Math.Abs(atMoved[r * o + j] - atExact[r * o + j]) / scale / delta;
                if (!double.IsFinite(miss[r])) miss[r] = double.PositiveInfinity;
                if (!double.IsFinite(growth[r])) growth[r] = double.PositiveInfinity;
            }
            // Newton's solutions are good to about 1e-9 relative; a wrong branch misses by O(1).
            double p99 = Percentile99(growth);
            if (Percentile99(miss) > 1e-6 || p99 > MaxGrowth) return (step.Name, step.Name);
            // The unknown's slope in its own equation changes sign under the early network's error: it is computed by
            // dividing by a factor that passes through zero near the root (a power flow's V3 over rx cos(dth) - sin(dth),
            // an ellipse's x over 1 + lam/a^2), a pole its finite values on either side never show as NaN.
            int slope = step.Equation * o + j, flips = 0;
            for (int r = 0; r < n; r++)
                if (slopeExact[r * e * o + slope] * slopeCoarse[r * e * o + slope] < 0) flips++;
            if (flips > MaxOutsideShare * n) return (step.Name, step.Name);
            if (p99 > steepestGrowth) (steepest, steepestGrowth) = (step.Name, p99);
        }
        return (OutsideDomain(problem, computed, atCoarse, residualsCoarse, n), steepest);
    }

    /// <summary>The residuals (n x equations) and d(residual)/d(output) (n x equations x outputs) at the points.</summary>
    private static (double[] Residuals, double[] Slopes) Linearised(CompiledSystem system, double[] inputs, double[] outputs, int n)
    {
        int e = system.EquationCount, o = system.OutputCount;
        var residuals = new double[n * e];
        var slopes = new double[n * e * o];
        system.Evaluate(system.Join(inputs, outputs, n), n, residuals, new double[n * e], default, slopes);
        return (residuals, slopes);
    }

    /// <summary>
    /// The computed unknown that most often leaves its declared bounds where an equation it appears in turns non-finite
    /// (at more than <see cref="MaxOutsideShare"/> of the points <paramref name="outputs"/> holds, whose residuals
    /// <paramref name="residuals"/> holds), or null.
    /// </summary>
    private static string? OutsideDomain(Problem problem, ComputedOutputs computed, double[] outputs, double[] residuals, int n)
    {
        int e = problem.Equations.Count, o = problem.Outputs.Count;
        var counts = new int[computed.Steps.Count];
        for (int r = 0; r < n; r++)
            for (int s = 0; s < computed.Steps.Count; s++)
            {
                int j = problem.OutputNames.ToList().IndexOf(computed.Steps[s].Name);
                var spec = problem.Outputs[j];
                double value = outputs[r * o + j];
                bool outside = !double.IsFinite(value) || spec.Min is { } min && value < min || spec.Max is { } max && value > max;
                if (outside && Enumerable.Range(0, e).Any(k => !double.IsFinite(residuals[r * e + k]) && problem.Equations[k].Outputs.Contains(spec.Name))) counts[s]++;
            }
        int worst = Array.IndexOf(counts, counts.Max());
        return counts.Length > 0 && counts[worst] > MaxOutsideShare * n ? computed.Steps[worst].Name : null;
    }

    /// <summary>
    /// The size an unknown's error is judged against, as its root error is (<see cref="RootErrorScale"/>): the median
    /// |value| for one that crosses zero, else 0, so that each value is its own scale: a species fraction over ten
    /// decades computed as a difference of learned ones loses its small values' digits, which a median scale hides.
    /// </summary>
    private static double Scale(double[] values) => RootErrorScale.Choose(values).Scale;

    private static double Percentile99(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(0.99 * sorted.Length))];
    }

    /// <summary>The computed outputs of <paramref name="problem"/> under <paramref name="structure"/>, each with how it is produced.</summary>
    public static ComputedOutputs Outputs(Problem problem, SystemStructure structure)
    {
        var steps = structure.Computed.Select(s => (s.Unknown, s.Equation, s.Value)).ToArray();
        return new(problem.InputNames, problem.OutputNames, structure.Learned,
            [.. structure.Computed.Select((s, k) => new ComputedOutput(s.Unknown, s.Equation, s.Value, ComputedOutputs.Sentence(structure.Learned, steps, k)))]);
    }

    /// <summary>The reduced problem's network as a model of the whole problem.</summary>
    public static EqNetModel Whole(EqNetModel learned, Problem problem, ComputedOutputs computed) =>
        new(problem, learned.Features, learned.Network, learned.Parameters, computed, learned.NetworkStructure) { GrownFrom = learned.GrownFrom, Corrections = learned.Corrections };

    /// <summary>A whole model's network as a model of the reduced problem (to continue training it).</summary>
    public static EqNetModel Learned(EqNetModel whole, Problem reduced) => new(reduced, whole.Features, whole.Network, whole.Parameters, structure: whole.NetworkStructure);
}
