using System.Diagnostics;
using EqNet.Evaluation;
using EqNet.Features;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// Trains the network of a problem whose outputs no equation gives (<see cref="Problem.IsDataOnly"/>): Levenberg-Marquardt
/// in float64 on the data misfit, rows (prediction(x_i) - y_i) / scale_i (scale |y_i|, 1 or sigma_i by <c>data.error</c>),
/// on the same features and network as an equation-trained output. The rows are split (<see cref="DataSplit"/>): the fit
/// sees the training rows, the network kept is the best on the validation rows (noisy data: the training misfit alone
/// rewards overfitting), and the test rows are measured once at the end. A problem whose other outputs come from
/// equations trains those first and adds the data outputs to the same network (<see cref="TrainMixed"/>).
/// </summary>
internal static class DataTraining
{
    /// <summary>Levenberg-Marquardt steps a start may go without a better validation misfit before the next start.</summary>
    private const int Patience = 40;

    /// <summary>Most random starts per output; each after the first begins from a fresh initialisation.</summary>
    private const int MaxStarts = 50;

    /// <summary>Widest hidden layer the automatic choice takes (one layer; two of it from <see cref="TwoLayerRows"/> training rows).</summary>
    private const int MaxWidth = 16;

    /// <summary>Training rows from which the automatic choice tries two hidden layers.</summary>
    private const int TwoLayerRows = 2000;

    /// <summary>Least time a cross-validation fold is given, when the budget left is shorter.</summary>
    private const double MinimumFoldSeconds = 1;

    /// <summary>Seconds between progress lines.</summary>
    private const double ReportEvery = 0.5;

    /// <summary>Share of a mixed problem's budget (and steps) the equations' outputs train in; the data outputs take the rest.</summary>
    private const double EquationShare = 0.75;

    /// <summary>Reads the data, splits it, fits each data output's network, and measures it on the held-out rows.</summary>
    /// <exception cref="ProblemException">The data file is missing, lacks a column, has a bad cell, too few rows, or a zero where relative error divides by it.</exception>
    public static TrainingResult Train(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress, Action<EqNetModel>? checkpoint,
        CancellationToken cancellation)
    {
        RefuseContinuation(options);
        var clock = Stopwatch.StartNew();
        var set = DataSet.Read(problem, options.Seed);
        var share = Shared(problem, options, set.Rows, 0);
        var (map, network, structure) = Build(problem, share, set);
        var result = Fit(problem, share, set, map, network, network.Initialize(options.Seed), structure, clock, new PhaseTimes(), [], 0, progress, checkpoint, cancellation);
        return CrossValidate(problem, share, share.TimeBudgetSeconds, set, result, cancellation, (fold, foldOptions) =>
        {
            var (foldMap, foldNetwork, foldStructure) = Build(problem, foldOptions, fold);
            return Fit(problem, foldOptions, fold, foldMap, foldNetwork, foldNetwork.Initialize(options.Seed), foldStructure, Stopwatch.StartNew(), new PhaseTimes(), [], 0,
                null, null, cancellation);
        });
    }

    /// <summary>
    /// The options of each of the k + 1 fits when <c>data.folds</c> asks for k folds: the time budget left after
    /// <paramref name="spent"/> seconds shared equally, so the run stays within the budget; <paramref name="options"/>
    /// itself without folds.
    /// </summary>
    /// <exception cref="ProblemException">More folds than rows, or so many that a fold leaves too few rows to fit.</exception>
    private static TrainingOptions Shared(Problem problem, TrainingOptions options, int rows, double spent)
    {
        if (problem.Data.Folds is not { } k) return options;
        int validation = Math.Max(1, (int)Math.Round(DataSplit.ValidationShare * rows));
        // Each fold holds out about rows / k and validates on a share; what is left must still hold a few rows to fit.
        if (k > rows || rows - (rows + k - 1) / k - validation < 2)
            throw new ProblemException(problem.SourcePath, 0, "data.folds",
                $"{k} folds of {rows} rows leave too few rows to fit in each ({rows - (rows + k - 1) / k - validation} after the held-out fold and {validation} validation rows); use fewer folds (data: {{folds: 5}}) or more rows.");
        return options with { TimeBudgetSeconds = spent + (options.TimeBudgetSeconds - spent) / (k + 1) };
    }

