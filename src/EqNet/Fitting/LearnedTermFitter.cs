using EqNet.Evaluation;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqNet.IO;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Features;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace EqNet.Fitting;

/// <summary>
/// Unknown constants and a term learned inside an equation, fitted jointly to measured data (mode (c) of docs/data.md):
/// an output declared with <c>inputs: [T]</c> appears in the equations and has no data column; a small network of those
/// inputs gives it, and its weights are fitted together with the constants by Levenberg-Marquardt in float64 on the
/// data misfit (weighted as parameter identification weights it). The constants' standard errors and intervals come
/// from the delta method on the joint Jacobian, the network's weights treated as nuisance parameters.
/// </summary>
/// <remarks>
/// <para>
/// The fit starts where parameter identification (<see cref="ParameterFitter"/>) puts the constants when the term is a
/// single unknown constant; the network then starts as that constant (its output layer zero) from a few random hidden
/// layers, and the lowest cost wins.
/// </para>
/// <para>
/// Standard errors: with J = [J_b, J_w] the Jacobian of the weighted residuals at the optimum (constants' values and
/// weights), the constants' block of s^2 (J^T J)^-1 is s^2 (J_b^T (I - P) J_b)^-1, P the projection onto the span of
/// J_w. A network's Jacobian is rank-deficient (interchangeable units, saturated ones), so its span is taken from a
/// thin QR and an SVD with a rank cut; the block does not depend on how the weights' own directions are resolved.
/// Degrees of freedom: residuals - constants - rank(J_w). The intervals assume the network's form is adequate (its
/// approximation error is not counted), as a parametric model's intervals assume the model is right.
/// </para>
/// </remarks>
public static class LearnedTermFitter
{
    /// <summary>The model file's name in a run folder.</summary>
    public const string ModelFileName = "model.eqnet";

    /// <summary>Relative size of a singular value of J_w (unit columns) below which its direction counts as none: near sqrt(eps), where float64 cannot tell a direction of a noisy fit from rounding.</summary>
    private const double RankCut = 1e-8;

    /// <summary>Residual-to-column cosine below which the fit is at an optimum (as <see cref="ParameterFitter"/>'s test).</summary>
    private const double GradientCosine = 1e-5;

    /// <summary>A constant's Jacobian column whose part outside the network's span is below this share (cosine above 0.999, the correlation threshold of parameter identification) is one the network nearly reproduces.</summary>
    private static readonly double CollinearSine = Math.Sqrt(1 - ParameterFitter.HighCorrelation * ParameterFitter.HighCorrelation);

    /// <summary>Relative change of a row's column by which the identifiability check moves the variables the term does not read: large enough to show above rounding, small enough to stay in the equations' domain.</summary>
    private const double Nudge = 1e-3;

    /// <summary>Relative change of the term-to-constant offset below which it counts as not depending on a moved variable (rounding of a 1e-3 nudge is near 1e-13).</summary>
    private const double Unmoved = 1e-9;

