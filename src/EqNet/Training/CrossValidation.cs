using System.Globalization;
using System.Text.Json.Nodes;

namespace EqNet.Training;

/// <summary>One figure measured once per fold of a k-fold cross-validation (<c>data.folds</c>): its values and their spread.</summary>
/// <param name="PerFold">The figure in each fold, in fold order (NaN where a fold could not be measured).</param>
public sealed record FoldSpread(IReadOnlyList<double> PerFold)
{
    private IEnumerable<double> Finite => PerFold.Where(double.IsFinite);

    /// <summary>Mean over the folds that were measured.</summary>
    public double Mean => Finite.DefaultIfEmpty(double.NaN).Average();

    /// <summary>Sample standard deviation over the folds (n - 1); NaN with fewer than two.</summary>
    public double Sd
    {
        get
        {
            var values = Finite.ToArray();
            if (values.Length < 2) return double.NaN;
            double mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }
    }

    /// <summary>Smallest value over the folds.</summary>
    public double Min => Finite.DefaultIfEmpty(double.NaN).Min();

    /// <summary>Largest value over the folds.</summary>
    public double Max => Finite.DefaultIfEmpty(double.NaN).Max();

    /// <summary><c>{mean, sd, min, max, per_fold}</c>, non-finite values as null.</summary>
    public JsonObject ToJson() => new()
    {
        ["mean"] = Number(Mean),
        ["sd"] = Number(Sd),
        ["min"] = Number(Min),
        ["max"] = Number(Max),
        ["per_fold"] = new JsonArray([.. PerFold.Select(Number)]),
    };

    /// <summary>"mean +- sd (min .. max)" with <paramref name="format"/>.</summary>
    public string Text(string format = "G4") => string.Create(CultureInfo.InvariantCulture,
        $"{Mean.ToString(format, CultureInfo.InvariantCulture)} +- {Sd.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)} .. {Max.ToString(format, CultureInfo.InvariantCulture)})");

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}

/// <summary>One data output's held-out figures over the folds of a k-fold cross-validation.</summary>
/// <param name="Output">The output.</param>
/// <param name="RmseTest">Root-mean-square error on each fold's held-out rows, in the output's units.</param>
/// <param name="R2Test">Coefficient of determination on each fold's held-out rows.</param>
/// <param name="RelativeMedian">Median |prediction - y| / |y| on each fold's held-out rows.</param>
public sealed record DataFoldOutput(string Output, FoldSpread RmseTest, FoldSpread R2Test, FoldSpread RelativeMedian);

/// <summary>
/// A k-fold cross-validation of networks fitted to measured data (<c>data.folds: k</c>): the rows shuffled by the seed
/// and cut into k parts (<see cref="DataSplit.Fold"/>); each part held out once while a fresh network is fitted to the
/// others (a validation share of them choosing it, as for the main fit); per output, the held-out figures' mean and spread.
/// The model kept is the main fit's, on its own split: the folds only measure how well such a fit does on rows it never saw.
/// </summary>
/// <param name="Folds">k.</param>
/// <param name="Seed">The seed that shuffled the rows.</param>
/// <param name="Outputs">Per data output, its held-out figures over the folds.</param>
public sealed record DataCrossValidation(int Folds, int Seed, IReadOnlyList<DataFoldOutput> Outputs)
{
    /// <summary>metrics.json's <c>data.cross_validation</c>.</summary>
    public JsonObject ToJson()
    {
        var outputs = new JsonObject();
        foreach (var o in Outputs)
            outputs[o.Output] = new JsonObject
            {
                ["rmse_test"] = o.RmseTest.ToJson(),
                ["r2_test"] = o.R2Test.ToJson(),
                ["relative_error_median_test"] = o.RelativeMedian.ToJson(),
            };
        return new JsonObject { ["folds"] = Folds, ["seed"] = Seed, ["outputs"] = outputs };
    }

    /// <summary>One line per output, as <c>eqnet train</c> prints them.</summary>
    public IEnumerable<string> Lines() => Outputs.Select(o =>
        $"{o.Output}, {Folds}-fold cross-validation (each row held out once, seed {Seed}): held-out RMSE {o.RmseTest.Text()}, R^2 {o.R2Test.Text("0.#####")}, relative error median {o.RelativeMedian.Text("0.00e+00")}");
}