    /// <summary>
    /// <paramref name="result"/> with its k-fold cross-validation when <c>data.folds</c> asks for one: each fold's rows
    /// held out once, <paramref name="fit"/> fitting a fresh network to the others within its share of the budget.
    /// </summary>
    private static TrainingResult CrossValidate(Problem problem, TrainingOptions share, double foldBudget, DataSet set, TrainingResult result, CancellationToken cancellation,
        Func<DataSet, TrainingOptions, TrainingResult> fit)
    {
        if (problem.Data.Folds is not { } k || result.Data is null) return result;
        // A fold given no time would fit nothing; a second still lets a small network converge (the examples take 0.1-1.6 s).
        var foldOptions = share with { TimeBudgetSeconds = Math.Max(MinimumFoldSeconds, foldBudget) };
        var folds = new List<IReadOnlyList<DataOutputMetrics>>();
        for (int f = 0; f < k && !cancellation.IsCancellationRequested; f++)
        {
            var fold = set.With(DataSplit.Fold(set.Rows, share.Seed, k, f));
            var foldResult = fit(fold, foldOptions);
            folds.Add(foldResult.Data!.Outputs);
        }
        var outputs = result.Data.Outputs.Select((o, j) => new DataFoldOutput(o.Output,
            new FoldSpread([.. folds.Select(f => f[j].RmseTest)]),
            new FoldSpread([.. folds.Select(f => f[j].R2Test)]),
            new FoldSpread([.. folds.Select(f => f[j].RelativeTest.Median)]))).ToArray();
        return result with { Data = result.Data with { CrossValidation = new DataCrossValidation(k, share.Seed, outputs) } };
    }

    /// <summary>
    /// A problem whose outputs come partly from equations and partly from data alone (the data outputs in no equation):
    /// the equations' outputs train first on their equations (<see cref="EquationProblem"/>, without tearing, correction
    /// stages or Newton steps: one plain network), then the data outputs join the same network (its features and
    /// widths) and are fitted to the data, the equations' part held fixed.
    /// </summary>
    public static TrainingResult TrainMixed(Problem problem, TrainingOptions options, Action<TrainingProgress>? progress, Action<EqNetModel>? checkpoint,
        CancellationToken cancellation)
    {
        RefuseContinuation(options);
        var clock = Stopwatch.StartNew();
        var inner = EquationOptions(options) with
        {
            TimeBudgetSeconds = options.TimeBudgetSeconds * EquationShare,
            MaxSteps = options.MaxSteps is { } max ? Math.Max(1, (int)(max * EquationShare)) : null,
        };
        var equations = Trainer.TrainEquations(EquationProblem(problem), inner, progress, cancellation);
        var set = DataSet.Read(problem, options.Seed);
        var share = Shared(problem, options, set.Rows, clock.Elapsed.TotalSeconds);
        var (network, parameters, structure) = Join(problem, share, equations.Model, set);
        var phases = new PhaseTimes();
        foreach (var (phase, seconds) in equations.PhaseTimes.Seconds) phases.Add(phase, seconds);
        var result = Fit(problem, share, set, equations.Model.Features, network, parameters, structure, clock, phases, [.. equations.History], equations.Steps,
            progress, checkpoint, cancellation);
        // Each fold fits the data outputs afresh beside the same equations' part, within its share of the budget left.
        double left = Math.Max(0, options.TimeBudgetSeconds - clock.Elapsed.TotalSeconds) / Math.Max(1, problem.Data.Folds ?? 1);
        result = CrossValidate(problem, share, left, set, result, cancellation, (fold, foldOptions) =>
        {
            var (foldNetwork, foldParameters, foldStructure) = Join(problem, foldOptions, equations.Model, fold);
            return Fit(problem, foldOptions, fold, equations.Model.Features, foldNetwork, foldParameters, foldStructure,
                Stopwatch.StartNew(), new PhaseTimes(), [], 0, null, null, cancellation);
        });
        return result with { StopReason = result.StopReason == StopReason.Cancelled ? StopReason.Cancelled : equations.StopReason, BestValidation = equations.BestValidation };
    }

    /// <summary>Outputs fitted to data train from the start: a resumed or grown run is refused, with what to do.</summary>
    /// <exception cref="TrainingSetupException"><see cref="TrainingOptions.InitialModel"/> or <see cref="TrainingOptions.GrowFrom"/> is set.</exception>
    private static void RefuseContinuation(TrainingOptions options)
    {
        if (options.InitialModel is not null || options.GrowFrom is not null)
            throw new TrainingSetupException(
                $"{(options.GrowFrom is not null ? "--from" : "--resume")} does not apply to outputs fitted to measured data: they train from the start " +
                "(their starts and the network kept are chosen on the data's validation rows in one run); train without it.");
    }

