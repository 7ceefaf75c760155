using System.Diagnostics;
using EqNet.Evaluation;
using EqNet.Expressions;
using EqNet.Features;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Symbolic;

namespace EqNet.Training;

/// <summary>
/// Trains a model for a problem: magnitude pre-fit, then joint Levenberg-Marquardt in float64 on term-scale-normalised
/// residuals, with training points refreshed (part fresh, part hardest of a larger pool) and the best checkpoint kept by
/// held-out p99. See docs/decisions/0002-magnitude-shape-model.md for why.
/// </summary>
public static class Trainer
{
    /// <summary>Most Levenberg-Marquardt iterations the magnitude pre-fit takes; it converges well before.</summary>
    private const int MagnitudeIterations = 200;

    /// <summary>Iterations each candidate start of a magnitude gets before the best is chosen.</summary>
    private const int StartIterations = 15;

    /// <summary>
    /// Mean squared misfit (log units) at which a magnitude's pre-fit stops: an rms of 3e-9 relative error, below the
    /// held-out p99 a full seed run reaches (about 6e-9), so further digits are not kept by the joint fit. The seed's
    /// pre-fit reached 1e-17 after about 5 s and then ran on to 13 s chasing the old floor of 1e-20.
    /// </summary>
    private const double MagnitudeFloor = 1e-17;


    /// <summary>
    /// Most of a timed run's wall-clock time validation may take. A 40-parameter law on 300 points spent 77 s of 120 in
    /// validation (20,000 points every 10 steps of 0.4 ms); the examples' networks spend 2 to 5 %.
    /// </summary>
    private const double ValidationShare = 0.1;

    /// <summary>A block rests while its held-out p99 is below this fraction of the worst block's.</summary>
    private const double RestingRatio = 0.02;

    /// <summary>
    /// Trains until the held-out error converges (<see cref="ConvergenceRule"/>), the time budget or step limit is spent,
    /// the loss stays non-finite, or <paramref name="cancellation"/> fires; returns the best checkpoint.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Run settings.</param>
    /// <param name="progress">Called with each history line (validation steps carry the held-out error).</param>
    /// <param name="checkpoint">Called with a new best model, at most every few seconds, so a killed run loses little.</param>
    /// <param name="cancellation">Stops the run early; the best checkpoint so far is returned.</param>
    public static TrainingResult Train(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress = null,
        Action<EqNetModel>? checkpoint = null, CancellationToken cancellation = default) =>
        Train(problem, options, null, progress, checkpoint, cancellation);

    /// <summary>
    /// <see cref="Train(Problem, TrainingOptions, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/> from a
    /// design already made (<see cref="TrainingDesign.Of"/>, say to print it first): its tearing, compiled system, sample,
    /// features and network are used as they are, not made again. Same seed, same model as from the problem alone.
    /// </summary>
    /// <param name="design">The design, with the problem and settings it was made for.</param>
    /// <param name="progress">Called with each history line (validation steps carry the held-out error).</param>
    /// <param name="checkpoint">Called with a new best model, at most every few seconds, so a killed run loses little.</param>
    /// <param name="cancellation">Stops the run early; the best checkpoint so far is returned.</param>
    public static TrainingResult Train(TrainingDesign design, Action<TrainingProgress>? progress = null,
        Action<EqNetModel>? checkpoint = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        return Train(design.Problem, design.Options, design, progress, checkpoint, cancellation);
    }

    private static TrainingResult Train(Problem problem, TrainingOptions options, TrainingDesign? design, Action<TrainingProgress>? progress,
        Action<EqNetModel>? checkpoint, CancellationToken cancellation)
    {
        if (problem.IsDataOnly) return DataTraining.Train(problem, options, progress, checkpoint, cancellation);
        if (problem.DataOutputs.Count > 0) return DataTraining.TrainMixed(problem, options, progress, checkpoint, cancellation);
        var result = TrainNetwork(problem, options, progress, checkpoint, cancellation, design);
        return result with { Model = result.Model.WithRefinement(NewtonStepsChoice.Of(result.Model, options)) };
    }

    /// <summary>The equations' part of a mixed problem (<see cref="DataTraining.TrainMixed"/>): <see cref="Train(Problem, TrainingOptions, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/> without the Newton steps.</summary>
    internal static TrainingResult TrainEquations(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress, CancellationToken cancellation) =>
        TrainNetwork(problem, options, progress, null, cancellation);

    /// <summary>
    /// <see cref="Train(Problem, TrainingOptions, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/> up to the network (and its correction stages and computed outputs), before the Newton steps are
    /// chosen; from <paramref name="design"/> when one was made for these settings.
    /// </summary>
    private static TrainingResult TrainNetwork(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress,
        Action<EqNetModel>? checkpoint, CancellationToken cancellation, TrainingDesign? design = null)
    {
        if ((design is null ? StructuredTraining.Of(problem, options) : design.Torn) is { } structure)
        {
            var reduced = design?.Reduced?.Problem ?? Structure.ReducedProblem.Of(problem, structure);
            var computed = design?.Computed ?? StructuredTraining.Outputs(problem, structure);
            var inner = options.InitialModel is { } initial ? options with { InitialModel = StructuredTraining.Learned(initial, reduced) } : options;
            var result = TrainNetwork(reduced, inner with { Tearing = false }, progress,
                checkpoint is null ? null : m => checkpoint(StructuredTraining.Whole(m, problem, computed)), cancellation, design?.Reduced);
            return result with { Model = StructuredTraining.Whole(result.Model, problem, computed) };
        }
        var clock = Stopwatch.StartNew();
        var run = new Run(problem, options, progress, checkpoint, cancellation, clock, design);
        return run.Execute();
    }