    /// <summary>Fits the constants and the learned term of <paramref name="problem"/> to its data file.</summary>
    /// <exception cref="ProblemException">
    /// The problem has no learned term, no data, a missing column or bad cell, fewer measured values than unknowns, or a
    /// learned term that could absorb a constant's effect (its inputs are all the constant's effect depends on).
    /// </exception>
    public static LearnedTermFitResult Fit(Problem problem, LearnedTermFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new LearnedTermFitOptions();
        options.Parameters.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NetworkStarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1);
        var term = problem.Outputs.FirstOrDefault(o => o.IsLearnedTerm)
            ?? throw new ProblemException(problem.SourcePath, 0, "outputs", "the problem has no learned term (an output with 'inputs: [...]'); fit it with Surrogate.Fit.");
        if (problem.Data.File is not { } file)
            throw new ProblemException(problem.SourcePath, 0, "data", "fitting a learned term needs measured data; add data: {file: points.csv}.");
        var data = MeasuredData.Read(file, ParameterFitter.DataVariables(problem));
        var result = FitData(problem, term, data, options);
        if (problem.Data.Folds is not { } folds) return result;
        // Each fold refits the constants and a network of the same widths from the start, as the fit to every row did.
        var foldOptions = options with { Hidden = result.Model.Network.Hidden };
        var cv = ParameterCrossValidation.Run(problem, data, folds, options.Parameters.Seed, train =>
        {
            var fold = FitData(problem, term, train, foldOptions);
            return (fold.Parameters, test => HeldOutResiduals(problem, term, test, fold));
        });
        return result with { Parameters = result.Parameters with { CrossValidation = cv } };
    }

    /// <summary>
    /// The constants' profile-likelihood intervals: each fixed in turn while the other constants and the network's
    /// weights are refitted (the weights are nuisance parameters here as in the delta method).
    /// </summary>
    private static ParameterFitResult Profile(Problem problem, LearnedTermResiduals f, ParameterFitResult result, double[] z, ParameterFitOptions options)
    {
        if (ProfileLikelihood.Skip(result, f.ResidualCount, options) is { } skipped) return skipped;
        double[] b = f.ToValues(z);
        var w = z[b.Length..];
        var at = f.ToInternal(b, w);
        double PerValue(int j)
        {
            if (problem.Parameters[j].Log) return 1 / Math.Abs(b[j]);
            var moved = (double[])b.Clone();
            moved[j] += 1;
            // z is b / scale: one unit of b moves z by 1 / scale.
            return f.ToInternal(moved, w)[j] - at[j];
        }
        return ProfileLikelihood.Apply(result, f, z, PerValue, values => f.ToValues(values));
    }

    /// <summary>The weighted residuals of <paramref name="test"/>'s rows at <paramref name="fit"/>'s constants and network.</summary>
    private static double[] HeldOutResiduals(Problem problem, OutputSpec term, MeasuredData test, LearnedTermFitResult fit)
    {
        var model = fit.Model;
        int n = test.Rows, d = term.LearnedFrom!.Count;
        var inputs = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) inputs[i * d + k] = test.Column(term.LearnedFrom[k])[i];
        double[] b = [.. fit.Parameters.Parameters.Select(e => e.Estimate)];
        var f = new LearnedTermResiduals(problem, term.Name, test, model.Network, model.Features.Compute(inputs, n), [.. Enumerable.Repeat(1.0, b.Length)]);
        var r = new double[f.ResidualCount];
        f.EvaluateInValues(b, model.Parameters, r, default);
        return r;
    }

    /// <summary>The joint fit of the constants and <paramref name="term"/>'s network to <paramref name="data"/> (every row).</summary>
    private static LearnedTermFitResult FitData(Problem problem, OutputSpec term, MeasuredData data, LearnedTermFitOptions options)
    {
        string file = data.Source;
        int[] equations = [.. problem.Equations.Select((e, k) => (e, k)).Where(x => x.e.Outputs.Contains(term.Name)).Select(x => x.k)];
        if (data.Sigma is null && problem.Data.Error == DataErrorKind.Relative && problem.Equations.FirstOrDefault(e => e.Equation.Lhs.Variables.Contains(term.Name)) is { } left)
            throw new ProblemException(problem.SourcePath, left.Line, "data.error",
                $"relative error divides each row's residual by the left-hand side of '{left.Text}' at the row, but it holds the learned term '{term.Name}', which the fit changes; " +
                "write the equation with the measured output alone on the left (r = ... + g), or set data: {error: absolute}, or give a 'sigma' column.");

        // Stage 1: the term as one unknown constant, by parameter identification (its search finds the constants' starts).
        var constant = problem with
        {
            Outputs = [.. problem.Outputs.Where(o => o.Name != term.Name)],
            Parameters = [.. problem.Parameters, new ParameterSpec(term.Name, null, null, null, false, term.Line)],
            Data = problem.Data with { Folds = null },
        };
        var first = ParameterFitter.FitData(constant, data, options.Parameters with { ProfileIntervals = false });
        double[] b0 = [.. problem.Parameters.Select(q => first[q.Name].Estimate)];
        double g0 = first[term.Name].Estimate;

        var termProblem = TermProblem(problem, term, data, equations);
        int n = data.Rows;
        var inputs = new double[n * term.LearnedFrom!.Count];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < term.LearnedFrom.Count; k++) inputs[i * term.LearnedFrom.Count + k] = data.Column(term.LearnedFrom[k])[i];
        var design = FeatureMap.Design(termProblem, inputs, n, readEquations: false);
        // One feature per input, the transform's own (the first the design lists): beside a narrow-range T it adds log(T),
        // nearly collinear, and the network then has directions the data cannot pin down (Levenberg-Marquardt crawls along them).
        var map = new FeatureMap(design.InputNames, [.. design.Features.GroupBy(x => x.Input).Select(g => g.First())]);
        var features = map.Compute(inputs, n);
        var hidden = options.Hidden ?? problem.Model.Hidden ?? DefaultHidden(map.Count, term.Name, inputs, term.LearnedFrom.Count, n);
        var probe = new MagnitudeShapeNetwork(map.Count, hidden, 1, 0, [new OutputHead(term.Name, OutputHeadKind.Affine, g0 - 1, g0 + 1)]);
        int p = problem.Parameters.Count, m = n * problem.Equations.Count;
        if (m <= p + probe.ParameterCount)
            throw new ProblemException(file, 0, "",
                $"{n} data row{(n == 1 ? "" : "s")} ({m} residuals) for {p} parameters and {probe.ParameterCount} weights of the network of '{term.Name}'; " +
                $"a joint fit needs more measured values than unknowns, and many more to estimate their uncertainty. Add rows, or a smaller network (model: {{hidden: [2]}}).");
        double[] scale = [.. b0.Select(v => v == 0 || !double.IsFinite(v) ? 1 : Math.Abs(v))];
        var f = new LearnedTermResiduals(problem, term.Name, data, probe, features, scale);
        CheckIdentifiable(problem, term, data, f, equations, b0, g0);

        // The head's spread: the term's deviations the stage-1 fit leaves, so weights of order 1 span them (conditioning).
        double spread = Spread(f, b0, g0, probe);
        var network = new MagnitudeShapeNetwork(map.Count, hidden, 1, 0, [new OutputHead(term.Name, OutputHeadKind.Affine, g0 - spread, g0 + spread)]);
        f = new LearnedTermResiduals(problem, term.Name, data, network, features, scale);
        (double[] Z, double Cost)? best = null;
        int iterations = 0;
        var lmOptions = new LevenbergMarquardtOptions
        {
            MaxIterations = options.MaxIterations,
            // Convergence is judged afterwards by the residual-column cosine, as for parameter identification.
            GradientTolerance = 0,
            StepTolerance = 1e-15,
            Threads = 1,
        };
        for (int start = 0; start < options.NetworkStarts; start++)
        {
            // A prime stride (as DataTraining's starts), so the starts' seeds never meet another seed's sequence.
            var w = network.Initialize(options.Parameters.Seed + 7919 * start);
            // The output layer (the shape network's last width + 1 values: weights, then bias) at zero: g starts as g0.
            w.AsSpan(w.Length - hidden[^1] - 1).Clear();
            var z = f.ToInternal(b0, w);
            var run = LevenbergMarquardt.Minimize(f, z, lmOptions);
            iterations += run.Iterations;
            double cost = Polish(f, z, ref iterations);
            if (double.IsFinite(cost) && (best is null || cost < best.Value.Cost)) best = ((double[])z.Clone(), cost);
        }
        if (best is null)
            throw new ProblemException(problem.SourcePath, term.Line, $"outputs.{term.Name}",
                "the joint fit produced NaN or infinite residuals from every start; give the parameters starts or bounds where the equations are defined.");
        var bBest = f.ToValues(best.Value.Z);
        var wBest = best.Value.Z[p..];
        var (result, rank) = Statistics(problem, term, data, f, bBest, wBest, options, first.StartsTried + options.NetworkStarts, first.Iterations + iterations);
        result = Profile(problem, f, result, best.Value.Z, options.Parameters);
        var rule = $"{InsideRule}{(equations.Length == 1 ? "" : "s")} {string.Join(", ", equations.Select(k => k + 1))} " +
            $"({string.Join("; ", equations.Select(k => problem.Equations[k].Text))}), jointly with {string.Join(", ", problem.ParameterNames)} ({n} rows)";
        var model = new EqNetModel(termProblem, map, network, wBest, structure: [OutputStructure.Network(term.Name, rule, [.. equations.Select(k => k + 1)])]);
        return new LearnedTermFitResult(result, model, term.Name, term.LearnedFrom, [.. equations.Select(k => k + 1)], network.ParameterCount, rank);
    }

    /// <summary>
    /// Whether <paramref name="model"/> is a term learned inside an equation (a model <see cref="Fit"/> made): its data
    /// file has no column for the term, so it has no held-out rows of its own to be measured on.
    /// </summary>
    public static bool IsLearnedTerm(EqNetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.NetworkStructure.Any(s => s.Rule.StartsWith(InsideRule, StringComparison.Ordinal));
    }

    /// <summary>What a learned term's structure rule starts with.</summary>
    private const string InsideRule = OutputStructure.MeasuredDataRule + " inside equation";

    /// <summary>A sentence for a command that measures models on data (eval, inspect): why a learned term has no rows of its own, and where its fit's figures are.</summary>
    public static string NoRowsNote(EqNetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var term = model.NetworkStructure[0];
        return $"'{term.Output}' is a term learned inside an equation of '{model.Problem.Name}' ({term.Describe()}): the data measure the equation's other outputs, not '{term.Output}', " +
            $"so there are no rows of it to measure it on. The joint fit's figures (RSS, residual sd, the constants' intervals) are in {ParameterFile.FileName} beside the model; " +
            $"its values: eqnet predict MODEL --in FILE.csv --out {term.Output}.csv (columns {string.Join(", ", model.InputNames)}).";
    }

    /// <summary><see cref="Fit"/>, then <c>parameters.json</c> (with a <c>learned_term</c> object) and the term's model file written into <paramref name="folder"/>.</summary>
    /// <exception cref="ProblemException">As <see cref="Fit"/>.</exception>
    public static (LearnedTermFitResult Result, string ParametersPath, string ModelPath) FitToFolder(Problem problem, string folder, LearnedTermFitOptions? options = null)
    {
        var result = Fit(problem, options);
        Directory.CreateDirectory(folder);
        var json = ParameterFile.ToJson(result.Parameters);
        json["learned_term"] = new JsonObject
        {
            ["name"] = result.Term,
            ["inputs"] = new JsonArray([.. result.Inputs.Select(i => (JsonNode)JsonValue.Create(i))]),
            ["equations"] = new JsonArray([.. result.Equations.Select(k => (JsonNode)JsonValue.Create(k))]),
            ["structure"] = result.Model.Describe(result.Term),
            ["weights"] = result.NetworkWeights,
            ["weights_rank"] = result.NetworkRank,
            ["model"] = ModelFileName,
        };
        string parameters = Path.Combine(folder, ParameterFile.FileName);
        AtomicFile.WriteAllText(parameters, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        string model = Path.Combine(folder, ModelFileName);
        ModelFile.Save(result.Model, model, new JsonObject { ["seed"] = options?.Parameters.Seed ?? 1 });
        return (result, parameters, model);
    }

    /// <summary>
    /// The problem the learned term's model answers: its inputs (over the data's range, where the network was fitted)
    /// and the term as its one output, learned from the data file (a saved model reads it back without the original's
    /// constants). Parsed from YAML so that the model file embeds exactly what it was built from.
    /// </summary>
    private static Problem TermProblem(Problem problem, OutputSpec term, MeasuredData data, int[] equations)
    {
        string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var yaml = new System.Text.StringBuilder();
        yaml.AppendLine($"# The term {term.Name} learned inside {(equations.Length == 1 ? "equation" : "equations")} {string.Join(", ", equations.Select(k => k + 1))} of {problem.Name} " +
            $"({string.Join("; ", equations.Select(k => problem.Equations[k].Text))}):");
        yaml.AppendLine($"# a network of {string.Join(", ", term.LearnedFrom!)} fitted to the measured data jointly with {string.Join(", ", problem.ParameterNames)} (estimates: parameters.json).");
        yaml.AppendLine($"# Its inputs' ranges are the data's ({data.Rows} rows of {Path.GetFileName(data.Source)}), where it was fitted.");
        yaml.AppendLine($"name: {problem.Name}");
        yaml.AppendLine("inputs:");
        foreach (var name in term.LearnedFrom!)
        {
            var column = data.Column(name);
            var spec = problem.Inputs.First(i => i.Name == name);
            double min = column.Min(), max = column.Max();
            if (!(max > min))
                throw new ProblemException(data.Source, 0, name,
                    $"input '{name}', which the learned term '{term.Name}' reads, holds one value ({Number(min)}) in every row; the data cannot show how '{term.Name}' changes with it. Measure over a range of {name}, or drop it from inputs.");
            yaml.AppendLine($"  {name}: {{min: {Number(min)}, max: {Number(max)}, transform: {spec.Transform.ToString().ToLowerInvariant()}}}");
        }
        yaml.AppendLine($"outputs: [{term.Name}]");
        // As the problem file would write it (relative to its folder), so the model file holds no machine's absolute path.
        string folder = Path.GetDirectoryName(Path.GetFullPath(problem.SourcePath)) ?? "";
        string file = Path.IsPathRooted(data.Source) ? Path.GetRelativePath(folder, data.Source) : data.Source;
        yaml.AppendLine($"data: {{file: '{file.Replace("'", "''", StringComparison.Ordinal)}'}}");
        return ProblemFile.Parse(yaml.ToString(), problem.SourcePath);
    }

    /// <summary>
    /// Refuses a learned term that could absorb a constant: where dR/db / dR/dg, the change of the term that offsets a
    /// change of b, depends on no variable but the term's inputs (in every equation b appears in), the network can follow
    /// it and the data cannot tell b. Measured at the rows by moving each other column by <see cref="Nudge"/>.
    /// </summary>
    private static void CheckIdentifiable(Problem problem, OutputSpec term, MeasuredData data, LearnedTermResiduals f, int[] equations, double[] b, double g)
    {
        var others = data.Names.Select((name, c) => (name, c)).Where(x => !term.LearnedFrom!.Contains(x.name)).ToArray();
        for (int j = 0; j < problem.Parameters.Count; j++)
        {
            var name = problem.ParameterNames[j];
            var uses = Enumerable.Range(0, problem.Equations.Count).Where(k => problem.Equations[k].Equation.Variables.Contains(name)).ToArray();
            if (uses.Any(k => !equations.Contains(k))) continue;
            bool absorbed = uses.All(k =>
            {
                var at = f.Offset(k, j, b, g, -1, 1);
                if (!at.Any(double.IsFinite)) return false;
                return others.All(o =>
                {
                    var moved = f.Offset(k, j, b, g, o.c, 1 + Nudge);
                    return at.Select((v, r) => (v, r)).Where(x => double.IsFinite(x.v) && double.IsFinite(moved[x.r]))
                        .All(x => Math.Abs(moved[x.r] - x.v) <= Unmoved * Math.Max(Math.Abs(x.v), 1e-300));
                });
            });
            if (absorbed)
                throw new ProblemException(problem.SourcePath, term.Line, $"outputs.{term.Name}.inputs",
                    $"parameter '{name}' is unidentifiable: in {string.Join(", ", uses.Select(k => $"'{problem.Equations[k].Text}'"))} its effect depends only on " +
                    $"{string.Join(", ", term.LearnedFrom!)}, which the learned term '{term.Name}' reads, so the network can absorb any change of {name} and the data cannot tell its value. " +
                    $"Restrict '{term.Name}' to inputs {name}'s effect does not depend on alone (inputs: [...]), or fix {name} as a number.");
        }
    }

    /// <summary>
    /// One hidden layer, as wide as a network fitted to data alone would be for this many points (its weights below half
    /// of them, <see cref="Training.DataTraining.Hidden"/>), up to <see cref="LearnedTermFitOptions.MaxWidth"/>; the points
    /// counted are the distinct values of the term's inputs, not the rows: rows that share them (12 temperatures x 4
    /// concentrations) pin the term at 12 points only, and a network with as many weights threads them all.
    /// </summary>
    private static int[] DefaultHidden(int features, string term, double[] inputs, int d, int rows)
    {
        int distinct = Enumerable.Range(0, rows).Select(i => string.Join(",", inputs.AsSpan(i * d, d).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
            .Distinct(StringComparer.Ordinal).Count();
        var width = Training.DataTraining.Hidden(features, [new OutputHead(term, OutputHeadKind.Affine, -1, 1)], distinct)[0];
        return [Math.Min(width, LearnedTermFitOptions.MaxWidth)];
    }

    /// <summary>
    /// Gauss-Newton steps from Levenberg-Marquardt's end, solved by a thin QR of J and the SVD of its R with the rank cut
    /// (the minimum-norm step: the network's redundant directions are left alone), while they lower the cost. Damped
    /// steps crawl along a network's ill-conditioned directions and stop before the residuals are orthogonal to J.
    /// </summary>
    private static double Polish(LearnedTermResiduals f, double[] z, ref int iterations)
    {
        int m = f.ResidualCount, n = f.ParameterCount;
        var r = new double[m];
        var jacobian = new double[m * n];
        double Cost(double[] at)
        {
            f.Evaluate(at, r, default);
            double sum = r.Sum(v => v * v);
            return double.IsFinite(sum) ? sum : double.PositiveInfinity;
        }
        double cost = Cost(z);
        for (int step = 0; step < PolishSteps && double.IsFinite(cost) && cost > 0; step++)
        {
            f.Evaluate(z, r, jacobian);
            if (!jacobian.All(double.IsFinite)) break;
            var norms = new double[n];
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < m; i++) sum += jacobian[i * n + j] * jacobian[i * n + j];
                norms[j] = sum > 0 ? Math.Sqrt(sum) : 1;
            }
            var j0 = Matrix<double>.Build.Dense(m, n, (i, j) => jacobian[i * n + j] / norms[j]);
            var qr = j0.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            var svd = qr.R.Svd(computeVectors: true);
            var projected = svd.U.TransposeThisAndMultiply(qr.Q.TransposeThisAndMultiply(Vector<double>.Build.Dense(r)));
            var scaled = Vector<double>.Build.Dense(n, k => svd.S[k] > RankCut * svd.S[0] ? -projected[k] / svd.S[k] : 0);
            var h = svd.VT.TransposeThisAndMultiply(scaled);
            var trial = z.Select((v, j) => v + h[j] / norms[j]).ToArray();
            double trialCost = Cost(trial);
            iterations++;
            // Near the optimum the cost changes below its own rounding, so a step that keeps it within that rounding is taken.
            if (!(trialCost <= cost * (1 + 1e-14))) break;
            bool small = z.Select((v, j) => Math.Abs(h[j] / norms[j]) <= 1e-13 * Math.Max(Math.Abs(v), 1)).All(x => x);
            trial.CopyTo(z, 0);
            cost = Math.Min(cost, trialCost);
            if (small) break;
        }
        return cost;
    }

    /// <summary>Most Gauss-Newton steps of <see cref="Polish"/>: near an optimum each gains digits, so a few dozen settle any that LM left.</summary>
    private const int PolishSteps = 50;

    /// <summary>RMS of the term's deviations the stage-1 fit leaves (residual / (dR/dg) per row), or a size from g0 when they vanish.</summary>
    private static double Spread(LearnedTermResiduals f, double[] b, double g, MagnitudeShapeNetwork constant)
    {
        int m = f.ResidualCount;
        var r = new double[m];
        var jacobian = new double[m * f.ParameterCount];
        // The constant network (output layer zero, head centred on g) reproduces the stage-1 fit.
        f.EvaluateInValues(b, new double[constant.ParameterCount], r, jacobian);
        double sum = 0;
        int count = 0;
        int all = f.ParameterCount;
        for (int i = 0; i < m; i++)
        {
            // The head's output weight's column is dR/dg times (half-width 1) times the hidden output: use the bias's, 1 x dR/dg.
            double byTerm = jacobian[i * all + all - 1];
            if (byTerm == 0 || !double.IsFinite(byTerm) || !double.IsFinite(r[i])) continue;
            double d = r[i] / byTerm;
            sum += d * d;
            count++;
        }
        double rms = count > 0 ? Math.Sqrt(sum / count) : 0;
        return rms > 0 && double.IsFinite(rms) ? rms : Math.Max(Math.Abs(g), 1);
    }

    private static (ParameterFitResult Result, int Rank) Statistics(Problem problem, OutputSpec term, MeasuredData data, LearnedTermResiduals f, double[] b, double[] w,
        LearnedTermFitOptions options, int runs, int iterations)
    {
        int m = f.ResidualCount, p = b.Length, all = f.ParameterCount, nw = all - p;
        var r = new double[m];
        var jacobian = new double[m * all];
        f.EvaluateInValues(b, w, r, jacobian);
        double rss = r.Sum(v => v * v);
        var norms = new double[all];
        for (int j = 0; j < all; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += jacobian[i * all + j] * jacobian[i * all + j];
            norms[j] = Math.Sqrt(sum);
        }
        double Unit(int i, int j) => norms[j] > 0 ? jacobian[i * all + j] / norms[j] : 0;
        double residualNorm = Math.Sqrt(rss);
        // Judged apart: a tanh unit that wants to be an exponential drifts towards infinite weights along which the cost
        // changes below its rounding, so the network's columns settle more slowly than the constants' (which the intervals need).
        double cosine = 0, networkCosine = 0;
        for (int j = 0; j < all; j++)
        {
            double dot = 0;
            for (int i = 0; i < m; i++) dot += Unit(i, j) * r[i];
            double c = residualNorm > 0 ? Math.Abs(dot) / residualNorm : 0;
            if (j < p) cosine = Math.Max(cosine, c);
            else networkCosine = Math.Max(networkCosine, c);
        }

        // The network's span: thin QR of its unit columns, then the SVD of R; directions below the rank cut are none.
        var jw = Matrix<double>.Build.Dense(m, nw, (i, l) => Unit(i, p + l));
        var qr = jw.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var inner = qr.R.Svd(computeVectors: true);
        int rank = inner.S.Count(s => s > RankCut * inner.S[0]);
        var basis = qr.Q * inner.U.SubMatrix(0, nw, 0, rank);
        var jb = Matrix<double>.Build.Dense(m, p, (i, j) => Unit(i, j));
        var outside = jb - basis * (basis.Transpose() * jb);
        var sine = Enumerable.Range(0, p).Select(j => outside.Column(j).L2Norm()).ToArray();

        int dof = m - p - rank;
        double s = dof > 0 ? Math.Sqrt(rss / dof) : double.NaN;
        // Residuals at float64's rounding level (noiseless data) cannot be made more orthogonal than their noise allows.
        double noise = f.RoundingNoise(problem);
        bool converged = double.IsFinite(rss) && (residualNorm == 0 || cosine <= Math.Max(GradientCosine, 10 * noise / residualNorm));
        var upper = outside.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R;
        var svd = upper.Svd(computeVectors: true);
        double condition = svd.S[p - 1] > 0 ? svd.S[0] / svd.S[p - 1] : double.PositiveInfinity;
        var covariance = Matrix<double>.Build.Dense(p, p, double.NaN);
        if (condition < 1e15 && dof > 0)
        {
            var inverse = upper.Inverse();
            var unscaled = inverse * inverse.Transpose();
            covariance = Matrix<double>.Build.Dense(p, p, (i, j) => s * s * unscaled[i, j] / (norms[i] * norms[j]));
        }
        double confidence = options.Parameters.Confidence;
        double t = dof > 0 ? StudentT.InvCDF(0, 1, dof, 0.5 + confidence / 2) : double.NaN;
        var estimates = problem.Parameters.Select((q, j) =>
        {
            double se = Math.Sqrt(covariance[j, j]);
            return new ParameterEstimate(q.Name, b[j], se, b[j] - t * se, b[j] + t * se, q.Start ?? double.NaN);
        }).ToList();
        var correlation = Enumerable.Range(0, p).Select(i => Enumerable.Range(0, p)
            .Select(j => i == j && double.IsFinite(covariance[i, i]) ? 1 : covariance[i, j] / Math.Sqrt(covariance[i, i] * covariance[j, j])).ToArray()).ToArray();

        var warnings = new List<string>();
        if (!converged)
            warnings.Add($"the joint fit did not reach a least-squares optimum (the residuals are not orthogonal to the constants' Jacobian columns: cosine {cosine:G2} > {GradientCosine:G0}; " +
                $"the network's {networkCosine:G2}); a tanh unit may be drifting towards infinite weights, where the cost still creeps down. The estimates and errors below are less reliable: " +
                "check them against a fit with a wider network (model: {hidden: [...]}) or starts closer to the answer.");
        if (dof <= 0)
            warnings.Add($"{m} residuals for {p} parameters and a network of rank {rank}: no degrees of freedom are left to estimate the uncertainty; add rows or use a smaller network.");
        for (int j = 0; j < p; j++)
        {
            if (sine[j] < CollinearSine)
                warnings.Add($"{problem.ParameterNames[j]}'s effect on the fit is {Math.Sqrt(Math.Max(0, 1 - sine[j] * sine[j])):0.0000} collinear with what the network of '{term.Name}' " +
                    $"(reading {string.Join(", ", term.LearnedFrom!)}) can do: the data hardly tell them apart. Restrict '{term.Name}''s inputs, or measure where " +
                    $"{problem.ParameterNames[j]} acts differently (a wider range of {string.Join(", ", problem.InputNames.Except(term.LearnedFrom!))}).");
        }
        warnings.AddRange(Identifiability.Warnings(problem, estimates, correlation, condition, svd.VT.Row(p - 1).ToArray(), ParameterFitter.HighCorrelation, ParameterFitter.NearSingular));
        string error = data.Sigma is not null ? "sigma" : problem.Data.Error == DataErrorKind.Absolute ? "absolute" : "relative";
        var result = new ParameterFitResult(problem.Name, data.Source, data.Rows, m, error, estimates, correlation, rss, s, dof, confidence, t,
            condition, converged, runs, iterations, warnings)
        {
            LackOfFit = LackOfFit.Of(r, f.RowWeights, data.Rows, ParameterFitter.Settings(problem, data), data.Sigma is not null, dof, s),
            Nuisance = $"jointly with the {nw} weights of the network of '{term.Name}' ({string.Join(", ", term.LearnedFrom!)}; rank {rank} in the Jacobian), " +
                "nuisance parameters projected out of the constants' block of the covariance; the intervals assume the network's form is adequate",
        };
        return (result, rank);
    }
}