    /// <summary>The design of <see cref="TrainMixed"/>: the equations' network (initial weights) joined by the data outputs'.</summary>
    public static EqNetModel DesignMixed(Problem problem, TrainingOptions options)
    {
        var equations = Trainer.Design(EquationProblem(problem), EquationOptions(options));
        var (network, parameters, structure) = Join(problem, options, equations, DataSet.Read(problem, options.Seed));
        return new EqNetModel(problem, equations.Features, network, parameters, structure: structure);
    }

    /// <summary>The settings the equations' part of a mixed problem trains with: one plain network (no tearing, correction stages or Newton steps).</summary>
    private static TrainingOptions EquationOptions(TrainingOptions options) => options with { Tearing = false, MaxCorrectionStages = 0, NewtonSteps = 0 };

    /// <summary>
    /// <paramref name="problem"/> without the outputs learned from data alone (and without its data): what the equations
    /// determine. The same problem when it has no such outputs.
    /// </summary>
    public static Problem EquationProblem(Problem problem) => Models.EquationPart.Of(problem);

    /// <summary>
    /// The part of a mixed problem's model its equations determine (a model of <see cref="EquationProblem"/>), to evaluate
    /// on the equations; the model itself when it has no data outputs.
    /// </summary>
    public static EqNetModel EquationPart(EqNetModel model) => Models.EquationPart.Of(model);

    /// <summary>
    /// The equations' model joined by the data outputs: each a fresh output of the same widths, units and power terms
    /// over the same features, its head from its training values; all in the problem's output order.
    /// </summary>
    private static (MagnitudeShapeNetwork Network, double[] Parameters, OutputStructure[] Structure) Join(Problem problem, TrainingOptions options, EqNetModel equations, DataSet set)
    {
        var learned = equations.Network;
        var heads = problem.Outputs.Select((output, j) => set.Has(j) ? Head(output, set.Column(j, set.Split.Train)) : null).ToArray();
        var data = new MagnitudeShapeNetwork(learned.FeatureCount, learned.Hidden, learned.LogSumExpUnitCount, learned.PowerTermCount,
            [.. heads.OfType<OutputHead>()], learnedScales: learned.LearnedScales);
        var fresh = data.Initialize(options.Seed);
        var names = learned.Heads.Select(h => h.Name).ToList();
        var picks = new List<(MagnitudeShapeNetwork, double[], int)>();
        int k = 0;
        for (int j = 0; j < problem.Outputs.Count; j++)
            picks.Add(heads[j] is null ? (learned, equations.Parameters, names.IndexOf(problem.Outputs[j].Name)) : (data, fresh, k++));
        var (network, parameters) = NetworkParts.Compose(picks);
        var structure = problem.Outputs.Select((output, j) => heads[j] is null
            ? equations.NetworkStructure.First(s => s.Output == output.Name)
            : OutputStructure.Network(output.Name, Rule(set.Rows))).ToArray();
        return (network, parameters, structure);
    }

