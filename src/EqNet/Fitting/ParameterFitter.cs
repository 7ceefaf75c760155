using EqNet.Evaluation;
using System.Globalization;
using EqNet.Optimization;
using EqNet.Problems;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace EqNet.Fitting;

/// <summary>
/// Parameter identification: fits a problem's unknown constants (<c>parameters</c>) to its measured data
/// (<c>data.file</c>) by Levenberg-Marquardt, then states how sure the estimates are by the delta method (standard
/// errors s sqrt(diag (J^T J)^-1), Student's t intervals, correlations) and warns where the data cannot tell
/// parameters apart. See docs/data.md.
/// </summary>
/// <remarks>
/// Without a start, a multi-start search runs many short Levenberg-Marquardt runs from quasi-random starts (a shifted
/// Halton sequence) inside the bounds, log-spaced over decades for parameters without bounds, and continues the best to
/// convergence. The statistics follow NIST StRD's definitions (certified standard deviations are s sqrt(diag (J^T J)^-1));
/// J is factored by Householder QR with unit-length columns, not squared into J^T J, so ill-conditioned fits keep their digits.
/// </remarks>
public static class ParameterFitter
{
    /// <summary>Levenberg-Marquardt's relative step tolerance for a run to convergence; near double precision, so runs stop at the optimum's last digits, not before.</summary>
    private const double StepTolerance = 1e-15;

    /// <summary>Residual-to-column cosine below which the estimate is a least-squares optimum (MINPACK's gtol test); above rounding noise for every NIST StRD problem.</summary>
    private const double GradientCosine = 1e-5;

    /// <summary>Correlation above which two parameters are reported as indistinguishable from the data.</summary>
    internal const double HighCorrelation = 0.999;

    /// <summary>Condition number of the column-scaled Jacobian above which the fit is reported as near-singular: beyond it, about 10 of the 16 digits are lost.</summary>
    internal const double NearSingular = 1e10;

    /// <summary>Fits the parameters of <paramref name="problem"/> to its data file.</summary>
    /// <exception cref="ProblemException">
    /// The problem has no parameters or no data, a data column is missing or holds a non-number, or there are fewer
    /// residuals than parameters.
    /// </exception>
    public static ParameterFitResult Fit(Problem problem, ParameterFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new ParameterFitOptions();
        options.Validate();
        if (problem.Parameters.Count == 0)
            throw new ProblemException(problem.SourcePath, 0, "parameters",
                "the problem has no unknown constants to fit; add a 'parameters' section naming them (see docs/data.md).");
        if (problem.Data.File is not { } file)
            throw new ProblemException(problem.SourcePath, 0, "data", "fitting parameters needs measured data; add data: {file: points.csv}.");
        if (problem.Outputs.FirstOrDefault(o => o.IsLearnedTerm) is { } term)
            throw new ProblemException(problem.SourcePath, term.Line, $"outputs.{term.Name}.inputs",
                $"'{term.Name}' is a term learned inside an equation; fit the problem with LearnedTermFitter.Fit (as 'eqnet train' does), which fits its network jointly with the parameters.");
        var data = MeasuredData.Read(file, DataVariables(problem));
        var result = FitData(problem, data, options);
        if (problem.Data.Folds is not { } folds) return result;
        // Each fold starts from the fit to every row, with no profiles: the folds measure prediction, not intervals.
        var started = problem with { Parameters = [.. problem.Parameters.Select((q, j) => q with { Start = result.Parameters[j].Estimate })] };
        var cv = ParameterCrossValidation.Run(problem, data, folds, options.Seed, train =>
        {
            var fold = FitData(started, train, options with { ProfileIntervals = false });
            double[] b = [.. fold.Parameters.Select(e => e.Estimate)];
            return (fold, test =>
            {
                var heldOut = new DataResiduals(problem, test, [.. Enumerable.Repeat(1.0, b.Length)]);
                var r = new double[heldOut.ResidualCount];
                heldOut.EvaluateInValues(b, r, default);
                return r;
            }
            );
        });
        return result with { CrossValidation = cv };
    }

