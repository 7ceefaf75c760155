using EqNet.Training;

namespace EqNet.Tests.Training;

public class DataSplitTests
{
    [Fact]
    public void The_split_is_deterministic_with_the_seed_and_partitions_the_rows()
    {
        var a = DataSplit.Of(100, 7);
        var b = DataSplit.Of(100, 7);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Test, DataSplit.Of(100, 8).Test);
        Assert.Equal((20, 15, 65), (a.Test.Count, a.Validation.Count, a.Train.Count));
        Assert.Equal(Enumerable.Range(0, 100), a.Train.Concat(a.Validation).Concat(a.Test).Order());
        Assert.Equal((2, 2), (DataSplit.Of(10, 1).Validation.Count, DataSplit.Of(10, 1).Test.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Of(9, 1));
        var csv = a.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,set", csv[0]);
        Assert.Equal(a.Test, csv.Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "test").Select(c => int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Folds_hold_out_every_row_exactly_once_and_each_fold_partitions_the_rows()
    {
        const int rows = 53, k = 5;
        var held = new List<int>();
        for (int f = 0; f < k; f++)
        {
            var fold = DataSplit.Fold(rows, 3, k, f);
            Assert.Equal(Enumerable.Range(0, rows), fold.Train.Concat(fold.Validation).Concat(fold.Test).Order());
            Assert.InRange(fold.Test.Count, rows / k, rows / k + 1);
            Assert.Equal(8, fold.Validation.Count);
            Assert.Equal(fold.Test, DataSplit.FoldRows(rows, 3, k, f));
            held.AddRange(fold.Test);
        }
        Assert.Equal(Enumerable.Range(0, rows), held.Order());
        Assert.NotEqual(DataSplit.Fold(rows, 3, k, 0).Test, DataSplit.Fold(rows, 4, k, 0).Test);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Fold(rows, 3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Fold(rows, 3, k, k));
    }
}
