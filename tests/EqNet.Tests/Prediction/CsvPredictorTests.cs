using System.Globalization;
using EqNet.Models;
using EqNet.Prediction;
using nietras.SeparatedValues;

namespace EqNet.Tests.Prediction;

public class CsvPredictorTests
{
    private static readonly EqNetModel Seed = TestModels.Example("seed");

    private static (string Text, CsvPredictionSummary Summary) Run(string csv, CsvPredictionOptions? options = null)
    {
        using var output = new StringWriter();
        var summary = CsvPredictor.Run(Seed, new StringReader(csv), output, options ?? new CsvPredictionOptions());
        return (output.ToString(), summary);
    }

    [Fact]
    public void InputsAreFoundByNameOtherColumnsPassThroughAndOutputsAreTheModels()
    {
        var points = TestModels.Points(Seed, 10);
        var lines = new List<string> { "id,x5,x4,note,x3,x2,x1" };
        for (int r = 0; r < 10; r++)
        {
            var p = points.AsSpan(r * 5, 5).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
            lines.Add($"{r},{p[4]},{p[3]},\"a, \"\"quoted\"\" note\",{p[2]},{p[1]},{p[0]}");
        }
        var (text, summary) = Run(string.Join('\n', lines) + "\n", new CsvPredictionOptions { BlockRows = 3 });

        var expected = Seed.Predict(points, 10);
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        Assert.Equal(["id", "x5", "x4", "note", "x3", "x2", "x1", "y", "in_domain"], reader.Header.ColNames);
        int row = 0;
        foreach (var r in reader)
        {
            Assert.Equal(row.ToString(CultureInfo.InvariantCulture), r["id"].ToString());
            Assert.Equal("a, \"quoted\" note", r["note"].ToString());
            Assert.Equal(expected[row], double.Parse(r["y"].Span, CultureInfo.InvariantCulture));
            Assert.Equal("true", r["in_domain"].ToString());
            row++;
        }
        Assert.Equal(10, row);
        Assert.Equal(10, summary.Rows);
        Assert.Equal(0, summary.FailedRows);
        Assert.Equal(0, summary.OutsideDomain);
    }

    [Fact]
    public void BadRowsAreReportedByLineAndWrittenWithEmptyOutputs()
    {
        string csv = "x1,x2,x3,x4,x5\n700,20,2000,1e-4,5\n700,abc,2000,1e-4,5\n700,20,,1e-4,5\n700,800,2000,1e-4,5\n700,20\n700,20,2000,1e-4,inf\n";
        var (text, summary) = Run(csv);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.EndsWith(",true", lines[1]);
        Assert.Equal("700,abc,2000,1e-4,5,,", lines[2]);
        Assert.Equal("700,20,,1e-4,5,,", lines[3]);
        Assert.EndsWith(",false", lines[4]);
        Assert.Equal("700,20,,,,,", lines[5]);
        Assert.EndsWith(",,", lines[6]);
        Assert.Equal(6, summary.Rows);
        Assert.Equal(4, summary.FailedRows);
        Assert.Equal(1, summary.OutsideDomain);
        Assert.Equal(["line 3: x2 'abc' is not a number", "line 4: x3 is missing", "line 6: x3 is missing (the row is short)", "line 7: x5 'inf' is not a finite number"],
            summary.Failures.Select(f => f.ToString()));
    }

    [Fact]
    public void AnotherDelimiterIsReadAndWritten()
    {
        var (text, summary) = Run("x1;x2;x3;x4;x5;label\n700;20;2000;1e-4;5;a,b\n", new CsvPredictionOptions { Delimiter = ';' });
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("x1;x2;x3;x4;x5;label;y;in_domain", lines[0]);
        Assert.StartsWith("700;20;2000;1e-4;5;a,b;", lines[1]);
        double y = double.Parse(lines[1].Split(';')[6], CultureInfo.InvariantCulture);
        Assert.Equal(Seed.Predict([700, 20, 2000, 1e-4, 5], 1)[0], y);
        Assert.Equal(1, summary.Rows);
    }

    [Fact]
    public void AMissingColumnOrEmptyInputIsAnError()
    {
        var e = Assert.Throws<CsvInputException>(() => Run("x1,x2,x3,x5\n1,2,3,4\n", new CsvPredictionOptions { Source = "in.csv" }));
        Assert.StartsWith("in.csv:1: the header lacks x4;", e.Message);
        var wrongDelimiter = Assert.Throws<CsvInputException>(() => Run("x1;x2;x3;x4;x5\n1;2;3;4;5\n"));
        Assert.Contains("Is the delimiter right (now ',')?", wrongDelimiter.Message);
        Assert.Contains("empty file", Assert.Throws<CsvInputException>(() => Run("")).Message);
    }