    /// <summary>
    /// Fits the data outputs' parts of <paramref name="network"/> (<paramref name="parameters"/> holds every output's;
    /// the others stay as they are) and measures the kept model on the held-out rows.
    /// </summary>
    private static TrainingResult Fit(Problem problem, TrainingOptions options, DataSet set, FeatureMap map, MagnitudeShapeNetwork network, double[] parameters,
        OutputStructure[] structure, Stopwatch clock, PhaseTimes phases, List<TrainingProgress> history, int stepsBefore,
        Action<TrainingProgress>? progress, Action<EqNetModel>? checkpoint, CancellationToken cancellation)
    {
        var split = set.Split;
        var heads = network.Heads;
        var trained = Enumerable.Range(0, problem.Outputs.Count).Where(set.Has).ToArray();
        if ((long)split.Train.Count * network.OutputCount * network.ParameterCount > options.MaxJacobianEntries)
            throw new TrainingSetupException(
                $"fitting {split.Train.Count:N0} data rows needs a Jacobian of {split.Train.Count:N0} rows x {network.OutputCount} outputs x {network.ParameterCount:N0} parameters, " +
                $"more than the {options.MaxJacobianEntries:N0} values allowed; use fewer rows (a random subset of the file) or a smaller network (model: {{hidden: [8]}}).");
        var best = (double[])parameters.Clone();
        var train = new TrainingSet(set.Inputs(split.Train), split.Train.Count, map);
        var validation = new TrainingSet(set.Inputs(split.Validation), split.Validation.Count, map);
        phases.Add("setup", clock.Elapsed.TotalSeconds - phases.Seconds.Sum(p => p.Value));

        int steps = stepsBefore;
        double lastReport = double.NegativeInfinity;
        StopReason? stop = null;
        bool ShouldStop()
        {
            if (cancellation.IsCancellationRequested) stop = StopReason.Cancelled;
            else if (options.MaxSteps is { } max && steps >= max) stop = StopReason.StepLimit;
            else if (clock.Elapsed.TotalSeconds >= options.TimeBudgetSeconds) stop = StopReason.TimeBudget;
            return stop is not null;
        }
        void Report(string phase, double loss, ErrorSummary? check, double damping, bool force = false)
        {
            double now = clock.Elapsed.TotalSeconds;
            if (!force && now - lastReport < ReportEvery) return;
            lastReport = now;
            var line = new TrainingProgress(steps, now, phase, loss, check?.Median, check?.P99, damping, Math.Max(0, options.TimeBudgetSeconds - now));
            history.Add(line);
            progress?.Invoke(line);
        }

        int o = trained.Length;
        var bestMisfit = new double[o];
        var bestSummary = new ErrorSummary[o];
        int starts = 0;
        double begin = clock.Elapsed.TotalSeconds;
        for (int t = 0; t < o; t++)
        {
            int j = trained[t];
            var fit = new DataFit(network, train, set.Column(j, split.Train), set.Scales(j, split.Train), options.Threads, j, parameters);
            var validationTargets = set.Column(j, split.Validation);
            var validationScales = set.Scales(j, split.Validation);
            var (offset, length) = network.OutputParameterRange(j);
            bestMisfit[t] = double.PositiveInfinity;
            bestSummary[t] = new ErrorSummary(double.NaN, double.NaN, double.NaN, double.NaN);
            // Each output its share of the budget and of the steps left; a run held to steps stays deterministic.
            double until = begin + (options.TimeBudgetSeconds - begin) * (t + 1) / o;
            int? stepLimit = options.MaxSteps is { } maxSteps ? stepsBefore + (maxSteps - stepsBefore) * (t + 1) / o : null;
            bool OutputDone() => ShouldStop() || clock.Elapsed.TotalSeconds >= until || steps >= stepLimit;
            for (int start = 0; start < MaxStarts && !OutputDone(); start++)
            {
                starts++;
                if (start > 0)
                {
                    var fresh = network.Initialize(options.Seed + 7919 * start + 104729 * j);
                    fresh.AsSpan(offset, length).CopyTo(parameters.AsSpan(offset, length));
                }
                // The first start's magnitude begins at the least-squares power law of the features (log y linear in them);
                // later ones from a random point only half the time, so the starts differ by more than their MLP's weights.
                if (options.LinearStart && start % 2 == 0 && heads[j].HasMagnitude)
                {
                    int k = network.MagnitudeOwners.ToList().IndexOf((j, false));
                    network.StartMagnitudeLinear(k, parameters, train.Features, train.Count, fit.MagnitudeTargets(heads[j]), []);
                }
                var x = fit.Gather();
                var solver = NetworkSizing.Solver(fit.ParameterCount, options);
                int since = 0;
                while (!OutputDone() && since < Patience && !solver.Exhausted)
                {
                    using (phases.Measure("data lm")) solver.Step(fit, x);
                    steps++;
                    if (!solver.LastCostFinite) break;
                    fit.Scatter(x);
                    ErrorSummary check;
                    double misfit;
                    using (phases.Measure("data validation")) (misfit, check) = Misfit(network, parameters, validation, validationTargets, validationScales, j);
                    since++;
                    if (misfit < bestMisfit[t])
                    {
                        (bestMisfit[t], bestSummary[t], since) = (misfit, check, 0);
                        parameters.AsSpan(offset, length).CopyTo(best.AsSpan(offset, length));
                    }
                    Report($"data {start + 1}", solver.Cost / Math.Max(1, fit.ResidualCount), check, solver.Damping);
                }
                if (checkpoint is not null && t == o - 1)
                    checkpoint(new EqNetModel(problem, map, network, (double[])best.Clone(), structure: structure));
            }
            best.AsSpan(offset, length).CopyTo(parameters.AsSpan(offset, length));
        }
        var model = new EqNetModel(problem, map, network, best, structure: structure);
        double trainMisfit = trained.Average(j => Math.Pow(Misfit(network, best, train, set.Column(j, split.Train), set.Scales(j, split.Train), j).Rms, 2));
        Report("data", trainMisfit, Worst(bestSummary), 0, force: true);
        var outputs = trained.Select(j => Measure(model, set, j)).ToArray();
        var domain = new Prediction.TrainedDomain(problem);
        var all = set.Inputs([.. Enumerable.Range(0, set.Rows)]);
        int d = problem.Inputs.Count;
        var outside = Enumerable.Range(0, set.Rows).Select(i => (Row: i, Violation: domain.FirstViolation(all.AsSpan(i * d, d)))).Where(r => r.Violation is not null).ToArray();
        double seconds = clock.Elapsed.TotalSeconds;
        phases.Add("other", Math.Max(0, seconds - phases.Seconds.Sum(p => p.Value)));
        return new TrainingResult(model, history, steps, seconds, stop ?? StopReason.Converged, Worst(bestSummary))
        {
            PhaseTimes = phases,
            Data = new DataFitResult(problem.Data.File!, problem.Data.Error, set.HasSigma, split, outputs, starts)
            {
                OutsideDomain = outside.Length,
                OutsideExample = outside.Length == 0 ? null : $"row {outside[0].Row + 1}: {outside[0].Violation}",
            },
        };
    }