    /// <summary>
    /// The features and the network a run with these settings would train (initial weights), without fitting: to show
    /// what EqNet chose before it starts. Same seed, same choice as <see cref="Train(Problem, TrainingOptions, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/>.
    /// </summary>
    public static EqNetModel Design(Problem problem, TrainingOptions options) => TrainingDesign.Of(problem, options).Model;

    /// <summary>The untrained model of a network design: initial weights, or a grown run's kept ones.</summary>
    internal static EqNetModel Untrained(Problem problem, TrainingOptions options, NetworkDesign design)
    {
        var (_, map, network, additive, outputs) = design;
        if (options.GrowFrom is { } growth)
        {
            var (grownMap, grownNetwork, grownParameters, _) = growth.Build(problem, map, network, options.Seed);
            return new EqNetModel(problem, grownMap, grownNetwork, grownParameters, structure: growth.Structure(grownNetwork, outputs)) { GrownFrom = growth.Origin };
        }
        var parameters = network.Initialize(options.Seed);
        additive.Restrict(network, map, parameters);
        return new EqNetModel(problem, map, network, parameters, structure: outputs);
    }

    /// <summary>
    /// Features from a sample of the training distribution (the first draw of <paramref name="random"/>), then the network
    /// (sized by <see cref="NetworkSizing"/>); refuses only one whose Jacobian would not fit in memory.
    /// </summary>
    internal static NetworkDesign Build(Problem problem, TrainingOptions options, CompiledSystem system, Random random)
    {
        var design = new TrainingSampler(problem).Sample(options.ValidationPoints, random);
        var definitions = new ExplicitDefinitions(problem);
        bool reads = options.ReadsEquations;
        var heads = problem.Outputs.Select(o => OutputHead.For(o.Name, o.Min, o.Max)).ToArray();
        var structure = heads.Select(h => h.Kind == OutputHeadKind.Free ? OutputStructure.Network(h.Name) : OutputStructure.Network(h.Name, "declared bounds")).ToArray();
        var (factors, logArguments) = reads && options.ZeroStructure
            ? ZeroStructureOf(problem, system, definitions, heads, structure, design, options.ValidationPoints, options.LogFactors, options.ClosedForms)
            : (new (Expr, int)?[heads.Length], []);
        var map = FeatureMap.Design(problem, design, options.ValidationPoints, logArguments, factors.OfType<(Expr, int)>().ToArray(), reads);
        // An output one product with periodic factors defines keeps the product head: see PeriodicEnvelope.
        var envelope = reads ? PeriodicEnvelope.Of(problem, design, options.ValidationPoints) : null;
        bool Enveloped(int j) => envelope?.Applies(j) == true && factors[j] is null;
        int[] Defining(int j) => definitions.DefiningEquation(j) is { } k ? [k + 1] : [];
        if (reads && options.DifferenceHeads)
            foreach (int j in SignChangingDefinitions(definitions, design, options.ValidationPoints, heads.Length).Where(j => !Enveloped(j)))
            {
                var before = heads[j];
                heads[j] = heads[j].AsDifference();
                // A factor found above takes the head over below: the structure stays the factor's.
                if (heads[j] != before && factors[j] is null) structure[j] = OutputStructure.Network(heads[j].Name, "difference of its positive and negative terms", Defining(j));
            }
        for (int j = 0; j < heads.Length; j++)
        {
            if (Enveloped(j))
            {
                var before = heads[j];
                heads[j] = heads[j].AsEnvelope();
                if (heads[j] != before) structure[j] = OutputStructure.Network(heads[j].Name, "envelope of its periodic factors", Defining(j));
            }
            else if (factors[j] is { } factor)
                heads[j] = heads[j].WithFactor(map.Features.ToList().FindIndex(f => f.Kind == FeatureKind.Factor && f.Bound == factor.Factor.ToString()));
        }
        if (reads && options.AffineHeads)
        {
            var spreads = AffineHeads.Of(system, heads, definitions.IsExplicit, design, options.ValidationPoints);
            for (int j = 0; j < heads.Length; j++)
            {
                if (spreads[j] is not { } spread) continue;
                var before = heads[j];
                heads[j] = heads[j].AsAffine(spread.Min, spread.Max);
                if (heads[j] != before) structure[j] = OutputStructure.Network(heads[j].Name, "affine head over the spread of its solutions");
            }
        }
        var upstream = ReferenceSolutions.Upstream(problem, design, options.ValidationPoints, reads && options.ChainOutputs);
        var subsets = reads ? ReferenceSolutions.FeatureSubsets(problem, definitions, map, upstream) : new IReadOnlyList<int>?[heads.Length];
        var denominators = heads.Select((_, j) => reads && definitions.IsExplicit(j) ? 0 : options.DenominatorUnits).ToArray();
        var additive = reads ? AdditiveUnits.Of(problem, design, options.ValidationPoints) : AdditiveUnits.None(problem);
        MagnitudeShapeNetwork Network(IReadOnlyList<int> hidden) => new(map.Count, hidden, additive.Units(options.PowerUnits), options.PowerTerms, heads, upstream, denominators,
            subsets, options.LearnedScales);
        var hidden = NetworkSizing.Hidden(problem, options, additive.Any);
        bool implicitOutputs = Enumerable.Range(0, heads.Length).Any(j => !definitions.IsExplicit(j));
        if (options.Hidden is null && implicitOutputs) hidden = NetworkSizing.WithinExactSteps(hidden, h => Network(h).ParameterCount, options);
        var network = Network(hidden);
        if ((long)network.ParameterCount * options.TrainingPoints * problem.Equations.Count > options.MaxJacobianEntries)
            throw new TrainingSetupException(
                $"the network would have {network.ParameterCount:N0} parameters (hidden [{string.Join(", ", network.Hidden)}], {problem.Outputs.Count} outputs); " +
                $"its Jacobian at {options.TrainingPoints:N0} points would exceed {options.MaxJacobianEntries:N0} values. " +
                "Use smaller hidden layers, e.g. model: {hidden: [16, 16]}, or fewer training points (training: {batch: ...}).");
        return new NetworkDesign(design, map, network, additive, structure);
    }