    /// <summary>The fit of <paramref name="problem"/>'s parameters to <paramref name="data"/> (every row), with its statistics and profiles.</summary>
    internal static ParameterFitResult FitData(Problem problem, MeasuredData data, ParameterFitOptions options)
    {
        string file = data.Source;
        int p = problem.Parameters.Count;
        int m = data.Rows * problem.Equations.Count;
        if (m < p)
            throw new ProblemException(file, 0, "",
                $"{data.Rows} data row{(data.Rows == 1 ? "" : "s")} ({m} residual{(m == 1 ? "" : "s")}) but {p} parameters ({string.Join(", ", problem.ParameterNames)}); " +
                "least squares needs at least as many measured values as unknowns, and more to estimate their uncertainty. Add rows or fix some parameters as numbers.");

        var residuals = new DataResiduals(problem, data, [.. Enumerable.Repeat(1.0, p)]);
        bool started = problem.Parameters.All(q => q.Start is not null);
        var (best, runs, iterations) = started
            ? FromStart(residuals, [.. problem.Parameters.Select(q => q.Start!.Value)], options)
            : Search(problem, residuals, options);
        string? note = null;
        if (started && residuals.ResidualCount <= SearchBesideStartLimit)
        {
            // A start can lead to a stationary point far from the optimum (NIST's MGH17 from its first start: exponents
            // 100x too large, where every exponential term vanishes). The search without starts is cheap at this size.
            var free = problem with { Parameters = [.. problem.Parameters.Select(q => q with { Start = null })] };
            var (searched, more, moreIterations) = Search(free, residuals, options);
            (runs, iterations) = (runs + more, iterations + moreIterations);
            double startCost = Cost(residuals, best), searchCost = Cost(residuals, searched);
            if (searchCost < startCost * (1 - BetterBySearch) && Inside(problem.Parameters, searched))
            {
                note = string.Create(CultureInfo.InvariantCulture,
                    $"the fit from the given starts stopped at a residual sum of squares of {startCost:G4}; a search without them found {searchCost:G4}, reported here. Check the starts: they lead to another stationary point.");
                best = searched;
            }
        }
        var result = Statistics(problem, data, residuals, best, runs, iterations, options);
        if (note is not null) result = result with { Warnings = [.. result.Warnings, note] };
        return Profile(problem, residuals, result, options);
    }

    /// <summary>
    /// <paramref name="result"/> with each parameter's profile-likelihood interval (<see cref="ProfileLikelihood"/>), and
    /// warnings where it differs much from the delta method's, where a side is open, or where profiling found a lower RSS.
    /// </summary>
    private static ParameterFitResult Profile(Problem problem, DataResiduals f, ParameterFitResult result, ParameterFitOptions options)
    {
        if (ProfileLikelihood.Skip(result, f.ResidualCount, options) is { } skipped) return skipped;
        double[] b = [.. result.Parameters.Select(e => e.Estimate)];
        f.SetScale([.. b.Select(v => v == 0 || !double.IsFinite(v) ? 1 : Math.Abs(v))]);
        var z = new double[b.Length];
        f.ToInternal(b, z);
        // Both coordinates are b / |b| (scaled) or log b here, so dz/db is 1 / |b| either way (1 for b = 0, scaled by 1).
        return ProfileLikelihood.Apply(result, f, z, j => b[j] == 0 ? 1 : 1 / Math.Abs(b[j]), u =>
        {
            var values = new double[b.Length];
            f.ToValues(u, values);
            return values;
        });
    }

    /// <summary>
    /// Residuals up to which a fit from given starts is checked against a search without them (400 short runs: a
    /// fraction of a second at this size); larger fits search only when no start is given.
    /// </summary>
    private const int SearchBesideStartLimit = 10_000;

    /// <summary>Relative margin by which the search's cost must beat the start's to replace it: above rounding, so an equivalent optimum (swapped interchangeable parameters) does not.</summary>
    private const double BetterBySearch = 1e-6;

    /// <summary>The inputs and outputs the equations use, in the problem's order: the columns a data file must have.</summary>
    public static IReadOnlyList<string> DataVariables(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var used = problem.Equations.SelectMany(e => e.Equation.Variables).ToHashSet(StringComparer.Ordinal);
        // A learned term has no column: a network gives it (LearnedTermFitter); the inputs it reads need theirs.
        var learned = problem.Outputs.Where(o => o.IsLearnedTerm).ToArray();
        used.UnionWith(learned.SelectMany(o => o.LearnedFrom!));
        used.ExceptWith(learned.Select(o => o.Name));
        return [.. problem.InputNames.Concat(problem.OutputNames).Where(used.Contains)];
    }

