using System.Globalization;
using System.Text.Json.Nodes;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Fitting;

/// <summary>One constant's estimates over the folds of a cross-validation.</summary>
/// <param name="Name">The constant.</param>
/// <param name="Values">Its estimate in each fold's fit.</param>
public sealed record FoldEstimate(string Name, FoldSpread Values);

/// <summary>
/// A k-fold cross-validation of a fit of unknown constants (<c>data.folds: k</c>, with or without a learned term): the
/// rows shuffled by the seed and cut into k parts; each part held out once while the constants (and the learned term's
/// network) are fitted to the others; the held-out rows' residuals measured at that fit. The reported estimates and
/// intervals stay those of the fit to every row: the folds say how well such a fit predicts rows it never saw.
/// </summary>
/// <param name="Folds">k.</param>
/// <param name="Seed">The seed that shuffled the rows.</param>
/// <param name="HeldOutRms">Per fold, the root-mean-square weighted residual on its held-out rows (in the fit's units: compare with <see cref="ParameterFitResult.ResidualStandardDeviation"/>).</param>
/// <param name="FitSd">Per fold, the residual standard deviation of its fit to the other rows.</param>
/// <param name="Estimates">Per constant, its estimate in each fold's fit.</param>
public sealed record ParameterCrossValidation(int Folds, int Seed, FoldSpread HeldOutRms, FoldSpread FitSd, IReadOnlyList<FoldEstimate> Estimates)
{
    /// <summary>parameters.json's <c>cross_validation</c>.</summary>
    public JsonObject ToJson()
    {
        var estimates = new JsonObject();
        foreach (var e in Estimates) estimates[e.Name] = e.Values.ToJson();
        return new JsonObject
        {
            ["folds"] = Folds,
            ["seed"] = Seed,
            ["held_out_rms"] = HeldOutRms.ToJson(),
            ["fit_residual_sd"] = FitSd.ToJson(),
            ["estimates"] = estimates,
        };
    }

    /// <summary>The summary line <c>eqnet train</c> prints.</summary>
    public string Text(double residualSd) => string.Create(CultureInfo.InvariantCulture,
        $"{Folds}-fold cross-validation (each row held out once, seed {Seed}): held-out RMS residual {HeldOutRms.Text()} against the fit's residual sd {residualSd:G4} on every row; " +
        $"estimates over the folds: {string.Join(", ", Estimates.Select(e => $"{e.Name} {e.Values.Mean:G6} +- {e.Values.Sd:G3}"))}");

    /// <summary>
    /// Runs the folds: <paramref name="fit"/> fits the rows it is given and returns the fit and a function giving the
    /// weighted residuals of other rows at that fit.
    /// </summary>
    /// <exception cref="ProblemException">More folds than rows, or a fold whose remaining rows cannot be fitted (named with the fold).</exception>
    internal static ParameterCrossValidation Run(Problem problem, MeasuredData data, int folds, int seed,
        Func<MeasuredData, (ParameterFitResult Fit, Func<MeasuredData, double[]> Residuals)> fit)
    {
        if (folds > data.Rows / 2)
            throw new ProblemException(problem.SourcePath, 0, "data.folds",
                $"{folds} folds of {data.Rows} rows: each fold must hold out at least 2 rows and leave the rest to fit; use at most {Math.Max(2, data.Rows / 2)} folds, or more rows.");
        var heldOut = new double[folds];
        var sd = new double[folds];
        var estimates = problem.ParameterNames.Select(_ => new double[folds]).ToArray();
        for (int f = 0; f < folds; f++)
        {
            var test = DataSplit.FoldRows(data.Rows, seed, folds, f);
            var held = test.ToHashSet();
            var train = Enumerable.Range(0, data.Rows).Where(i => !held.Contains(i)).ToArray();
            ParameterFitResult result;
            Func<MeasuredData, double[]> residuals;
            try
            {
                (result, residuals) = fit(data.Subset(train));
            }
            catch (ProblemException e)
            {
                throw new ProblemException(problem.SourcePath, 0, "data.folds",
                    $"fold {f + 1} of {folds} (fitted to {train.Length} of {data.Rows} rows) could not be fitted: {e.Message} Use fewer folds, or more rows.");
            }
            var r = residuals(data.Subset(test));
            heldOut[f] = Math.Sqrt(r.Sum(v => v * v) / Math.Max(1, r.Length));
            sd[f] = result.ResidualStandardDeviation;
            for (int j = 0; j < estimates.Length; j++) estimates[j][f] = result.Parameters[j].Estimate;
        }
        return new ParameterCrossValidation(folds, seed, new FoldSpread(heldOut), new FoldSpread(sd),
            [.. problem.ParameterNames.Select((name, j) => new FoldEstimate(name, new FoldSpread(estimates[j])))]);
    }
}
