namespace EqNet.Training;

/// <summary>
/// Which rows of a data file a data-fitted network learns from, which choose its checkpoint, and which are held out to
/// measure it: a seeded shuffle, so the same seed gives the same split (<c>DIR/data-split.csv</c> records it).
/// </summary>
/// <param name="Train">Rows the Levenberg-Marquardt fit sees (0-based data rows, the header excluded), ascending.</param>
/// <param name="Validation">Rows that choose the kept network (the best by their misfit), ascending; the fit never sees them.</param>
/// <param name="Test">Held-out rows, only measured after training, ascending.</param>
public sealed record DataSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    /// <summary>Share of the rows held out for the final figures.</summary>
    public const double TestShare = 0.2;

    /// <summary>Share of the rows that choose the checkpoint (validation).</summary>
    public const double ValidationShare = 0.15;

    /// <summary>Fewest rows a network is fitted to: a test and a validation row or two, and a few to fit.</summary>
    public const int MinimumRows = 10;

    /// <summary>Total rows.</summary>
    public int Rows => Train.Count + Validation.Count + Test.Count;

    /// <summary>
    /// Splits <paramref name="rows"/> rows: a Fisher-Yates shuffle by <paramref name="seed"/>, the first
    /// <see cref="TestShare"/> held out, the next <see cref="ValidationShare"/> for validation (at least one row each), the rest to fit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="MinimumRows"/> rows.</exception>
    public static DataSplit Of(int rows, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, MinimumRows);
        var order = Shuffled(rows, seed);
        int test = Math.Max(1, (int)Math.Round(TestShare * rows)), validation = Math.Max(1, (int)Math.Round(ValidationShare * rows));
        return new DataSplit([.. order.Skip(test + validation).Order()], [.. order.Skip(test).Take(validation).Order()], [.. order.Take(test).Order()]);
    }

    /// <summary>
    /// Fold <paramref name="fold"/> of a <paramref name="folds"/>-fold cross-validation: the rows shuffled by
    /// <paramref name="seed"/> as <see cref="Of"/> shuffles them and cut into <paramref name="folds"/> consecutive parts of
    /// near-equal size; part <paramref name="fold"/> is held out, the next <see cref="ValidationShare"/> of all rows (at
    /// least one) validates, the rest are fitted. Every row is held out in exactly one fold.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two folds, more folds than rows, a fold out of range, or too few rows left to fit.</exception>
    public static DataSplit Fold(int rows, int seed, int folds, int fold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, rows);
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fold, folds);
        var order = Shuffled(rows, seed);
        int from = (int)((long)fold * rows / folds), to = (int)((long)(fold + 1) * rows / folds);
        var rest = order.Take(from).Concat(order.Skip(to)).ToArray();
        int validation = Math.Max(1, (int)Math.Round(ValidationShare * rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(rest.Length - validation, 1, nameof(rows));
        return new DataSplit([.. rest.Skip(validation).Order()], [.. rest.Take(validation).Order()], [.. order[from..to].Order()]);
    }

    /// <summary>
    /// The rows held out by fold <paramref name="fold"/> of <paramref name="folds"/> (as <see cref="Fold"/>), without a
    /// validation part: for fits that use every other row (parameter identification).
    /// </summary>
    public static IReadOnlyList<int> FoldRows(int rows, int seed, int folds, int fold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, rows);
        var order = Shuffled(rows, seed);
        int from = (int)((long)fold * rows / folds), to = (int)((long)(fold + 1) * rows / folds);
        return [.. order[from..to].Order()];
    }

    private static int[] Shuffled(int rows, int seed)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        var random = new Random(seed);
        for (int i = rows - 1; i > 0; i--)
        {
            int k = random.Next(i + 1);
            (order[i], order[k]) = (order[k], order[i]);
        }
        return order;
    }

    /// <summary>The split as CSV: <c>row,set</c>, one line per data row in file order (row 0 is the first after the header; set is train, validation or test).</summary>
    public string ToCsv()
    {
        var set = new string[Rows];
        foreach (int i in Train) set[i] = "train";
        foreach (int i in Validation) set[i] = "validation";
        foreach (int i in Test) set[i] = "test";
        var text = new System.Text.StringBuilder("row,set\n");
        for (int i = 0; i < set.Length; i++) text.Append(i).Append(',').Append(set[i]).Append('\n');
        return text.ToString();
    }
}