    /// <summary>
    /// <paramref name="model"/>'s data outputs measured again on <paramref name="file"/> (a data file with the same
    /// columns), its rows split by <paramref name="seed"/> as training split them: on the training run's own file and
    /// seed, the figures of its <see cref="DataFitResult"/>.
    /// </summary>
    /// <exception cref="ProblemException">The file cannot be read as the model's data (missing, a column missing, a bad cell, too few rows).</exception>
    public static DataFitResult Remeasure(EqNetModel model, string file, int seed)
    {
        var problem = model.Problem with { Data = model.Problem.Data with { File = file } };
        var set = DataSet.Read(problem, seed);
        var outputs = Enumerable.Range(0, problem.Outputs.Count).Where(set.Has).Select(j => Measure(model, set, j)).ToArray();
        return new DataFitResult(file, problem.Data.Error, set.HasSigma, set.Split, outputs, 0);
    }

    /// <summary>The features and the untrained network <see cref="Train"/> starts from (the data are read and split as it does).</summary>
    public static EqNetModel Design(Problem problem, TrainingOptions options)
    {
        var (map, network, structure) = Build(problem, options, DataSet.Read(problem, options.Seed));
        return new EqNetModel(problem, map, network, network.Initialize(options.Seed), structure: structure);
    }

    /// <summary>Reads and splits the data; features from the training rows; heads and the hidden layers from their values and count.</summary>
    private static (FeatureMap Map, MagnitudeShapeNetwork Network, OutputStructure[] Structure) Build(Problem problem, TrainingOptions options, DataSet set)
    {
        var split = set.Split;
        var map = FeatureMap.Design(problem, set.Inputs(split.Train), split.Train.Count, readEquations: false);
        var heads = problem.Outputs.Select((output, j) => Head(output, set.Column(j, split.Train))).ToArray();
        var hidden = options.Hidden ?? Hidden(map.Count, heads, split.Train.Count);
        var network = new MagnitudeShapeNetwork(map.Count, hidden, 1, 0, heads);
        var structure = problem.Outputs.Select(output => OutputStructure.Network(output.Name, Rule(set.Rows))).ToArray();
        return (map, network, structure);
    }

    /// <summary>The structure rule of a data output: <c>fitted to measured data (N rows)</c>.</summary>
    internal static string Rule(int rows) => $"{OutputStructure.MeasuredDataRule} ({rows} rows)";

    private static ErrorSummary Worst(ErrorSummary[] summaries) => summaries.Length == 0 ? new ErrorSummary(double.NaN, double.NaN, double.NaN, double.NaN)
        : summaries.MaxBy(s => double.IsNaN(s.P99) ? double.PositiveInfinity : s.P99)!;

    /// <summary>
    /// The head of a data output: its declared bounds if any; else y = exp(m) when every training value is positive
    /// (relative accuracy across decades), y = -exp(m) when every one is negative, and an affine head over their spread
    /// when they take both signs (or include zero).
    /// </summary>
    private static OutputHead Head(OutputSpec output, double[] values)
    {
        if (output.Min is not null || output.Max is not null) return OutputHead.For(output.Name, output.Min, output.Max);
        if (values.All(v => v > 0)) return OutputHead.For(output.Name, 0, null);
        if (values.All(v => v < 0)) return OutputHead.For(output.Name, null, 0);
        double min = values.Min(), max = values.Max();
        return min < max ? new OutputHead(output.Name, OutputHeadKind.Affine, min, max) : OutputHead.For(output.Name, null, null);
    }

