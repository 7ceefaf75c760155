using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;

namespace EqNet.Evaluation;

/// <summary>Measures a model on a fresh held-out sample of its problem's stated domain.</summary>
public static class Evaluator
{
    /// <summary>Seed offset for held-out evaluation, so it never coincides with a training or validation seed.</summary>
    public const int HeldOutSeedOffset = 1_000_003;

    /// <summary>
    /// Draws <paramref name="samples"/> points with <paramref name="seed"/> and measures <paramref name="model"/> on them,
    /// then searches for larger errors from the worst of them (<see cref="WorstCaseSearch"/>, <paramref name="worstCaseEvaluations"/>
    /// model evaluations per objective; 0 for none).
    /// </summary>
    public static EvaluationResult Evaluate(IPredictor model, int samples, int seed, int threads = 0, int worstCaseEvaluations = DefaultWorstCaseEvaluations)
    {
        // A model whose outputs come partly from data alone is measured on its equations' part: the data outputs appear in no equation.
        if (model is EqNetModel { Problem.DataOutputs.Count: > 0, Problem.IsDataOnly: false } mixed) model = EquationPart.Of(mixed);
        var problem = model.Problem;
        var inputs = new DomainSampler(problem).Sample(samples, seed);
        var predicted = model.Predict(inputs, samples, threads);
        var system = new CompiledSystem(problem);
        var (perEquation, overall) = system.ScaleRelativeErrors(system.Join(inputs, predicted, samples), samples);

        int e = system.EquationCount, o = system.OutputCount;
        var equations = new EquationResult[e];
        var column = new double[samples];
        for (int k = 0; k < e; k++)
        {
            for (int i = 0; i < samples; i++) column[i] = perEquation[i * e + k];
            equations[k] = new EquationResult(problem.Equations[k].Text, ErrorSummary.Of(column));
        }

        var (reference, _) = new ExplicitDefinitions(problem).Evaluate(inputs, samples);
        var newton = Polish(system, inputs, predicted, reference, samples);
        var outputs = new OutputResult[o];
        for (int j = 0; j < o; j++)
            outputs[j] = Compare(problem.Outputs[j].Name, predicted, reference, samples, o, j, problem.Outputs[j].Scale) with { Structure = model.Structure[j] };

        var result = new EvaluationResult(problem.Name, samples, seed, ErrorSummary.Of(overall), equations, outputs,
            new EvaluationPoints(inputs, predicted, reference, perEquation, overall), newton)
        {
            WorstRegion = WorstRegion.Of(problem, inputs, reference, overall, samples),
            NetworkAlone = model is EqNetModel { Refinement: { } refinement } refined ? Alone(refined, refinement, system, inputs, samples, overall, reference, outputs, threads) : null,
        };
        return worstCaseEvaluations > 0 && samples > 0 ? result with { WorstCase = WorstCaseSearch.Search(model, result, worstCaseEvaluations) } : result;
    }

    /// <summary>Scale-relative residual above which a point counts as one the Newton steps did not take to its root: 1e4 ulps, far above rounding.</summary>
    public const double MissedResidual = 1e-12;

    /// <summary>
    /// The refined model's network measured on the same points without its Newton steps, and where the steps stopped
    /// short: how many points, and which of the network's unknowns started furthest from the root there.
    /// </summary>
    private static NetworkAlone Alone(EqNetModel model, Models.NewtonRefinement refinement, CompiledSystem system, double[] inputs, int samples,
        double[] refined, double[] reference, OutputResult[] results, int threads)
    {
        var predicted = model.WithoutRefinement().Predict(inputs, samples, threads);
        var (_, overall) = system.ScaleRelativeErrors(system.Join(inputs, predicted, samples), samples);
        var missed = Enumerable.Range(0, samples).Where(i => !(refined[i] <= MissedResidual)).ToArray();
        string? unknown = null;
        double? startError = null;
        if (missed.Length > 0)
        {
            int o = model.OutputCount;
            var names = model.OutputNames.ToList();
            // Against Newton's root where it converged; per unknown, the median start error over the missed points.
            foreach (string name in refinement.System.OutputNames)
            {
                int j = names.IndexOf(name);
                var errors = missed.Select(i => (i, y: reference[i * o + j])).Where(p => double.IsFinite(p.y))
                    .Select(p => Math.Abs(predicted[p.i * o + j] - p.y) / (results[j].RootErrorScale ?? Math.Max(Math.Abs(p.y), 1e-300))).Order().ToArray();
                if (errors.Length == 0) continue;
                double median = errors[errors.Length / 2];
                if (startError is null || median > startError) (unknown, startError) = (name, median);
            }
        }
        return new NetworkAlone(ErrorSummary.Of(overall), refinement.Text, missed.Length) { FarthestStart = unknown, FarthestStartError = startError, Equations = refinement.Equations };
    }

