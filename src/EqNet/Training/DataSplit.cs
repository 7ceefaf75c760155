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
        var order = Enumerable.Range(0, rows).ToArray();
        var random = new Random(seed);
        for (int i = rows - 1; i > 0; i--)
        {
            int k = random.Next(i + 1);
            (order[i], order[k]) = (order[k], order[i]);
        }
        int test = Math.Max(1, (int)Math.Round(TestShare * rows)), validation = Math.Max(1, (int)Math.Round(ValidationShare * rows));
        return new DataSplit([.. order.Skip(test + validation).Order()], [.. order.Skip(test).Take(validation).Order()], [.. order.Take(test).Order()]);
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
