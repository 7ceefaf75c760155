using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Training;

/// <summary>
/// Fits correction stages (<see cref="CorrectionStages"/>) after the network's own fit has reached its floor: each stage
/// a small tanh network per output, fitted by Levenberg-Marquardt to the remaining error divided by its root mean square
/// (Wang and Lai, J. Comput. Phys. 2024, arXiv 2307.08934), kept only when it lowers the held-out p99.
/// See docs/decisions/0003-correction-stages.md for the numbers behind the choices.
/// </summary>
internal sealed class CorrectionTraining
{
    /// <summary>A stage is kept when it lowers the held-out p99 below this share of what it was: less is noise.</summary>
    public const double KeepRatio = 0.8;

    /// <summary>Share of the time left a stage may use when another stage could follow it.</summary>
    public const double StageShare = 0.6;

    /// <summary>Levenberg-Marquardt iterations between held-out checks of a stage.</summary>
    private const int CheckEvery = 5;

    /// <summary>Floor of the weight sqrt(y^2 + f^2) of an output that changes sign, as a share of its median size: a relative correction there would divide by zero.</summary>
    private const double SignChangingFloor = 1e-2;

    /// <summary>Floor for an output of one sign, as a share of its median size: relative all the way down, without dividing by an exact 0.</summary>
    private const double OneSignFloor = 1e-12;

    private readonly Problem _problem;
    private readonly CompiledSystem _system;
    private readonly TrainingOptions _options;
    private readonly TrainingSet _validation;
    private readonly double[] _networkValidation;

    /// <param name="problem">The problem.</param>
    /// <param name="system">Its compiled equations.</param>
    /// <param name="options">The run's settings (hidden widths of the stages, threads, points).</param>
    /// <param name="model">The network's fit (no stages).</param>
    /// <param name="validation">The held-out points that choose what is kept.</param>
    public CorrectionTraining(Problem problem, CompiledSystem system, TrainingOptions options, EqNetModel model, TrainingSet validation)
    {
        _problem = problem;
        _system = system;
        _options = options;
        _validation = validation;
        Model = model;
        _networkValidation = new double[validation.Count * problem.Outputs.Count];
        model.Network.Predict(model.Parameters, validation.Features, validation.Count, _networkValidation, options.Threads);
        Summary = Validate(model.Corrections);
    }

    /// <summary>The model with the stages kept so far.</summary>
    public EqNetModel Model { get; private set; }

    /// <summary>Held-out error of <see cref="Model"/>.</summary>
    public ErrorSummary Summary { get; private set; }

