namespace EqNet.Problems;

/// <summary>How the misfit of a measured value is scaled in the least-squares fit (the <c>data.error</c> field).</summary>
public enum DataErrorKind
{
    /// <summary>Each row's equation residual divided by the magnitude of its left-hand side at that row (the default): every row counts by its relative error.</summary>
    Relative,

    /// <summary>The plain residual: ordinary least squares in the units of the data (how NIST StRD and most packages score a fit).</summary>
    Absolute,
}

/// <summary>The optional <c>data</c> section: measured points to fit besides the equations.</summary>
/// <param name="File">
/// The data file, resolved against the problem file's folder when the problem was loaded from disk
/// (as written otherwise); null when not given.
/// </param>
/// <param name="Error">
/// How a row's misfit is scaled when the file has no <c>sigma</c> column (a <c>sigma</c> column always wins: weighted
/// least squares with weight 1/sigma^2).
/// </param>
public sealed record DataSettings(string? File, DataErrorKind Error = DataErrorKind.Relative)
{
    /// <summary>
    /// k of a k-fold cross-validation on request (<c>data.folds</c>), or null: the rows are shuffled by the seed and cut
    /// into k parts; each part is held out once while the fit is repeated on the others, and the held-out error's mean
    /// and spread over the k parts are reported beside the usual fit (which is unchanged).
    /// </summary>
    public int? Folds { get; init; }

    /// <summary>Fewest folds: two, each half of the rows held out once.</summary>
    public const int MinimumFolds = 2;

    /// <summary>Settings for a file without a <c>data</c> section.</summary>
    public static DataSettings Empty { get; } = new((string?)null);

    /// <summary>The name of the optional column of per-row standard deviations (weighted least squares).</summary>
    public const string SigmaColumn = "sigma";

    /// <summary>
    /// What a user who gave a data file must be told, or null without one: without <c>parameters</c>, the equations
    /// determine every output, and this version trains on them alone.
    /// </summary>
    public string? UnusedWarning => File is null ? null :
        $"data.file '{File}' is not used: this version trains on the equations alone (they determine every output), so measured points are neither fitted nor scored; " +
        "data are fitted when the problem has a 'parameters' section (unknown constants, see docs/data.md). " +
        $"To compare a trained model with them: eqnet predict MODEL --csv '{File}'.";
}
