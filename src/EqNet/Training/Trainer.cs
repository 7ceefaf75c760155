using System.Diagnostics;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Scaling;

namespace EqNet.Training;

/// <summary>
/// Trains a model for a problem: magnitude pre-fit, then joint Levenberg-Marquardt in float64 on term-scale-normalised
/// residuals, with training points refreshed (part fresh, part hardest of a larger pool) and the best checkpoint kept by
/// held-out p99. See docs/decisions/0002-magnitude-shape-model.md for why.
/// </summary>
public static class Trainer
{
    /// <summary>Most Levenberg-Marquardt iterations the magnitude pre-fit takes; it converges well before.</summary>
    private const int MagnitudeIterations = 40;

    /// <summary>Trains until the time budget, the step limit or cancellation; returns the best checkpoint.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Run settings.</param>
    /// <param name="progress">Called with each history line (validation steps carry the held-out error).</param>
    /// <param name="checkpoint">Called with a new best model, at most every few seconds, so a killed run loses little.</param>
    /// <param name="cancellation">Stops the run early; the best checkpoint so far is returned.</param>
    public static TrainingResult Train(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress = null,
        Action<EqNetModel>? checkpoint = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var run = new Run(problem, options, progress, checkpoint, cancellation, clock);
        return run.Execute();
    }

    /// <summary>
    /// The features and the network a run with these settings would train (initial weights), without fitting: to show
    /// what EqNet chose before it starts. Same seed, same choice as <see cref="Train"/>.
    /// </summary>
    public static EqNetModel Design(Problem problem, TrainingOptions options)
    {
        var (map, network) = Build(problem, options, new TrainingSampler(problem), new Random(options.Seed));
        return new EqNetModel(problem, map, network, network.Initialize(options.Seed));
    }

    /// <summary>Features from a sample of the training distribution, then the network; refuses networks too large for LM.</summary>
    private static (FeatureMap Map, MagnitudeShapeNetwork Network) Build(Problem problem, TrainingOptions options, TrainingSampler sampler, Random random)
    {
        var design = sampler.Sample(options.ValidationPoints, random);
        var map = FeatureMap.Design(problem, design, options.ValidationPoints);
        var heads = problem.Outputs.Select(o => OutputHead.For(o.Name, o.Min, o.Max)).ToArray();
        var upstream = ReferenceSolutions.Upstream(problem, design, options.ValidationPoints, options.ChainOutputs);
        var network = new MagnitudeShapeNetwork(map.Count, options.Hidden, options.PowerUnits, options.PowerTerms, heads, upstream);
        if (network.ParameterCount > options.MaxParameters)
            throw new TrainingSetupException(
                $"the network would have {network.ParameterCount:N0} parameters (hidden [{string.Join(", ", options.Hidden)}], {problem.Outputs.Count} outputs); " +
                $"Levenberg-Marquardt forms a parameters x parameters matrix and handles up to {options.MaxParameters:N0}. " +
                "Use smaller hidden layers, e.g. model: {hidden: [16, 16]} (the default), which reach 1e-5 on the examples.");
        return (map, network);
    }