    /// <summary>
    /// Fits one more stage until <paramref name="until"/> (seconds on <paramref name="clock"/>) or <paramref name="stop"/>
    /// says so; keeps it when it lowers the held-out p99 enough (<see cref="KeepRatio"/>).
    /// </summary>
    /// <param name="sample">Draws training points (row-major count x inputs).</param>
    /// <param name="clock">Seconds since the run started.</param>
    /// <param name="until">When the stage must end.</param>
    /// <param name="stop">Whether the run must stop now (budget, steps, cancellation); called once per iteration.</param>
    /// <param name="report">Called after each iteration with the stage's phase name, its loss and, at checks, the held-out p99.</param>
    /// <returns>Whether the stage was kept.</returns>
    public bool AddStage(Func<int, double[]> sample, Func<double> clock, double until, Func<bool> stop, Action<string, double, ErrorSummary?> report)
    {
        int n = _options.TrainingPoints, o = _problem.Outputs.Count;
        var train = new TrainingSet(sample(n), n, Model.Features);
        var (network, current) = Predictions(Model, train);
        var reference = References(train, current);
        var floors = Model.Corrections?.Floors.ToArray() ?? Floors(reference, n, o);
        var shape = new DenseNetwork(Model.Features.Count, StageHidden());
        var scales = new double[o];
        var targets = new double[o][];
        for (int j = 0; j < o; j++)
        {
            targets[j] = new double[n];
            double sum = 0;
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                double r = (reference[i * o + j] - current[i * o + j]) / CorrectionStages.Weight(network[i * o + j], floors[j]);
                targets[j][i] = double.IsFinite(r) ? r : double.NaN;
                if (!double.IsFinite(r)) continue;
                sum += r * r;
                count++;
            }
            scales[j] = count > 0 ? Math.Sqrt(sum / count) : 0;
            for (int i = 0; i < n; i++) targets[j][i] = scales[j] > 0 ? targets[j][i] / scales[j] : double.NaN;
        }
        int stageIndex = (Model.Corrections?.Count ?? 0) + 1;
        string phase = $"stage {stageIndex + 1}";
        var random = new Random(_options.Seed * 31 + stageIndex);
        var parameters = new double[o * shape.ParameterCount];
        var fits = new CorrectionFit?[o];
        var solvers = new LevenbergMarquardt?[o];
        var xs = new double[o][];
        for (int j = 0; j < o; j++)
        {
            xs[j] = new double[shape.ParameterCount];
            if (scales[j] == 0) continue;
            fits[j] = new CorrectionFit(shape, train.Features, targets[j], n, _options.Threads);
            Sensitivities(train, current, network, floors[j], j).CopyTo(fits[j]!.Weights, 0);
            xs[j] = Start(shape, train.Features, targets[j], fits[j]!.Weights, n, random);
            solvers[j] = NetworkSizing.Solver(shape.ParameterCount, _options);
        }
        var floorsOut = floors;
        CorrectionStages Candidate()
        {
            for (int j = 0; j < o; j++) xs[j].CopyTo(parameters, j * shape.ParameterCount);
            var stage = new CorrectionStage(shape.InputCount, shape.Hidden, scales, (double[])parameters.Clone());
            return (Model.Corrections ?? new CorrectionStages(shape.InputCount, floorsOut, [])).With(stage);
        }
        CorrectionStages? best = null;
        var bestSummary = Summary;
        for (int it = 1; clock() < until && !stop(); it++)
        {
            double cost = 0;
            bool moved = false;
            for (int j = 0; j < o; j++)
            {
                if (fits[j] is null || solvers[j]!.Exhausted) continue;
                solvers[j]!.Step(fits[j]!, xs[j]);
                if (!solvers[j]!.LastCostFinite) return Keep(best, bestSummary);
                cost += solvers[j]!.Cost;
                moved = true;
            }
            ErrorSummary? check = null;
            if (it % CheckEvery == 0 || !moved)
            {
                var candidate = Candidate();
                check = Validate(candidate);
                if (check.P99 < bestSummary.P99) (best, bestSummary) = (candidate, check);
            }
            report(phase, cost / Math.Max(1, n * o), check);
            if (!moved) break;
        }
        if (best is null)
        {
            var candidate = Candidate();
            var last = Validate(candidate);
            if (last.P99 < bestSummary.P99) (best, bestSummary) = (candidate, last);
        }
        return Keep(best, bestSummary);
    }

    /// <summary>
    /// Per training point, how much the held-out metric (the scale-relative residual) moves per unit of output
    /// <paramref name="j"/>'s correction (a change of its weight sqrt(n^2 + f^2)), divided by its median: the least-squares
    /// weights that make the stage's loss the metric's, so points where the equations ask for little precision (an
    /// output near zero whose terms do not vanish) do not pull the fit. Measured by a step of <see cref="Probe"/> weights, far
    /// above the error left and far below where the equations bend.
    /// </summary>
    private double[] Sensitivities(TrainingSet set, double[] current, double[] network, double floor, int j)
    {
        int n = set.Count, o = _problem.Outputs.Count;
        var moved = (double[])current.Clone();
        for (int i = 0; i < n; i++) moved[i * o + j] += Probe * CorrectionStages.Weight(network[i * o + j], floor);
        var errors = _system.ScaleRelativeErrors(_system.Join(set.Inputs, moved, n), n).Overall;
        var weights = errors.Select(e => double.IsFinite(e) ? e / Probe : 0).ToArray();
        double median = weights.Where(w => w > 0).Order().ElementAtOrDefault(weights.Count(w => w > 0) / 2);
        return median > 0 ? weights.Select(w => w / median).ToArray() : weights.Select(_ => 1.0).ToArray();
    }

    /// <summary>
    /// A stage network's start: first-layer weights of scale kappa / sqrt(fan-in) and biases uniform in [-kappa, kappa],
    /// so the units' bends spread over the features' range at that frequency, for each kappa of <see cref="Frequencies"/>;
    /// the output layer is the weighted linear least-squares fit on the last hidden layer (a random-feature fit). Keeps the
    /// start with the lowest misfit: what a network leaves oscillates faster than its own shape (Wang and Lai pick the first
    /// layer's scale from the residual's dominant frequency for the same reason), and Levenberg-Marquardt from a random
    /// output would first have to undo it.
    /// </summary>
    private static double[] Start(DenseNetwork shape, double[] features, double[] targets, double[] weights, int n, Random random)
    {
        double[]? best = null;
        double bestMisfit = double.PositiveInfinity;
        int d = shape.InputCount, first = shape.Hidden.Count > 0 ? shape.Hidden[0] : 0;
        foreach (double kappa in Frequencies)
        {
            var x = new double[shape.ParameterCount];
            shape.Initialize(x, random);
            for (int k = 0; k < first * d; k++) x[k] *= kappa;
            for (int k = 0; k < first; k++) x[first * d + k] = kappa * (2 * random.NextDouble() - 1);
            StartOutputLayer(shape, x, features, targets, weights, n);
            double misfit = 0;
            var scratch = new double[shape.ScratchLength];
            for (int i = 0; i < n; i++)
                if (double.IsFinite(targets[i]))
                {
                    double r = weights[i] * (shape.Forward(x, features.AsSpan(i * d, d), scratch) - targets[i]);
                    misfit += r * r;
                }
            if (misfit < bestMisfit) (best, bestMisfit) = (x, misfit);
        }
        return best!;
    }

    /// <summary>First-layer scales a stage's start tries (see <see cref="Start"/>): from the network's own smoothness to a few dozen bends across the range.</summary>
    private static readonly double[] Frequencies = [1, 3, 10, 30];

    /// <summary>The output layer as the weighted linear least-squares fit of the targets on the last hidden layer's activations.</summary>
    private static void StartOutputLayer(DenseNetwork shape, double[] x, double[] features, double[] targets, double[] weights, int n)
    {
        int last = shape.Hidden.Count > 0 ? shape.Hidden[^1] : shape.InputCount, d = shape.InputCount;
        var fit = new RidgeLeastSquares(last + 1);
        var scratch = new double[shape.ScratchLength];
        var row = new double[last + 1];
        row[last] = 1;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(targets[i])) continue;
            shape.Forward(x, features.AsSpan(i * d, d), scratch);
            scratch.AsSpan(shape.ScratchLength - 1 - last, last).CopyTo(row);
            fit.Add(row, targets[i], weights[i] * weights[i]);
        }
        if (fit.Solve() is { } solution) solution.CopyTo(x, shape.ParameterCount - last - 1);
    }

    /// <summary>Relative step that measures the metric's sensitivity: 1e-4 of an output's size.</summary>
    private const double Probe = 1e-4;

    /// <summary>Takes <paramref name="best"/> when it beats the model without it by <see cref="KeepRatio"/>.</summary>
    private bool Keep(CorrectionStages? best, ErrorSummary summary)
    {
        if (best is null || !(summary.P99 < KeepRatio * Summary.P99)) return false;
        Model = new EqNetModel(_problem, Model.Features, Model.Network, Model.Parameters) { Corrections = best };
        Summary = summary;
        return true;
    }

    /// <summary>Hidden widths of a stage's networks: the options', else one layer of 48 (a random-feature start needs one layer; about 250 to 450 parameters on 3 to 8 features).</summary>
    private IReadOnlyList<int> StageHidden() => _options.StageHidden ?? [48];

    /// <summary>The network's own predictions and the model's (network plus stages) at the training points.</summary>
    private (double[] Network, double[] Model) Predictions(EqNetModel model, TrainingSet set)
    {
        var network = new double[set.Count * _problem.Outputs.Count];
        model.Network.Predict(model.Parameters, set.Features, set.Count, network, _options.Threads);
        var full = (double[])network.Clone();
        model.Corrections?.Apply(set.Features, set.Count, full);
        return (network, full);
    }

    /// <summary>
    /// What the outputs should be: the explicit definitions where the equations give them, else Newton's roots from the
    /// model's predictions (a step or two away); NaN where Newton does not converge.
    /// </summary>
    private double[] References(TrainingSet set, double[] predictions)
    {
        var definitions = new ExplicitDefinitions(_problem);
        var (values, _) = definitions.Evaluate(set.Inputs, set.Count);
        if (definitions.AllExplicit) return values;
        int o = _problem.Outputs.Count;
        var solved = new NewtonSolver(_system).Solve(set.Inputs, set.Count, predictions);
        for (int i = 0; i < set.Count; i++)
            for (int j = 0; j < o; j++)
                if (!double.IsFinite(values[i * o + j])) values[i * o + j] = solved.Converged[i] ? solved.Solutions[i * o + j] : double.NaN;
        return values;
    }

    /// <summary>Per output, the floor of the weight: <see cref="SignChangingFloor"/> or <see cref="OneSignFloor"/> of its median size.</summary>
    private static double[] Floors(double[] reference, int n, int o)
    {
        var floors = new double[o];
        for (int j = 0; j < o; j++)
        {
            var values = Enumerable.Range(0, n).Select(i => reference[i * o + j]).Where(double.IsFinite).ToArray();
            if (values.Length == 0) continue;
            double median = values.Select(Math.Abs).Order().ElementAt(values.Length / 2);
            bool changesSign = values.Any(v => v > 0) && values.Any(v => v < 0);
            floors[j] = (changesSign ? SignChangingFloor : OneSignFloor) * median;
        }
        return floors;
    }

    /// <summary>Held-out error of the network with <paramref name="corrections"/>.</summary>
    private ErrorSummary Validate(CorrectionStages? corrections)
    {
        var outputs = (double[])_networkValidation.Clone();
        corrections?.Apply(_validation.Features, _validation.Count, outputs);
        var points = _system.Join(_validation.Inputs, outputs, _validation.Count);
        return ErrorSummary.Of(_system.ScaleRelativeErrors(points, _validation.Count).Overall);
    }
}