    /// <summary>
    /// Written outputs read back to the very doubles the model predicts (round-trip formatting), rows keep their text and
    /// order across many blocks predicted in parallel, and the result does not depend on the block size.
    /// </summary>
    [Fact]
    public void OutputsRoundTripExactlyInFileOrderWhateverTheBlocks()
    {
        const int n = 5000;
        using var sample = new StringWriter();
        DomainCsv.Write(Seed.Problem, n, sample, seed: 3);
        var points = new double[n * 5];
        var inputLines = sample.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int r = 0; r < n; r++)
        {
            var cells = inputLines[r + 1].Split(',');
            for (int i = 0; i < 5; i++) points[r * 5 + i] = double.Parse(cells[i], CultureInfo.InvariantCulture);
        }
        var expected = Seed.Predict(points, n);
        string? first = null;
        foreach (int block in new[] { 1, 97, 1024, 16384 })
        {
            var (text, summary) = Run(sample.ToString(), new CsvPredictionOptions { BlockRows = block, Threads = 2 });
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(n + 1, lines.Length);
            for (int r = 0; r < n; r++)
            {
                Assert.StartsWith(inputLines[r + 1] + ",", lines[r + 1]);
                Assert.Equal(expected[r], double.Parse(lines[r + 1].Split(',')[5], CultureInfo.InvariantCulture));
            }
            Assert.Equal(n, summary.Rows);
            first ??= text;
            Assert.Equal(first, text);
        }
    }

    /// <summary>
    /// The pipeline under stress: blocks of a few rows, more threads than cores, rows that cannot be read, short and
    /// long rows, quoted cells; every run, repeated, writes the same bytes and counts as a single-threaded run in one
    /// block does (a block reused before it was written, or written out of order, shows here).
    /// </summary>
    [Fact]
    public void ManySmallBlocksOnManyThreadsWriteTheSameBytesAsOneThread()
    {
        const int n = 3000;
        using var sample = new StringWriter();
        DomainCsv.Write(Seed.Problem, n, sample, seed: 5);
        var lines = sample.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var random = new Random(11);
        for (int r = 1; r < lines.Length; r++)
        {
            lines[r] = random.Next(40) switch
            {
                0 => "abc" + lines[r][lines[r].IndexOf(',', StringComparison.Ordinal)..],
                1 => lines[r][..lines[r].IndexOf(',', StringComparison.Ordinal)],
                2 => lines[r] + ",\"extra, \"\"quoted\"\"\",9",
                3 => "",
                _ => lines[r],
            };
        }
        string csv = string.Join('\n', lines) + "\n";
        var (expected, reference) = Run(csv, new CsvPredictionOptions { BlockRows = n, Threads = 1, MaxReportedFailures = n });
        Assert.True(reference.FailedRows > 50, $"only {reference.FailedRows} bad rows");
        for (int repeat = 0; repeat < 3; repeat++)
        {
            foreach (int block in new[] { 1, 2, 3, 7, 64 })
            {
                foreach (int threads in new[] { 2, 16 })
                {
                    var (text, summary) = Run(csv, new CsvPredictionOptions { BlockRows = block, Threads = threads, MaxReportedFailures = n });
                    Assert.Equal(expected, text);
                    Assert.Equal((reference.Rows, reference.FailedRows, reference.OutsideDomain), (summary.Rows, summary.FailedRows, summary.OutsideDomain));
                    Assert.Equal(reference.Failures.Select(f => f.ToString()), summary.Failures.Select(f => f.ToString()));
                }
            }
        }
    }

    /// <summary>
    /// The caller's reader stays open until the caller closes it: while the last blocks are written (progress reports
    /// come then) and after. Sep closes what it reads at the end of the input; eqnet predict's progress line read the
    /// input file's position then and failed with "Cannot access a closed file" when a report fell in that window.
    /// </summary>
    [Fact]
    public void TheInputStaysOpenWhileTheLastBlocksAreWrittenAndAfter()
    {
        using var sample = new StringWriter();
        DomainCsv.Write(Seed.Problem, 200, sample, seed: 7);
        using var input = new StringReader(sample.ToString());
        using var output = new StringWriter();
        int reports = 0;
        var summary = CsvPredictor.Run(Seed, input, output, new CsvPredictionOptions { BlockRows = 10, Threads = 2 }, p =>
        {
            reports++;
            input.Peek(); // throws once the reader is closed
        });
        Assert.Equal(200, summary.Rows);
        Assert.Equal(20, reports);
        Assert.Equal(-1, input.Peek());
    }
}