    private sealed class Run(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress,
        Action<EqNetModel>? checkpoint, CancellationToken cancellation, Stopwatch clock)
    {
        private readonly CompiledSystem _system = new(problem);
        private readonly Random _random = new(options.Seed);
        private readonly List<TrainingProgress> _history = [];
        private int _steps;
        private double _bestP99 = double.PositiveInfinity;
        private ErrorSummary _bestSummary = new(double.NaN, double.NaN, double.NaN, double.NaN);
        private double[] _best = [];
        private double _lastCheckpoint = double.NegativeInfinity;
        private string? _stop;

        public TrainingResult Execute()
        {
            var sampler = new TrainingSampler(problem);
            var (map, network) = Build(problem, options, sampler, _random);
            var parameters = network.Initialize(options.Seed);
            _best = (double[])parameters.Clone();

            var validationInputs = new DomainSampler(problem).Sample(options.ValidationPoints, options.Seed + 7919);
            var validation = new TrainingSet(validationInputs, options.ValidationPoints, map);
            var train = new TrainingSet(sampler.Sample(options.TrainingPoints, _random), options.TrainingPoints, map);

            var (references, referenceScales, allExplicit) = ReferenceSolutions.At(problem, _system, train);
            double magnitudeLoss = FitMagnitudes(network, parameters, train, references, referenceScales);
            Validate(network, parameters, validation, map, "magnitude", magnitudeLoss, _history.Count > 0 ? _history[^1].Damping : 1);
            if (!allExplicit || problem.Equations.Count > problem.Outputs.Count)
                FitReferences(network, parameters, train, references, referenceScales, validation, map);

            var blocks = SystemBlock.Of(problem);
            var fits = blocks.Select(b => new ResidualFit(_system, network, train, options.Threads, b, parameters)).ToArray();
            var xs = fits.Select(f => f.Gather()).ToArray();
            var solvers = fits.Select(_ => new DampedLeastSquares(options.Threads)).ToArray();
            // A block with half the parameters costs a quarter per iteration: let it take two iterations per round.
            int largest = fits.Max(f => f.ParameterCount);
            var repeats = fits.Select(f => Math.Max(1, (int)Math.Round((double)largest / f.ParameterCount))).ToArray();
            int iteration = 0;
            double loss = double.NaN, damping = 1;
            while (!ShouldStop())
            {
                double cost = 0;
                int rows = 0;
                for (int b = 0; b < fits.Length; b++)
                {
                    xs[b] = fits[b].Gather();
                    for (int repeat = 0; repeat < repeats[b]; repeat++) solvers[b].Iterate(fits[b], xs[b]);
                    if (!solvers[b].LastCostFinite)
                    {
                        _best.CopyTo(parameters, 0);
                        foreach (var s in solvers) s.Recover();
                        break;
                    }
                    fits[b].Scatter(xs[b]);
                    cost += solvers[b].Cost;
                    rows += fits[b].ResidualCount;
                }
                _steps++;
                iteration++;
                loss = cost / Math.Max(1, rows);
                damping = solvers.Max(s => s.Damping);
                if (iteration % options.ValidateEvery == 0) Validate(network, parameters, validation, map, "lm", loss, damping);
                else Report("lm", loss, null, null, damping);
                if (iteration % options.RefreshEvery == 0)
                {
                    var refreshed = Refresh(network, parameters, sampler, map);
                    foreach (var f in fits) f.Set = refreshed;
                    foreach (var s in solvers) s.Invalidate();
                }
            }
            Validate(network, parameters, validation, map, "lm", loss, damping);
            var model = new EqNetModel(problem, map, network, _best);
            return new TrainingResult(model, _history, _steps, clock.Elapsed.TotalSeconds, _stop ?? "converged", _bestSummary);
        }

        /// <summary>Fits the magnitudes to their targets; returns the final mean squared misfit (NaN when nothing was fitted).</summary>
        private double FitMagnitudes(MagnitudeShapeNetwork network, double[] parameters, TrainingSet train, double[] values, double[] scales)
        {
            if (network.MagnitudeParameterRanges.Count == 0) return double.NaN;
            int o = problem.Outputs.Count, mc = network.MagnitudeParameterRanges.Count;
            var targets = new double[train.Count * mc];
            bool any = false;
            for (int i = 0; i < train.Count; i++)
            {
                int k = 0;
                for (int j = 0; j < o; j++)
                {
                    var head = network.Heads[j];
                    if (!head.HasMagnitude) continue;
                    double target = head.Kind == OutputHeadKind.Free
                        ? Math.Log(scales[i * o + j])
                        : head.MagnitudeFor(values[i * o + j]);
                    targets[i * mc + k++] = double.IsFinite(target) ? target : double.NaN;
                    any |= double.IsFinite(target);
                }
            }
            if (!any) return double.NaN;
            var fit = new MagnitudeFit(network, parameters, train.Features, targets, train.Count, options.Threads, ReferenceSolutions.Teacher(values));
            var x = fit.Gather();
            var lm = new DampedLeastSquares(options.Threads);
            double budget = options.TimeBudgetSeconds * options.MagnitudeShare;
            int iterations = options.MaxSteps is { } max ? Math.Min(MagnitudeIterations, (int)(max * options.MagnitudeShare * 2)) : MagnitudeIterations;
            for (int it = 0; it < iterations && clock.Elapsed.TotalSeconds < budget && !ShouldStop(); it++)
            {
                lm.Iterate(fit, x);
                _steps++;
                Report("magnitude", lm.Cost / Math.Max(1, fit.ResidualCount), null, null, lm.Damping);
            }
            fit.Scatter(x);
            return lm.Cost / Math.Max(1, fit.ResidualCount);
        }

        /// <summary>
        /// For coupled or implicit systems, fit all outputs to the reference solutions before the residual fit: the
        /// residual of an equation that couples outputs is a poor guide while any of them is still far off.
        /// </summary>
        private void FitReferences(MagnitudeShapeNetwork network, double[] parameters, TrainingSet train, double[] values, double[] scales,
            TrainingSet validation, FeatureMap map)
        {
            int o = network.OutputCount;
            var fits = Enumerable.Range(0, o).Select(j => new ReferenceFit(network, train, values, scales, options.Threads, j, parameters)).ToArray();
            var xs = fits.Select(f => f.Gather()).ToArray();
            var solvers = fits.Select(_ => new DampedLeastSquares(options.Threads)).ToArray();
            double until = options.TimeBudgetSeconds * options.ReferenceShare;
            int iterations = options.MaxSteps is { } max ? (int)(max * options.ReferenceShare) : int.MaxValue;
            for (int it = 1; it <= iterations && clock.Elapsed.TotalSeconds < until && !ShouldStop(); it++)
            {
                double cost = 0;
                for (int j = 0; j < o; j++)
                {
                    solvers[j].Iterate(fits[j], xs[j]);
                    fits[j].Scatter(xs[j]);
                    cost += solvers[j].Cost;
                }
                _steps++;
                double loss = cost / Math.Max(1, train.Count * o), damping = solvers.Max(s => s.Damping);
                if (it % options.ValidateEvery == 0) Validate(network, parameters, validation, map, "reference", loss, damping);
                else Report("reference", loss, null, null, damping);
            }
        }

        private TrainingSet Refresh(MagnitudeShapeNetwork network, double[] parameters, TrainingSampler sampler, FeatureMap map)
        {
            int n = options.TrainingPoints, hard = (int)(n * options.HardShare);
            var poolInputs = sampler.Sample(4 * hard, _random);
            var pool = new TrainingSet(poolInputs, 4 * hard, map);
            var errors = Errors(network, parameters, pool);
            var worst = Enumerable.Range(0, pool.Count).OrderByDescending(i => errors[i]).Take(hard).ToArray();
            var fresh = sampler.Sample(n - hard, _random);
            int d = problem.Inputs.Count;
            var inputs = new double[n * d];
            fresh.CopyTo(inputs, 0);
            for (int k = 0; k < hard; k++)
                poolInputs.AsSpan(worst[k] * d, d).CopyTo(inputs.AsSpan((n - hard + k) * d, d));
            return new TrainingSet(inputs, n, map);
        }

        private double[] Errors(MagnitudeShapeNetwork network, double[] parameters, TrainingSet set)
        {
            var outputs = new double[set.Count * network.OutputCount];
            network.Evaluate(parameters, set.Features, set.Count, outputs, default, options.Threads);
            var points = _system.Join(set.Inputs, outputs, set.Count);
            return _system.ScaleRelativeErrors(points, set.Count).Overall;
        }

        private void Validate(MagnitudeShapeNetwork network, double[] parameters, TrainingSet validation, FeatureMap map, string phase, double loss, double damping)
        {
            var summary = ErrorSummary.Of(Errors(network, parameters, validation));
            if (summary.P99 < _bestP99 || _bestP99 is double.PositiveInfinity && double.IsNaN(_bestSummary.P99))
            {
                _bestP99 = summary.P99;
                _bestSummary = summary;
                parameters.CopyTo(_best, 0);
                if (checkpoint is not null && clock.Elapsed.TotalSeconds - _lastCheckpoint > 5)
                {
                    _lastCheckpoint = clock.Elapsed.TotalSeconds;
                    checkpoint(new EqNetModel(problem, map, network, (double[])_best.Clone()));
                }
            }
            Report(phase, loss, summary.Median, summary.P99, damping);
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
            if (cancellation.IsCancellationRequested) _stop = "cancelled";
            else if (options.MaxSteps is { } max && _steps >= max) _stop = "step limit";
            else if (clock.Elapsed.TotalSeconds >= options.TimeBudgetSeconds) _stop = "time budget";
            return _stop is not null;
        }
    }
}