/// <summary>Settings of a fit with a learned term (<see cref="LearnedTermFitter"/>).</summary>
public sealed record LearnedTermFitOptions
{
    /// <summary>Widest hidden layer of the learned term's network without <c>model.hidden</c>: a smooth term of few inputs needs few bends, and each unit more is nuisance the data must pay for.</summary>
    public const int MaxWidth = 8;

    /// <summary>The settings of the first stage (the term as a constant: the constants' search) and of the intervals (seed, confidence).</summary>
    public ParameterFitOptions Parameters { get; init; } = new();

    /// <summary>The network's hidden widths; null: the file's <c>model.hidden</c>, else one layer sized by the distinct points of the term's inputs (up to <see cref="MaxWidth"/>).</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>Random hidden layers the joint fit starts from (the lowest cost wins): a few, since a small network from a fitted constant rarely has more than two basins, and each costs milliseconds.</summary>
    public int NetworkStarts { get; init; } = 4;

    /// <summary>Iteration limit of each joint Levenberg-Marquardt run: runs that converge take a few hundred; the limit ends those whose tanh unit drifts towards infinite weights.</summary>
    public int MaxIterations { get; init; } = 2000;
}

/// <summary>What a fit with a learned term produced.</summary>
/// <param name="Parameters">The constants' estimates, standard errors, intervals and warnings (as parameter identification reports them).</param>
/// <param name="Model">The learned term's model: a network of its inputs, the term its one output (predict, inspect and export it like any model).</param>
/// <param name="Term">The learned term's name.</param>
/// <param name="Inputs">The inputs its network reads.</param>
/// <param name="Equations">The equations it appears in, numbered from 1.</param>
/// <param name="NetworkWeights">The network's weights (nuisance parameters of the fit).</param>
/// <param name="NetworkRank">The rank of their Jacobian columns: what the degrees of freedom subtract.</param>
public sealed record LearnedTermFitResult(ParameterFitResult Parameters, EqNetModel Model, string Term, IReadOnlyList<string> Inputs, IReadOnlyList<int> Equations,
    int NetworkWeights, int NetworkRank);