    /// <summary>Model evaluations per objective of the worst-case search: a fraction of a second next to 100,000 held-out points.</summary>
    public const int DefaultWorstCaseEvaluations = 3000;

    /// <summary>Relative distance from the prediction beyond which Newton's root counts as a different root.</summary>
    public const double FarRootDistance = 0.1;

    /// <summary>
    /// Newton from each prediction gives the exact solution that outputs without an explicit definition are compared
    /// with (written into <paramref name="reference"/>); explicit outputs keep their formula's value.
    /// </summary>
    private static NewtonCheck Polish(CompiledSystem system, double[] inputs, double[] predicted, double[] reference, int samples)
    {
        int o = system.OutputCount, d = system.InputCount;
        var solved = new NewtonSolver(system).Solve(inputs, samples, predicted);
        int far = 0;
        string? farExample = null, unconvergedExample = null;
        // Near a zero crossing a tiny absolute error is a large relative one; measure distance against at least a
        // thousandth of the output's typical magnitude so that such points do not count as another root.
        var floor = new double[o];
        for (int j = 0; j < o; j++)
        {
            var magnitudes = Enumerable.Range(0, samples).Where(i => solved.Converged[i]).Select(i => Math.Abs(solved.Solutions[i * o + j])).Order().ToArray();
            floor[j] = magnitudes.Length > 0 ? 1e-3 * magnitudes[magnitudes.Length / 2] : 0;
        }
        for (int i = 0; i < samples; i++)
        {
            if (!solved.Converged[i])
            {
                unconvergedExample ??= Point(system, inputs, i, d);
                continue;
            }
            bool isFar = false;
            for (int j = 0; j < o; j++)
            {
                double root = solved.Solutions[i * o + j];
                isFar |= Math.Abs(predicted[i * o + j] - root) > FarRootDistance * Math.Max(Math.Max(Math.Abs(root), floor[j]), 1e-300);
                if (double.IsNaN(reference[i * o + j])) reference[i * o + j] = root;
            }
            if (isFar)
            {
                far++;
                farExample ??= Point(system, inputs, i, d);
            }
        }
        return new NewtonCheck(solved.ConvergedFraction, far / (double)Math.Max(1, samples), unconvergedExample, farExample);
    }

    private static string Point(CompiledSystem system, double[] inputs, int i, int d) =>
        string.Join(", ", Enumerable.Range(0, d).Select(k => $"{system.Variables[k]}={inputs[i * d + k].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>
    /// R^2 and root error of output <paramref name="j"/> against reference values (NaN = unknown): relative to the root
    /// itself, |yhat - y*| / |y*|; or relative to a scale, |yhat - y*| / scale, when <paramref name="scale"/> is given
    /// (the output's <c>scale:</c>) or the output crosses zero or is tiny at some points (<see cref="RootErrorScale"/>).
    /// </summary>
    public static OutputResult Compare(string name, ReadOnlySpan<double> predicted, ReadOnlySpan<double> reference, int samples, int outputs, int j,
        double? scale = null)
    {
        var known = new List<double>();
        for (int i = 0; i < samples; i++)
        {
            double y = reference[i * outputs + j];
            if (!double.IsNaN(y)) known.Add(y);
        }
        if (known.Count == 0) return new OutputResult(name, null, null);
        double mean = known.Average();
        var (kind, by) = RootErrorScale.Choose(known, scale);
        double residual = 0, total = 0;
        var errors = new double[known.Count];
        int at = 0;
        for (int i = 0; i < samples; i++)
        {
            double y = reference[i * outputs + j];
            if (double.IsNaN(y)) continue;
            double yhat = predicted[i * outputs + j];
            residual += (yhat - y) * (yhat - y);
            total += (y - mean) * (y - mean);
            errors[at++] = Math.Abs(yhat - y) / Math.Max(kind == RootErrorKind.ScaleRelative ? by : Math.Abs(y), 1e-300);
        }
        double r2 = total > 0 ? 1 - residual / total : residual == 0 ? 1 : double.NegativeInfinity;
        return new OutputResult(name, r2, ErrorSummary.Of(errors))
        {
            RootErrorKind = kind,
            RootErrorScale = kind == RootErrorKind.ScaleRelative ? by : null,
        };
    }
}