    /// <summary>
    /// The automatic hidden layers: the widest single layer (up to <see cref="MaxWidth"/>; two of them from
    /// <see cref="TwoLayerRows"/> rows) whose parameters stay below half the training rows, per output.
    /// </summary>
    internal static IReadOnlyList<int> Hidden(int features, IReadOnlyList<OutputHead> heads, int rows)
    {
        // Fewer parameters than half the rows: with noisy data a network that can thread every point will, so the fit's
        // capacity is held to what the rows can pin down (at least a width of 1: one smooth bend over a power law).
        int PerOutput(IReadOnlyList<int> h) => new MagnitudeShapeNetwork(features, h, 1, 0, heads).ParameterCount / Math.Max(1, heads.Count);
        if (rows >= TwoLayerRows && PerOutput([MaxWidth, MaxWidth]) < rows / 2) return [MaxWidth, MaxWidth];
        int width = 1;
        for (int w = 2; w <= MaxWidth && PerOutput([w]) < rows / 2; w++) width = w;
        return [width];
    }

    /// <summary>Root-mean-square scaled misfit of output <paramref name="j"/> on <paramref name="set"/>, and the summary of |misfit| per row.</summary>
    private static (double Rms, ErrorSummary Summary) Misfit(MagnitudeShapeNetwork network, double[] parameters, TrainingSet set, double[] targets, double[] scales, int j)
    {
        var predicted = new double[set.Count * network.OutputCount];
        network.Predict(parameters, set.Features, set.Count, predicted, 1);
        var errors = new double[set.Count];
        double sum = 0;
        for (int i = 0; i < set.Count; i++)
        {
            double r = (predicted[i * network.OutputCount + j] - targets[i]) / scales[i];
            errors[i] = Math.Abs(r);
            sum += r * r;
        }
        double rms = Math.Sqrt(sum / Math.Max(1, set.Count));
        return (double.IsFinite(rms) ? rms : double.PositiveInfinity, ErrorSummary.Of(errors));
    }

    /// <summary>The kept model's figures for output <paramref name="j"/> on the training, validation and held-out rows.</summary>
    private static DataOutputMetrics Measure(EqNetModel model, DataSet set, int j)
    {
        var split = set.Split;
        (double Rms, double[] Relative, double R2) On(IReadOnlyList<int> rows)
        {
            var predicted = model.Predict(set.Inputs(rows), rows.Count);
            var y = set.Column(j, rows);
            double mean = y.Average(), residual = 0, total = 0;
            var relative = new double[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                double e = predicted[i * model.OutputCount + j] - y[i];
                residual += e * e;
                total += (y[i] - mean) * (y[i] - mean);
                relative[i] = Math.Abs(e) / Math.Max(Math.Abs(y[i]), 1e-300);
            }
            return (Math.Sqrt(residual / rows.Count), relative, total > 0 ? 1 - residual / total : double.NaN);
        }
        var (trainRms, _, trainR2) = On(split.Train);
        var (validationRms, _, _) = On(split.Validation);
        var (testRms, testRelative, testR2) = On(split.Test);
        return new DataOutputMetrics(model.OutputNames[j], split.Train.Count, split.Validation.Count, split.Test.Count, testRms, ErrorSummary.Of(testRelative), testR2,
            trainRms, trainR2, validationRms)
        {
            NoiseLevel = NoiseLevel(model, set, j),
        };
    }

    /// <summary>
    /// Whether output <paramref name="j"/>'s error on the held-out rows is at the data's noise level: against the pure
    /// error of replicates among the fitted and validation rows, or the sigma column (<see cref="LackOfFit.OnHeldOut"/>).
    /// </summary>
    private static LackOfFit NoiseLevel(EqNetModel model, DataSet set, int j)
    {
        var split = set.Split;
        var test = split.Test;
        var predicted = model.Predict(set.Inputs(test), test.Count);
        var y = set.Column(j, test);
        var scales = set.Scales(j, test);
        var heldOut = Enumerable.Range(0, test.Count).Select(i => (predicted[i * model.OutputCount + j] - y[i]) / scales[i]).ToArray();
        int[] others = [.. split.Train.Concat(split.Validation).Order()];
        var otherScales = set.Scales(j, others);
        var values = set.Column(j, others).Select((v, i) => v / otherScales[i]).ToArray();
        var weights = otherScales.Select(v => 1 / v).ToArray();
        int d = model.InputNames.Count;
        var inputs = set.Inputs(others);
        var columns = Enumerable.Range(0, d).Select(k => Enumerable.Range(0, others.Length).Select(i => inputs[i * d + k]).ToArray()).ToArray();
        return LackOfFit.OnHeldOut(heldOut, values, weights, columns, set.HasSigma);
    }