    private static LevenbergMarquardtOptions RunOptions(int iterations) => new()
    {
        MaxIterations = iterations,
        // Convergence is judged afterwards by the residual-column cosine, which does not depend on the data's units.
        GradientTolerance = 0,
        StepTolerance = StepTolerance,
        DiagonalDamping = true,
        Threads = 1,
    };

    /// <summary>The <see cref="Portfolio"/> of runs from one start, each to convergence; the lowest cost wins.</summary>
    private static (double[] Values, int Runs, int Iterations) FromStart(DataResiduals f, double[] start, ParameterFitOptions options)
    {
        (double[] Values, double Cost) best = ([.. start], double.PositiveInfinity);
        int iterations = 0;
        foreach (var strategy in Portfolio)
        {
            var (values, _, used) = Converge(f, start, options, strategy);
            iterations += used;
            double cost = Cost(f, values);
            if (cost < best.Cost) best = (values, cost);
        }
        return (best.Values, Portfolio.Length, iterations);
    }

    /// <summary>One run from <paramref name="start"/> (values) to convergence, restarted with fresh damping while that still lowers the cost.</summary>
    private static (double[] Values, int Runs, int Iterations) Converge(DataResiduals f, double[] start, ParameterFitOptions options, Strategy strategy)
    {
        var (values, cost, iterations) = Run(f, start, options.MaxIterations, strategy);
        // A run can end with its damping overflowed short of the optimum's last digits; a fresh run from there finishes them.
        for (int restart = 0; restart < 5 && double.IsFinite(cost); restart++)
        {
            var (again, againCost, more) = Run(f, values, options.MaxIterations, strategy);
            iterations += more;
            if (!(againCost < cost)) break;
            (values, cost) = (again, againCost);
        }
        return (Polish(f, values), 1, iterations);
    }

    /// <summary>
    /// Gauss-Newton steps solved by Householder QR of J while they lower the cost. Levenberg-Marquardt's steps come from
    /// the normal equations, whose squared condition number (up to 1e16 on NIST's Lanczos problems) leaves the last digits
    /// of an ill-conditioned fit unsettled; QR keeps them.
    /// </summary>
    private static double[] Polish(DataResiduals f, double[] values)
    {
        int m = f.ResidualCount, p = values.Length;
        var r = new double[m];
        var jacobian = new double[m * p];
        double cost = Cost(f, values);
        for (int step = 0; step < 20 && double.IsFinite(cost) && cost > 0; step++)
        {
            f.EvaluateInValues(values, r, jacobian);
            if (!jacobian.All(double.IsFinite)) break;
            var j = Matrix<double>.Build.Dense(m, p, (i, k) => jacobian[i * p + k]);
            Vector<double> h;
            try
            {
                h = j.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(Vector<double>.Build.Dense(r).Negate());
            }
            catch (ArgumentException)
            {
                break;
            }
            var trial = values.Select((v, k) => v + h[k]).ToArray();
            double trialCost = Cost(f, trial);
            // Near the optimum the cost changes below its own rounding, so a step that keeps it within that rounding is taken.
            if (!(trialCost <= cost * (1 + 1e-14))) break;
            (values, cost) = (trial, Math.Min(cost, trialCost));
            if (values.Select((v, k) => Math.Abs(h[k]) <= 1e-15 * Math.Abs(v)).All(small => small)) break;
        }
        return values;
    }

    /// <summary>
    /// How one run damps: the initial damping relative to each parameter's curvature (Marquardt's scaling), and the
    /// largest change of a parameter per step in units of its size.
    /// </summary>
    private readonly record struct Strategy(double InitialDamping, double StepLimit);

    /// <summary>
    /// The runs made from a given start, lowest cost kept. Measured on NIST StRD's Start 1 points: the plain run
    /// (Nielsen's 1e-3, no limit) lets a parameter evaporate to infinity on BoxBOD and diverges on MGH10; heavy initial
    /// damping (1) finds MGH10, a step limit of a factor 3 (2 sizes) finds BoxBOD; no single setting finds both.
    /// </summary>
    private static readonly Strategy[] Portfolio = [new(1e-3, double.PositiveInfinity), new(1, double.PositiveInfinity), new(1e-3, 2), new(1, 0.5)];

    private static (double[] Values, double Cost, int Iterations) Run(DataResiduals f, double[] start, int maxIterations) =>
        Run(f, start, maxIterations, Portfolio[0]);