    /// <summary>
    /// Per free output, the sign-changing factor its head takes out of its definition (or null), and the arguments near
    /// which any definition bends sharply, whose logs become features (see <see cref="ZeroStructure"/>).
    /// </summary>
    private static ((Expr Factor, int Sign)?[] Factors, List<Expr> LogArguments) ZeroStructureOf(Problem problem, CompiledSystem system, ExplicitDefinitions definitions,
        OutputHead[] heads, OutputStructure[] structure, double[] design, int count, bool logFactors, bool closedForms)
    {
        var names = problem.Inputs.Select(i => i.Name).ToArray();
        var factors = new (Expr, int)?[heads.Length];
        var logArguments = new List<Expr>();
        for (int j = 0; j < heads.Length; j++)
        {
            if (definitions.Definition(j) is not { } definition) continue;
            if (heads[j].Kind == OutputHeadKind.Free && ZeroStructure.SignedFactor(definition, names, design, count) is { } factor)
            {
                factors[j] = factor;
                structure[j] = new OutputStructure(heads[j].Name, OutputStructureKind.FactorTimesNetwork, "sign-changing factor of its definition",
                    [definitions.DefiningEquation(j)!.Value + 1], factor.Factor.ToString());
            }
            logArguments.AddRange(ZeroStructure.NearSingularArguments(definition, names, design, count));
            if (logFactors) logArguments.AddRange(ZeroStructure.LogFactors(definition, names, design, count));
        }
        if (closedForms)
        {
            // An implicit output with a closed form takes it as its factor, y = exp(m) u with m constant, whatever its
            // bounds: the closed form is Newton's root within them, and a sigmoid or exp(m) above a bound would leave the
            // network to learn what the factor gives exactly.
            var found = ClosedFormRoots.Of(problem, design, count, definitions.ExplicitNames, null, system);
            logArguments.AddRange(found.LogArguments);
            for (int j = 0; j < heads.Length; j++)
            {
                if (found.Roots[j] is not { } root || factors[j] is not null) continue;
                factors[j] = (root, 1);
                heads[j] = OutputHead.For(heads[j].Name, null, null);
                var origin = found.Origins[j]!;
                structure[j] = new OutputStructure(heads[j].Name, OutputStructureKind.ClosedFormTimesCorrection, origin.Rule, origin.Equations, root.ToString());
            }
        }
        return (factors, logArguments);
    }

    /// <summary>
    /// Explicitly defined outputs whose value takes both signs over the sample: there y is a difference of positive and
    /// negative terms, and a head y = exp(m) - exp(m') keeps it accurate where they cancel.
    /// </summary>
    private static IEnumerable<int> SignChangingDefinitions(ExplicitDefinitions definitions, double[] design, int count, int o)
    {
        var (values, _) = definitions.Evaluate(design, count);
        return Enumerable.Range(0, o).Where(j => definitions.IsExplicit(j) && CrossesZero(values, j, o));
    }

    /// <summary>Whether output <paramref name="j"/>'s values (row-major, <paramref name="o"/> outputs) take both signs.</summary>
    private static bool CrossesZero(double[] values, int j, int o)
    {
        bool positive = false, negative = false;
        for (int at = j; at < values.Length; at += o)
        {
            positive |= values[at] > 0;
            negative |= values[at] < 0;
        }
        return positive && negative;
    }