    /// <summary>The data file's rows: inputs, the data outputs' values and each row's scale (per problem output; none for the equations' outputs), with the split.</summary>
    private sealed class DataSet
    {
        private readonly double[][] _inputs;
        private readonly double[]?[] _outputs, _scales;

        private DataSet(double[][] inputs, double[]?[] outputs, double[]?[] scales, DataSplit split, bool sigma)
        {
            (_inputs, _outputs, _scales, Split, HasSigma) = (inputs, outputs, scales, split, sigma);
        }

        public DataSplit Split { get; }

        public bool HasSigma { get; }

        public int Rows => Split.Rows;

        /// <summary>Whether problem output <paramref name="j"/> is learned from the data.</summary>
        public bool Has(int j) => _outputs[j] is not null;

        /// <summary>The same rows split otherwise (a cross-validation fold).</summary>
        public DataSet With(DataSplit split) => new(_inputs, _outputs, _scales, split, HasSigma);

        public static DataSet Read(Problem problem, int seed)
        {
            string file = problem.Data.File ?? throw new InvalidOperationException("a problem with data outputs has a data file");
            var data = MeasuredData.Read(file, [.. problem.InputNames, .. problem.DataOutputs]);
            if (data.Rows < DataSplit.MinimumRows)
                throw new ProblemException(file, 0, "data.file",
                    $"{data.Rows} data row{(data.Rows == 1 ? "" : "s")}; a network fitted to measured data needs at least {DataSplit.MinimumRows} " +
                    $"({DataSplit.TestShare:P0} are held out to measure it and {DataSplit.ValidationShare:P0} choose the network kept). Add rows, or give the output by an equation.");
            var inputs = problem.InputNames.Select(data.Column).ToArray();
            var outputs = problem.OutputNames.Select(name => problem.DataOutputs.Contains(name) ? data.Column(name) : null).ToArray();
            var scales = new double[]?[outputs.Length];
            for (int j = 0; j < outputs.Length; j++)
            {
                if (outputs[j] is not { } column) continue;
                var scale = scales[j] = new double[data.Rows];
                for (int i = 0; i < data.Rows; i++)
                {
                    double y = column[i];
                    scale[i] = data.Sigma is { } sigma ? sigma[i] : problem.Data.Error == DataErrorKind.Absolute ? 1 : Math.Abs(y);
                    if (scale[i] == 0)
                        throw new ProblemException(file, i + 2, problem.OutputNames[j],
                            $"the value is 0, and data.error: relative divides each row's misfit by |{problem.OutputNames[j]}|; use data.error: absolute, or a '{DataSettings.SigmaColumn}' column.");
                }
            }
            return new DataSet(inputs, outputs, scales, DataSplit.Of(data.Rows, seed), data.Sigma is not null);
        }

        /// <summary>Row-major rows x inputs.</summary>
        public double[] Inputs(IReadOnlyList<int> rows)
        {
            int d = _inputs.Length;
            var x = new double[rows.Count * d];
            for (int i = 0; i < rows.Count; i++)
                for (int k = 0; k < d; k++) x[i * d + k] = _inputs[k][rows[i]];
            return x;
        }

        public double[] Column(int j, IReadOnlyList<int> rows) => [.. rows.Select(i => _outputs[j]![i])];

        public double[] Scales(int j, IReadOnlyList<int> rows) => [.. rows.Select(i => _scales[j]![i])];
    }

    /// <summary>The misfit of one output's network on the training rows, (prediction - y) / scale per row, with its own parameters only.</summary>
    private sealed class DataFit : ILeastSquaresProblem
    {
        private readonly MagnitudeShapeNetwork _network;
        private readonly TrainingSet _set;
        private readonly double[] _targets, _scales, _outputs, _full;
        private readonly int _threads, _output, _offset;
        private readonly ParameterView _view;
        private double[] _fullJacobian = [];

        public DataFit(MagnitudeShapeNetwork network, TrainingSet set, double[] targets, double[] scales, int threads, int output, double[] parameters)
        {
            (_network, _set, _targets, _scales, _threads, _output, _full) = (network, set, targets, scales, threads, output, parameters);
            (_offset, ParameterCount) = network.OutputParameterRange(output);
            _view = new ParameterView(parameters, [(_offset, ParameterCount)]);
            _outputs = new double[set.Count * network.OutputCount];
        }

        public int ParameterCount { get; }

        public int ResidualCount => _set.Count;

        public double[] Gather() => _view.Gather();

        public void Scatter(ReadOnlySpan<double> x) => _view.Scatter(x);