    private static (double[] Values, double Cost, int Iterations) Run(DataResiduals f, double[] start, int maxIterations, Strategy strategy)
    {
        int p = start.Length;
        f.SetScale([.. start.Select(v => v == 0 || !double.IsFinite(v) ? 1 : Math.Abs(v))]);
        var z = new double[p];
        f.ToInternal(start, z);
        double limit = strategy.StepLimit;
        var options = RunOptions(maxIterations) with { InitialDampingScale = strategy.InitialDamping };
        var lm = new LevenbergMarquardt(options);
        var before = new double[p];
        while (lm.Iterations < maxIterations && !lm.Exhausted)
        {
            z.CopyTo(before, 0);
            double norm = Math.Sqrt(z.Sum(v => v * v));
            if (!lm.Step(f, z))
            {
                if (!lm.LastCostFinite) break;
                continue;
            }
            // A step that would change a parameter by more than the limit (in units of its size) is shortened to it.
            double longest = 0;
            for (int j = 0; j < p; j++) longest = Math.Max(longest, Math.Abs(z[j] - before[j]) / Math.Max(Math.Abs(before[j]), 1e-3));
            if (longest > limit)
            {
                for (int j = 0; j < p; j++) z[j] = before[j] + (z[j] - before[j]) * limit / longest;
                lm.Invalidate();
            }
            else if (lm.StepLength <= StepTolerance * (norm + StepTolerance)) break;
        }
        var values = new double[p];
        f.ToValues(z, values);
        double cost = Cost(f, values);
        return (values, cost, lm.Iterations);
    }

    /// <summary>Short runs from quasi-random starts; the best few continued to convergence; the lowest cost inside the bounds wins.</summary>
    private static (double[] Values, int Runs, int Iterations) Search(Problem problem, DataResiduals f, ParameterFitOptions options)
    {
        var starts = StartSampler.Starts(problem.Parameters, options.SearchStarts, options.Seed, options.Decades);
        var ranked = new List<(double Cost, double[] Values)>();
        int[] linear = [.. DataResiduals.LinearParameters(problem).Where(j => problem.Parameters[j].Start is null)];
        foreach (var start in starts)
        {
            f.ProjectLinear(start, linear);
            var (values, cost, _) = Run(f, start, options.SearchIterations);
            if (double.IsFinite(cost)) ranked.Add((cost, values));
        }
        if (ranked.Count == 0)
            throw new ProblemException(problem.SourcePath, 0, "parameters",
                $"the equations could not be evaluated (NaN or infinite) at any of {starts.Count} starts; give each parameter a start or bounds where they are defined.");
        ranked.Sort((a, b) => a.Cost.CompareTo(b.Cost));
        // The finalists run a tenth of the full budget; only the winner is run to convergence and polished.
        (double[] Values, double Cost)? best = null;
        int iterations = 0;
        foreach (var (_, values) in ranked.Take(options.Finalists))
        {
            var (final, cost, used) = Run(f, values, Math.Max(options.SearchIterations, options.MaxIterations / 10), Portfolio[0]);
            iterations += used;
            bool inside = Inside(problem.Parameters, final);
            bool bestInside = best is { } b && Inside(problem.Parameters, b.Values);
            if (best is null || (inside && !bestInside) || (inside == bestInside && cost < best.Value.Cost))
                best = (final, cost);
        }
        var (converged, _, more) = Converge(f, best!.Value.Values, options, Portfolio[0]);
        iterations += more;
        best = (converged, Cost(f, converged));
        return (best!.Value.Values, starts.Count, iterations);
    }

    private static double Cost(DataResiduals f, double[] values)
    {
        var r = new double[f.ResidualCount];
        f.EvaluateInValues(values, r, default);
        double s = 0;
        foreach (var v in r) s += v * v;
        return double.IsFinite(s) ? s : double.PositiveInfinity;
    }

    private static bool Inside(IReadOnlyList<ParameterSpec> parameters, double[] values) =>
        parameters.Select((q, j) => !(values[j] < q.Min) && !(values[j] > q.Max)).All(ok => ok);