    private sealed class Run(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress,
        Action<EqNetModel>? checkpoint, CancellationToken cancellation, Stopwatch clock, TrainingDesign? design)
    {
        private readonly CompiledSystem _system = design?.System ?? new(problem);
        private readonly Random _random = new(options.Seed);
        private readonly Random _edgeRandom = new(options.Seed * 7919 + 17);
        private readonly List<TrainingProgress> _history = [];
        private readonly PhaseTimes _phases = new();
        private int _steps;
        private double _bestP99 = double.PositiveInfinity;
        private ErrorSummary _bestSummary = new(double.NaN, double.NaN, double.NaN, double.NaN);
        private double[] _best = [];
        private double _lastCheckpoint = double.NegativeInfinity;
        private StopReason? _stop;
        private readonly ConvergenceRule? _convergence = options.ConvergenceWindow > 0
            ? new ConvergenceRule(options.ConvergenceWindow, options.ConvergenceFlatGain, options.ConvergenceWorthwhileGain)
            : null;
        private bool _converged;
        private readonly CorrectionRefinement _refinement = new(options);
        private AdditiveUnits? _additive;
        private FeatureMap? _map;
        private IReadOnlyList<OutputStructure>? _structure;
        private IReadOnlyList<(int Offset, int Length)> _frozen = [];
        private double[] _equationP99 = [];
        private double[]? _caps;
        private bool[] _kept = [];

        public TrainingResult Execute()
        {
            var sampler = new TrainingSampler(problem);
            var (map, network, additive, structure) = options.InitialModel is { } initial
                ? (initial.Features, initial.Network, null, initial.NetworkStructure.ToArray())
                : Designed(sampler);
            double[]? grown = null;
            IReadOnlyList<(int Offset, int Length)> kept = [];
            if (options.InitialModel is null && options.GrowFrom is { } growth)
            {
                (map, network, grown, kept) = growth.Build(problem, map, network, options.Seed);
                structure = growth.Structure(network, structure);
                additive = null;
                _kept = [.. network.Heads.Select(h => growth.Keeps(h.Name))];
            }
            (_additive, _map, _structure) = (additive, map, structure);
            _frozen = [.. additive?.Frozen(network, map) ?? [], .. kept];
            CheckMemory(network.ParameterCount);
            var parameters = options.InitialModel is { } start ? (double[])start.Parameters.Clone() : grown ?? network.Initialize(options.Seed);
            additive?.Restrict(network, map, parameters);
            _best = (double[])parameters.Clone();

            var validationInputs = new DomainSampler(problem).Sample(options.ValidationPoints, options.Seed + 7919);
            var validation = new TrainingSet(validationInputs, options.ValidationPoints, map);
            var train = new TrainingSet(sampler.Sample(options.TrainingPoints, _random), options.TrainingPoints, map);

            var (references, referenceScales, allExplicit) = ReferenceSolutions.At(problem, _system, train);
            // Fresh or resumed, an implicit system's conditioning cap comes from the reference solutions at the training points.
            if (!allExplicit) _caps = ConditioningCap.Of(_system, train.Inputs, references, train.Count);
            _phases.Add("setup", clock.Elapsed.TotalSeconds);
            if (options.InitialModel is null)
            {
                double magnitudeLoss = FitMagnitudes(network, parameters, train, references, referenceScales, validation, map);
                Validate(network, parameters, validation, map, "magnitude", magnitudeLoss, _history.Count > 0 ? _history[^1].Damping : 1);
                // An output held between two bounds has no magnitude pre-fit: from a random start, the first steps can
                // drive its sigmoid into saturation, where no step helps any more (the Hill law, seed 3: p99 1.0). Its
                // reference fit in logit space gives it the start a magnitude gives the others.
                // A free head whose solutions take both signs starts the same way: where its shape has the wrong sign, the
                // scale-relative residual is 1 whatever the shape's size, so the residual fit has no slope to turn it.
                if (!allExplicit || problem.Equations.Count > problem.Outputs.Count || network.Heads.Any(h => h.Kind == OutputHeadKind.Interval)
                    || Enumerable.Range(0, network.OutputCount).Any(j => network.Heads[j].Kind == OutputHeadKind.Free && CrossesZero(references, j, network.OutputCount)))
                    FitReferences(network, parameters, train, references, referenceScales, validation, map);
            }
            else Validate(network, parameters, validation, map, "resumed", double.NaN, 1);

            var blocks = SystemBlock.Of(problem);
            var fits = blocks.Select(b => new ResidualFit(_system, network, train, options.Threads, b, parameters, _frozen, _caps)).ToArray();
            // A block of frozen outputs alone (a grown run's kept outputs) has nothing to fit.
            blocks = [.. blocks.Where((_, b) => fits[b].ParameterCount > 0)];
            fits = [.. fits.Where(f => f.ParameterCount > 0)];
            var xs = fits.Select(f => f.Gather()).ToArray();
            var solvers = fits.Select(f => NetworkSizing.Solver(f.ParameterCount, options)).ToArray();
            // A block with half the parameters costs a quarter per iteration: let it take two iterations per round.
            // Nothing left to fit (a grown run whose new outputs are all computed from equations): the kept parts are the model.
            if (fits.Length == 0) _converged = true;
            int largest = fits.Length == 0 ? 0 : fits.Max(f => f.ParameterCount);
            var repeats = fits.Select(f => Math.Max(1, (int)Math.Round((double)largest / f.ParameterCount))).ToArray();
            int iteration = 0;
            double loss = double.NaN, damping = 1;
            while (!ShouldStop() && !(_refinement.Due(_bestP99, _steps, clock.Elapsed.TotalSeconds, _convergence?.Pace ?? double.NaN) && Refined(network, validation, map, sampler)))
            {
                double cost = 0;
                int rows = 0;
                for (int b = 0; b < fits.Length; b++)
                {
                    if (Resting(blocks, b)) continue;
                    xs[b] = fits[b].Gather();
                    using (_phases.Measure("lm"))
                        for (int repeat = 0; repeat < repeats[b]; repeat++) solvers[b].Step(fits[b], xs[b]);
                    if (!solvers[b].LastCostFinite)
                    {
                        // Non-finite loss or weights: back to the best weights with more damping; give up after a few.
                        _best.CopyTo(parameters, 0);
                        foreach (var s in solvers) s.Recover();
                        Recoveries++;
                        Report("recovered", loss, null, null, solvers.Max(s => s.Damping));
                        break;
                    }
                    fits[b].Scatter(xs[b]);
                    cost += solvers[b].Cost;
                    rows += fits[b].ResidualCount;
                }
                _steps++;
                iteration++;
                // An iteration cut short by a recovery fitted nothing: it reports the last loss, not 0.
                if (rows > 0) loss = cost / rows;
                damping = solvers.Max(s => s.Damping);
                // No step of any block lowers its cost any more: the fit is at its floor, and the rest of the budget would
                // only be spent on rejected steps (sum-of-squares-64: p99 2.6e-11 at step 16, then 40 s at damping 2.7e16).
                if (solvers.All(s => s.Exhausted)) _refinement.Plateau(flat: true);
                if (!allExplicit && damping > StallDamping && _reanchors < MaxReanchors && NonFiniteShare(network, parameters, fits[0].Set) > MaxNonFiniteShare)
                {
                    // Points whose computed unknowns sit on the edge of an equation's domain stop every step: the residual
                    // there jumps from its value inside to |r| / S = 1 outside, so the steps the others need are all
                    // rejected. The reference fit's loss has no such edge: it pulls those points back inside.
                    _reanchors++;
                    // Newton's solutions at the points, unless the points are still those the first reference fit solved.
                    var current = fits[0].Set;
                    var (anchors, anchorScales) = (references, referenceScales);
                    if (!ReferenceEquals(current, train)) (anchors, anchorScales, _) = ReferenceSolutions.At(problem, _system, current);
                    FitReferences(network, parameters, current, anchors, anchorScales, validation, map);
                    foreach (var s in solvers) s.Restart();
                }
                if (ValidationDue(iteration)) Validate(network, parameters, validation, map, "lm", loss, damping);
                else Report("lm", loss, null, null, damping);
                if (iteration % options.RefreshEvery == 0)
                {
                    using var refreshing = _phases.Measure("refresh");
                    var refreshed = Refresh(network, parameters, sampler, map);
                    foreach (var f in fits) f.Set = refreshed;
                    foreach (var s in solvers) s.Invalidate();
                }
                options.AfterIteration?.Invoke(iteration, parameters);
            }
            Validate(network, parameters, validation, map, "lm", loss, damping);
            var model = new EqNetModel(problem, map, network, _best, structure: _structure) { GrownFrom = options.GrowFrom?.Origin, Corrections = _refinement.Corrections };
            double seconds = clock.Elapsed.TotalSeconds;
            _phases.Add("other", Math.Max(0, seconds - _phases.Seconds.Sum(p => p.Value)));
            return new TrainingResult(model, _history, _steps, seconds, _stop ?? StopReason.TimeBudget, _bestSummary) { PhaseTimes = _phases };
        }

        /// <summary>The design's network parts, made here when the run was not given them; either way the generator is past the design sample.</summary>
        private (FeatureMap, MagnitudeShapeNetwork, AdditiveUnits?, OutputStructure[]) Designed(TrainingSampler sampler)
        {
            var built = design?.Network ?? Build(problem, options, _system, _random);
            // The design drew its sample first from a generator seeded as this one: drawing it again (a millisecond) leaves
            // this run's generator where a run that designed for itself would have it, so the training points are the same.
            if (design?.Network is not null) sampler.Sample(options.ValidationPoints, _random);
            return (built.Map, built.Network, built.Additive, [.. built.Structure]);
        }

        /// <summary>
        /// Fits the magnitudes to their targets, each its own least-squares problem, in turn, until each stops improving
        /// or the share of the budget is spent; returns the final mean squared misfit (NaN when nothing was fitted).
        /// </summary>
        private double FitMagnitudes(MagnitudeShapeNetwork network, double[] parameters, TrainingSet train, double[] values, double[] scales,
            TrainingSet validation, FeatureMap map)
        {
            int mc = network.MagnitudeParameterRanges.Count;
            var teacher = ReferenceSolutions.Teacher(values);
            var fits = new List<(MagnitudeFit Fit, double[] X, LevenbergMarquardt Solver)>();
            var parts = network.Heads.Any(h => h.Kind == OutputHeadKind.Difference)
                ? new ExplicitDefinitions(problem).Parts(train.Inputs, train.Count)
                : default;
            double budget = options.TimeBudgetSeconds * options.MagnitudeShare;
            // A run held to a few steps (tests, --steps) leaves most of them to the residual fit.
            int iterations = options.MaxSteps is { } max ? Math.Min(MagnitudeIterations, Math.Max(1, max / 5)) : MagnitudeIterations;
            var envelope = PeriodicEnvelope.Of(problem, train.Inputs, train.Count);
            for (int k = 0; k < mc; k++)
            {
                var (output, _) = network.MagnitudeOwners[k];
                if (Kept(output)) continue;
                var envelopeScales = network.Heads[output].Kind == OutputHeadKind.Envelope && envelope.Applies(output)
                    ? envelope.Scales(train.Inputs, train.Count, output)
                    : null;
                var targets = MagnitudeTargets(network, k, train, values, envelopeScales ?? scales, parts, envelopeScales is not null);
                if (!targets.Any(double.IsFinite)) continue;
                fits.Add(BestStart(network, parameters, k, train, targets, teacher, budget * (k + 1) / mc, iterations));
            }
            if (fits.Count == 0) return double.NaN;
            var done = new bool[fits.Count];
            bool Idle(int k) => done[k] || MagnitudeResting(fits, k);
            for (int it = Math.Min(StartIterations, iterations); it < iterations && clock.Elapsed.TotalSeconds < budget && !ShouldStop()
                 && Enumerable.Range(0, fits.Count).Any(k => !Idle(k)); it++)
            {
                for (int k = 0; k < fits.Count; k++)
                {
                    if (Idle(k)) continue;
                    var (fit, x, solver) = fits[k];
                    double before = solver.Cost;
                    using (_phases.Measure("magnitude")) solver.Step(fit, x);
                    fit.Scatter(x);
                    // Converged to its noise floor: a further iteration buys nothing the residual fit would keep.
                    done[k] = solver.Cost / Math.Max(1, fit.ResidualCount) < MagnitudeFloor || solver.Cost > 0.999 * before && it > 3;
                }
                _steps++;
                double loss = fits.Sum(f => f.Solver.Cost) / fits.Sum(f => f.Fit.ResidualCount), damping = fits.Max(f => f.Solver.Damping);
                // The pre-fit alone reaches the seed's final accuracy: validating it keeps (and checkpoints) that model early.
                if (ValidationDue(it + 1)) Validate(network, parameters, validation, map, "magnitude", loss, damping);
                else Report("magnitude", loss, null, null, damping);
            }
            return fits.Sum(f => f.Solver.Cost) / fits.Sum(f => f.Fit.ResidualCount);
        }

        /// <summary>
        /// Whether magnitude fit <paramref name="k"/> sits out: its misfit (in log units, so relative error, comparable across
        /// outputs) is far below the worst fit's. Its further digits would be lost in the worst output's error, and the
        /// time is better spent on the residual fit.
        /// </summary>
        private static bool MagnitudeResting(List<(MagnitudeFit Fit, double[] X, LevenbergMarquardt Solver)> fits, int k)
        {
            static double Rms((MagnitudeFit Fit, double[] X, LevenbergMarquardt Solver) f) => Math.Sqrt(f.Solver.Cost / Math.Max(1, f.Fit.ResidualCount));
            return fits.Count > 1 && Rms(fits[k]) < RestingRatio * fits.Max(Rms);
        }

        /// <summary>
        /// A few iterations from each of <see cref="TrainingOptions.MagnitudeStarts"/> initialisations of magnitude
        /// <paramref name="k"/>; keeps the start with the lowest misfit. Where a fit lands depends on its start far more
        /// than on its last iterations, and the misfit after a few iterations already tells the starts apart.
        /// </summary>
        private (MagnitudeFit Fit, double[] X, LevenbergMarquardt Solver) BestStart(MagnitudeShapeNetwork network, double[] parameters, int k,
            TrainingSet train, double[] targets, double[] teacher, double until, int iterations)
        {
            int perStart = Math.Min(StartIterations, iterations);
            int starts = iterations >= options.MagnitudeStarts * StartIterations ? options.MagnitudeStarts : 1;
            var fit = new MagnitudeFit(network, parameters, k, train.Features, targets, train.Count, options.Threads, teacher, _frozen);
            (double[] X, LevenbergMarquardt Solver)? best = null;
            bool summed = false;
            for (int start = 0; start < starts; start++)
            {
                // A sum of monomials with a unit a term starts at the sum (AdditiveUnits.Start); a random start competes second
                // unless the sum is already at the floor (sum-of-squares-64: 8 s of a 60 s run on a start that lost).
                bool atSum = start == 0 && _additive?.Start(network, _map!, parameters, k, train.Inputs, train.Features, train.Count) == true;
                if (start > 0)
                {
                    if (clock.Elapsed.TotalSeconds >= until || ShouldStop() || summed && best!.Value.Solver.Cost / Math.Max(1, fit.ResidualCount) < MagnitudeFloor) break;
                    network.InitializeMagnitude(k, parameters, options.Seed * 7919 + k * 104729 + start);
                    _additive?.Restrict(network, _map!, parameters);
                    // The second start takes the linear least-squares fit on the features: exact where the magnitude is
                    // a product of powers. The first stays random (a run too short for two starts keeps it), so the
                    // choice by misfit below is never worse than random starts alone. Per-term units keep their own structure.
                    if (start == 1 && options.LinearStart && _additive?.Any != true)
                        network.StartMagnitudeLinear(k, parameters, train.Features, train.Count, targets, teacher);
                }
                summed |= atSum;
                var x = fit.Gather();
                var solver = NetworkSizing.Solver(fit.ParameterCount, options);
                for (int it = 0; it < perStart && (starts == 1 || clock.Elapsed.TotalSeconds < until) && !ShouldStop()
                     && solver.Cost / Math.Max(1, fit.ResidualCount) >= MagnitudeFloor; it++)
                {
                    using (_phases.Measure("magnitude starts")) solver.Step(fit, x);
                    _steps++;
                    Report("magnitude", solver.Cost / Math.Max(1, fit.ResidualCount), null, null, solver.Damping);
                }
                if (best is null || solver.Cost < best.Value.Solver.Cost) best = (x, solver);
            }
            fit.Scatter(best!.Value.X);
            return (fit, best.Value.X, best.Value.Solver);
        }

        /// <summary>
        /// Targets of magnitude <paramref name="k"/> at the training points; NaN where it has none. <paramref name="parts"/>
        /// are the explicit definitions' positive and negative parts, needed only by difference heads.
        /// </summary>
        /// <remarks>With <paramref name="envelope"/>, <paramref name="scales"/> holds one envelope scale per point (see <see cref="PeriodicEnvelope"/>).</remarks>
        private double[] MagnitudeTargets(MagnitudeShapeNetwork network, int k, TrainingSet train, double[] values, double[] scales,
            (double[] Positive, double[] Negative) parts, bool envelope = false)
        {
            int count = train.Count, fc = network.FeatureCount;
            int o = problem.Outputs.Count;
            var (j, isNegative) = network.MagnitudeOwners[k];
            var head = network.Heads[j];
            var targets = new double[count];
            for (int i = 0; i < count; i++)
            {
                int at = i * o + j;
                double target = head.Kind switch
                {
                    OutputHeadKind.Free or OutputHeadKind.Envelope => Math.Log(scales[envelope ? i : at]),
                    // y = exp(m) u: m = log(y / u), of one sign by construction; left out where the factor vanishes.
                    OutputHeadKind.SignedFactor => Math.Log(values[at] / train.Features[i * fc + head.Factor]),
                    // Where a part vanishes (to rounding) its log says nothing: leave the point out of that part's fit.
                    OutputHeadKind.Difference => PartTarget(isNegative ? parts.Negative[at] : parts.Positive[at], scales[at]),
                    _ => head.MagnitudeFor(values[at]),
                };
                targets[i] = double.IsFinite(target) ? target : double.NaN;
            }
            return targets;
        }

        /// <summary>Whether output <paramref name="j"/> keeps the trained parts of a grown run's old model (no pre-fit: it starts trained).</summary>
        private bool Kept(int j) => _kept.Length > 0 && _kept[j];

        private static double PartTarget(double part, double scale) => part > 1e-12 * scale ? Math.Log(part) : double.NaN;

        /// <summary>
        /// For coupled or implicit systems, fit all outputs to the reference solutions before the residual fit: the
        /// residual of an equation that couples outputs is a poor guide while any of them is still far off.
        /// </summary>
        private void FitReferences(MagnitudeShapeNetwork network, double[] parameters, TrainingSet train, double[] values, double[] scales,
            TrainingSet validation, FeatureMap map)
        {
            var fits = Enumerable.Range(0, network.OutputCount).Where(j => !Kept(j))
                .Select(j => new ReferenceFit(network, train, values, scales, options.Threads, j, parameters)).ToArray();
            int o = fits.Length;
            if (o == 0) return;
            var xs = fits.Select(f => f.Gather()).ToArray();
            var solvers = fits.Select(f => NetworkSizing.Solver(f.ParameterCount, options)).ToArray();
            // A share of its own after the magnitude pre-fit: measured from the start of the run, a pre-fit that took longer
            // than the share left no time at all (quadratic-roots, 60 s: pre-fit to 15 s, no reference fit, p99 0.47).
            double until = clock.Elapsed.TotalSeconds + options.TimeBudgetSeconds * options.ReferenceShare;
            double extended = until + options.TimeBudgetSeconds * ReferenceExtension;
            int iterations = options.MaxSteps is { } max ? (int)(max * options.ReferenceShare) : int.MaxValue;
            for (int it = 1; it <= iterations && !ShouldStop(); it++)
            {
                // Past its share, the fit goes on while the residual fit would start blind: a computed unknown outside its
                // equation's domain (a flow computed as the difference of two learned ones, negative under a power) makes
                // a residual with no slope, and at half the points the residual fit stalls there.
                double now = clock.Elapsed.TotalSeconds;
                if (now >= until && (now >= extended || NonFiniteShare(network, parameters, train) <= MaxNonFiniteShare)) break;
                double cost = 0;
                for (int j = 0; j < o; j++)
                {
                    using (_phases.Measure("reference")) solvers[j].Step(fits[j], xs[j]);
                    fits[j].Scatter(xs[j]);
                    cost += solvers[j].Cost;
                }
                _steps++;
                double loss = cost / Math.Max(1, train.Count * o), damping = solvers.Max(s => s.Damping);
                if (ValidationDue(it)) Validate(network, parameters, validation, map, "reference", loss, damping);
                else Report("reference", loss, null, null, damping);
            }
        }

        /// <summary>
        /// Share of the budget the reference fit may run past its own while too many training points have a non-finite
        /// residual: the power-law pumping network (seed 3, 30 s, a loaded machine) needed 17 reference steps, about a
        /// tenth of the budget more than its share gave it, and ended with an infinite p99 (NaN residuals) after 5.
        /// </summary>
        private const double ReferenceExtension = 0.25;

        /// <summary>
        /// Damping past which the residual fit counts as stalled when points have a non-finite residual: a step then
        /// moves the weights by about 1e-8 of the gradient's scale, nothing a point on a domain's edge can take.
        /// </summary>
        private const double StallDamping = 1e8;

        /// <summary>Times a run goes back to the reference fit when stalled: twice, so a stall cannot take the budget in turns.</summary>
        private const int MaxReanchors = 2;

        private int _reanchors;

        /// <summary>Share of training points with a non-finite residual the residual fit starts with: its 1 % tail.</summary>
        private const double MaxNonFiniteShare = 0.01;

        /// <summary>The share of <paramref name="set"/>'s points whose scale-relative error is not finite.</summary>
        private double NonFiniteShare(MagnitudeShapeNetwork network, double[] parameters, TrainingSet set) =>
            (double)Errors(network, parameters, set).Count(error => !double.IsFinite(error)) / Math.Max(1, set.Count);

        private TrainingSet Refresh(MagnitudeShapeNetwork network, double[] parameters, TrainingSampler sampler, FeatureMap map)
        {
            int n = options.TrainingPoints, hard = (int)(n * options.HardShare), d = problem.Inputs.Count;
            // The box's faces and corners compete for the hard share beside the random pool, drawn from a stream of their
            // own so that a run whose worst points are inside draws the same points as without them.
            int edges = options.EdgeCandidates ? hard : 0;
            var poolInputs = new double[(4 * hard + edges) * d];
            sampler.Sample(4 * hard, _random).CopyTo(poolInputs, 0);
            if (edges > 0) sampler.SampleEdges(edges, _edgeRandom).CopyTo(poolInputs, 4 * hard * d);
            var pool = new TrainingSet(poolInputs, 4 * hard + edges, map);
            var errors = Errors(network, parameters, pool);
            var worst = Enumerable.Range(0, pool.Count).OrderByDescending(i => errors[i]).Take(hard).ToArray();
            var fresh = sampler.Sample(n - hard, _random);
            var inputs = new double[n * d];
            fresh.CopyTo(inputs, 0);
            for (int k = 0; k < hard; k++)
                poolInputs.AsSpan(worst[k] * d, d).CopyTo(inputs.AsSpan((n - hard + k) * d, d));
            return new TrainingSet(inputs, n, map);
        }

        private double[] Errors(MagnitudeShapeNetwork network, double[] parameters, TrainingSet set) => AllErrors(network, parameters, set).Overall;

        private (double[] PerEquation, double[] Overall) AllErrors(MagnitudeShapeNetwork network, double[] parameters, TrainingSet set)
        {
            var outputs = new double[set.Count * network.OutputCount];
            network.Evaluate(parameters, set.Features, set.Count, outputs, default, options.Threads);
            var points = _system.Join(set.Inputs, outputs, set.Count);
            return _system.ScaleRelativeErrors(points, set.Count);
        }

        /// <summary>
        /// Whether block <paramref name="b"/> sits out this round: its equations' held-out p99 is already far below the
        /// worst block's, so its iterations would buy nothing the metric shows while another block lags.
        /// </summary>
        private bool Resting(IReadOnlyList<SystemBlock> blocks, int b)
        {
            if (blocks.Count < 2 || _equationP99.Length == 0) return false;
            double Of(SystemBlock block) => block.Equations.Max(k => _equationP99[k]);
            return Of(blocks[b]) < RestingRatio * blocks.Max(Of);
        }

        private void Validate(MagnitudeShapeNetwork network, double[] parameters, TrainingSet validation, FeatureMap map, string phase, double loss, double damping)
        {
            using var validating = _phases.Measure("validation");
            var (perEquation, overall) = AllErrors(network, parameters, validation);
            int e = _system.EquationCount;
            _equationP99 = Enumerable.Range(0, e).Select(k => ErrorSummary.Of(Enumerable.Range(0, validation.Count).Select(i => perEquation[i * e + k]).ToArray()).P99).ToArray();
            var summary = ErrorSummary.Of(overall);
            // A p99 held at 1 (the tail's signs still wrong) ties: the median then tells a fit that improves from its start.
            if (summary.P99 < _bestP99 || summary.P99 == _bestP99 && summary.Median < _bestSummary.Median
                || _bestP99 is double.PositiveInfinity && double.IsNaN(_bestSummary.P99))
            {
                _bestP99 = summary.P99;
                _bestSummary = summary;
                parameters.CopyTo(_best, 0);
                _refinement.NetworkChanged();
                if (checkpoint is not null && clock.Elapsed.TotalSeconds - _lastCheckpoint > 5)
                {
                    _lastCheckpoint = clock.Elapsed.TotalSeconds;
                    checkpoint(new EqNetModel(problem, map, network, (double[])_best.Clone(), structure: _structure) { GrownFrom = options.GrowFrom?.Origin });
                }
            }
            if (_bestP99 <= ConvergenceRule.RoundingFloor) _converged = true;
            else if (phase == "lm" && _convergence is not null && _convergence.Observe(clock.Elapsed.TotalSeconds, _bestP99, options.TimeBudgetSeconds))
                _refinement.Plateau(_convergence.Flat || _bestP99 <= ConvergenceRule.NearFloor);
            // Levelled off with no refinement left to try: the network's capacity is reached.
            if (_refinement.Exhausted) _converged = true;
            Report(phase, loss, summary.Median, summary.P99, damping);
        }

        /// <summary>
        /// Whether to validate after <paramref name="iteration"/>: every <see cref="TrainingOptions.ValidateEvery"/>
        /// iterations, and in a timed run only while validation has taken at most <see cref="ValidationShare"/> of the time.
        /// A run held to a step count validates on the step count alone, so it stays deterministic.
        /// </summary>
        private bool ValidationDue(int iteration) =>
            iteration % options.ValidateEvery == 0
            && (options.MaxSteps is not null || _phases["validation"] <= ValidationShare * clock.Elapsed.TotalSeconds);

        /// <summary>
        /// Fits correction stages on the best network so far (see <see cref="CorrectionRefinement"/>); false when none
        /// was kept and the network's own fit had not levelled off, so it goes on.
        /// </summary>
        private bool Refined(MagnitudeShapeNetwork network, TrainingSet validation, FeatureMap map, TrainingSampler sampler)
        {
            var model = new EqNetModel(problem, map, network, (double[])_best.Clone());
            using var refining = _phases.Measure("stages");
            var outcome = _refinement.Fit(problem, _system, model, validation, _steps, count => sampler.Sample(count, _random), () => clock.Elapsed.TotalSeconds,
                ShouldStop, (phase, loss, check) =>
                {
                    _steps++;
                    Report(phase, loss, check?.Median, check?.P99, 0);
                });
            if (outcome is not { } summary) return false;
            (_bestP99, _bestSummary) = (summary.P99, summary);
            if (_stop is null) _converged = true;
            return true;
        }

        /// <summary>Times the run restored its best weights after a non-finite loss.</summary>
        public int Recoveries { get; private set; }

        /// <summary>Refuses a run whose Jacobian and normal equations would not fit in memory, with the estimate.</summary>
        private void CheckMemory(int parameterCount)
        {
            long limit = options.MemoryLimitBytes > 0 ? options.MemoryLimitBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;
            double jacobian = 8.0 * options.TrainingPoints * problem.Equations.Count * parameterCount;
            double normal = 8.0 * parameterCount * parameterCount;
            if (jacobian + normal > limit)
                throw new TrainingSetupException(
                    $"training needs about {(jacobian + normal) / 1e9:0.##} GB (Jacobian {options.TrainingPoints:N0} points x {problem.Equations.Count} equations x {parameterCount:N0} parameters: {jacobian / 1e9:0.##} GB; J^T J {parameterCount:N0}^2: {normal / 1e9:0.##} GB), " +
                    $"more than the {limit / 1e9:0.##} GB available. Use fewer training points (training.batch) or a smaller network (model.hidden).");
        }

        private void Report(string phase, double loss, double? median, double? p99, double damping)
        {
            double now = clock.Elapsed.TotalSeconds;
            var line = new TrainingProgress(_steps, now, phase, loss, median, p99, damping, Math.Max(0, options.TimeBudgetSeconds - now));
            _history.Add(line);
            progress?.Invoke(line);
        }

        private bool ShouldStop()
        {
            if (cancellation.IsCancellationRequested) _stop = StopReason.Cancelled;
            else if (options.MaxSteps is { } max && _steps >= max) _stop = StopReason.StepLimit;
            else if (Recoveries >= options.MaxRecoveries) _stop = StopReason.Diverged;
            else if (clock.Elapsed.TotalSeconds >= options.TimeBudgetSeconds) _stop = StopReason.TimeBudget;
            else if (_converged) _stop = StopReason.Converged;
            return _stop is not null;
        }
    }
}