        /// <summary>The magnitude's target per training row (log of the distance from the head's bound), for the linear start.</summary>
        public double[] MagnitudeTargets(OutputHead head) => [.. _targets.Select(y => head.MagnitudeFor(y)).Select(m => double.IsFinite(m) ? m : double.NaN)];

        public void Evaluate(ReadOnlySpan<double> parameters, Span<double> residuals, Span<double> jacobian)
        {
            int p = ParameterCount, all = _network.ParameterCount, o = _network.OutputCount;
            Scatter(parameters);
            if (!jacobian.IsEmpty && _fullJacobian.Length < (long)_set.Count * o * all) _fullJacobian = new double[(long)_set.Count * o * all];
            var moving = Enumerable.Range(0, o).Select(j => j == _output).ToArray();
            _network.Evaluate(_full, _set.Features, _set.Count, _outputs, jacobian.IsEmpty ? default : _fullJacobian, _threads, default, moving);
            for (int i = 0; i < _set.Count; i++)
            {
                int at = i * o + _output;
                residuals[i] = (_outputs[at] - _targets[i]) / _scales[i];
                if (jacobian.IsEmpty) continue;
                System.Numerics.Tensors.TensorPrimitives.Multiply(_fullJacobian.AsSpan(at * all + _offset, p), 1 / _scales[i], jacobian.Slice(i * p, p));
            }
        }
    }
}

/// <summary>A data output's figures after training (<see cref="DataFitResult"/>; metrics.json's <c>outputs.NAME.data</c>).</summary>
/// <param name="Output">The output.</param>
/// <param name="RowsTrain">Rows the fit saw.</param>
/// <param name="RowsValidation">Rows that chose the kept network.</param>
/// <param name="RowsTest">Held-out rows.</param>
/// <param name="RmseTest">Root-mean-square error on the held-out rows, in the output's units.</param>
/// <param name="RelativeTest">|prediction - y| / |y| on the held-out rows: median, p90, p99, max.</param>
/// <param name="R2Test">Coefficient of determination on the held-out rows (NaN when their values are all equal).</param>
/// <param name="RmseTrain">Root-mean-square error on the training rows (far below <paramref name="RmseTest"/>: overfitting).</param>
/// <param name="R2Train">Coefficient of determination on the training rows.</param>
/// <param name="RmseValidation">Root-mean-square error on the validation rows.</param>
public sealed record DataOutputMetrics(string Output, int RowsTrain, int RowsValidation, int RowsTest, double RmseTest, ErrorSummary RelativeTest, double R2Test,
    double RmseTrain, double R2Train, double RmseValidation)
{
    /// <summary>Whether the held-out error is at the data's noise level (replicates among the other rows, or the sigma column), or that it cannot tell.</summary>
    public LackOfFit? NoiseLevel { get; init; }
}

/// <summary>What fitting networks to measured data produced besides the model: the data, the split and the held-out figures.</summary>
/// <param name="File">The data file.</param>
/// <param name="Error">How rows were weighted when the file has no sigma column.</param>
/// <param name="Sigma">Whether the file's sigma column weighted the rows.</param>
/// <param name="Split">Which rows trained, validated and were held out (<c>DIR/data-split.csv</c>).</param>
/// <param name="Outputs">Per data output, its figures.</param>
/// <param name="Starts">Levenberg-Marquardt starts run, over all outputs.</param>
public sealed record DataFitResult(string File, DataErrorKind Error, bool Sigma, DataSplit Split, IReadOnlyList<DataOutputMetrics> Outputs, int Starts)
{
    /// <summary>File name of the split inside the run folder.</summary>
    public const string SplitFileName = "data-split.csv";

    /// <summary>The k-fold cross-validation <c>data.folds</c> asked for, or null.</summary>
    public DataCrossValidation? CrossValidation { get; init; }

    /// <summary>Data rows whose inputs lie outside the problem's input bounds (fitted and measured all the same).</summary>
    public int OutsideDomain { get; init; }

    /// <summary>The first such row (1-based, after the header) and the bound it breaks, or null.</summary>
    public string? OutsideExample { get; init; }

    /// <summary>A warning when rows lie outside the input bounds, else null.</summary>
    public string? OutsideWarning => OutsideDomain == 0 ? null :
        $"{OutsideDomain} of {Split.Rows} rows of {File} lie outside the inputs' bounds (first, {OutsideExample}): the network is fitted to them and measured on them, " +
        "but its predictions there are flagged in_domain = false; widen the bounds, or leave min and max out to take the data's range.";

    /// <summary>The weighting in words: "relative", "absolute" or "sigma column".</summary>
    public string Weighting => Sigma ? "sigma column" : Error == DataErrorKind.Absolute ? "absolute" : "relative";
}