    private static ParameterFitResult Statistics(Problem problem, MeasuredData data, DataResiduals f, double[] b, int runs, int iterations,
        ParameterFitOptions options)
    {
        int m = f.ResidualCount, p = b.Length;
        var r = new double[m];
        var jacobian = new double[m * p];
        f.EvaluateInValues(b, r, jacobian);
        double rss = 0;
        foreach (var v in r) rss += v * v;
        int dof = m - p;
        double s = dof > 0 ? Math.Sqrt(rss / dof) : double.NaN;

        // Unit-length columns, so the condition number and the QR see the parameters' shapes, not their units.
        var norms = new double[p];
        for (int j = 0; j < p; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += jacobian[i * p + j] * jacobian[i * p + j];
            norms[j] = Math.Sqrt(sum);
        }
        var scaled = Matrix<double>.Build.Dense(m, p, (i, j) => norms[j] > 0 ? jacobian[i * p + j] / norms[j] : 0);
        double residualNorm = Math.Sqrt(rss);
        double cosine = 0;
        for (int j = 0; j < p; j++)
        {
            double dot = 0;
            for (int i = 0; i < m; i++) dot += scaled[i, j] * r[i];
            if (residualNorm > 0) cosine = Math.Max(cosine, Math.Abs(dot) / residualNorm);
        }
        // Residuals at float64's rounding level (Lanczos1's are 1e-13 of values near 1) cannot be made more orthogonal than their noise allows.
        double noise = f.RoundingNoise(problem, b);
        bool converged = double.IsFinite(rss) && (residualNorm == 0 || cosine <= Math.Max(GradientCosine, 10 * noise / residualNorm));

        var upper = scaled.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R;
        var svd = upper.Svd(computeVectors: true);
        double smallest = svd.S[p - 1], largest = svd.S[0];
        double condition = smallest > 0 ? largest / smallest : double.PositiveInfinity;
        var covariance = Matrix<double>.Build.Dense(p, p, double.NaN);
        if (condition < 1e15 && dof > 0)
        {
            var inverse = upper.Inverse();
            var unscaled = inverse * inverse.Transpose();
            covariance = Matrix<double>.Build.Dense(p, p, (i, j) => s * s * unscaled[i, j] / (norms[i] * norms[j]));
        }
        double t = dof > 0 ? StudentT.InvCDF(0, 1, dof, 0.5 + options.Confidence / 2) : double.NaN;
        var starts = problem.Parameters.Select(q => q.Start ?? double.NaN).ToArray();
        var estimates = problem.Parameters.Select((q, j) =>
        {
            double se = Math.Sqrt(covariance[j, j]);
            return new ParameterEstimate(q.Name, b[j], se, b[j] - t * se, b[j] + t * se, starts[j]);
        }).ToList();
        var correlation = Enumerable.Range(0, p).Select(i => Enumerable.Range(0, p)
            .Select(j => i == j && double.IsFinite(covariance[i, i]) ? 1 : covariance[i, j] / Math.Sqrt(covariance[i, i] * covariance[j, j])).ToArray()).ToArray();

        var warnings = new List<string>();
        if (!converged)
            warnings.Add($"the fit did not reach a least-squares optimum (the residuals are not orthogonal to the Jacobian: cosine {cosine:G2} > {GradientCosine:G0}); " +
                "the estimates and errors below are unreliable. Give starts closer to the answer, or bounds for the search.");
        if (dof == 0)
            warnings.Add($"{m} residuals for {p} parameters: the fit passes through every point, so no uncertainty can be estimated; add rows.");
        warnings.AddRange(Identifiability.Warnings(problem, estimates, correlation, condition, svd.VT.Row(p - 1).ToArray(), HighCorrelation, NearSingular));
        foreach (var (q, j) in problem.Parameters.Select((q, j) => (q, j)))
        {
            if (b[j] < q.Min || b[j] > q.Max)
                warnings.Add($"{q.Name} = {Show(b[j])} lies outside its bounds [{Show(q.Min ?? double.NegativeInfinity)}, {Show(q.Max ?? double.PositiveInfinity)}]: no better fit was found inside; widen the bounds or check the model.");
        }
        string error = data.Sigma is not null ? "sigma" : problem.Data.Error == DataErrorKind.Absolute ? "absolute" : "relative";
        return new ParameterFitResult(problem.Name, data.Source, data.Rows, m, error, estimates, correlation, rss, s, dof, options.Confidence, t,
            condition, converged, runs, iterations, warnings)
        {
            LackOfFit = LackOfFit.Of(r, f.RowWeights, data.Rows, Settings(problem, data), data.Sigma is not null, dof, s),
        };
    }

    /// <summary>The measured inputs' columns: rows that agree in all of them are replicates.</summary>
    internal static IReadOnlyList<double[]> Settings(Problem problem, MeasuredData data) =>
        [.. problem.InputNames.Where(data.Names.Contains).Select(data.Column)];

    internal static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
