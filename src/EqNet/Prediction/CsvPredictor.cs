using System.Diagnostics;
using System.Globalization;
using EqNet.Models;
using nietras.SeparatedValues;
using System.Runtime.CompilerServices;

namespace EqNet.Prediction;

/// <summary>
/// Streams a CSV file through a model: the header names the inputs (any order, any other columns), each row is
/// written back with the outputs and an <c>in_domain</c> column appended. Read, predicted and written a block of rows
/// at a time, so a file larger than memory works. A row with a missing or unreadable input is reported with its line
/// and written with empty outputs. Reading is Sep's (quoting per RFC 4180, any one-character separator); each row's
/// text passes through as read (quotes included), the outputs formatted round-trip ("R") after it.
/// </summary>
/// <remarks>
/// A pipeline over blocks: the calling thread splits rows and parses the inputs (Sep's span parsing); blocks are
/// predicted and formatted in parallel, one task each; the calling thread writes them back in file order. Per-stage CPU
/// seconds (of the threads doing them, <see cref="ThreadCpuClock"/>) are in the summary.
/// </remarks>
public static class CsvPredictor
{
    /// <summary>Predicts every row of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <exception cref="CsvInputException">The input has no header, or the header lacks an input of the model.</exception>
    public static CsvPredictionSummary Run(IPredictor model, TextReader input, TextWriter output, CsvPredictionOptions options,
        Action<CsvPredictionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockRows, 1);
        var clock = Stopwatch.StartNew();
        var sep = Separator(options);
        // Sep closes the reader it reads from as soon as it reaches the end, while blocks are still being written and the
        // caller may still look at its input (eqnet predict's progress read a closed file's position, 1 run in ~20).
        using var reader = sep.Reader(o => o with { HasHeader = true, Unescape = false, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture })
            .From(new UnclosedReader(input));
        var rawHeader = reader.Header.ColNames;
        var header = rawHeader.Select(Unquote).ToArray();
        if (header.Length == 0)
            throw new CsvInputException($"{options.Source}: empty file; the first line must name the inputs ({string.Join(options.Delimiter, model.InputNames)})");
        var columns = InputColumns(model, header, options);
        char delimiter = options.Delimiter;
        output.Write(string.Join(delimiter, rawHeader));
        foreach (var name in model.OutputNames.Append(CsvPredictionOptions.InDomainColumn)) { output.Write(delimiter); output.Write(Quote(name, delimiter)); }
        output.Write('\n');

        int workers = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var idle = new Stack<Block>();
        var pending = new Queue<(Block Block, Task Task)>();
        var failures = new List<CsvRowFailure>();
        long rows = 0, failed = 0, outside = 0;
        double parseSeconds = 0, networkSeconds = 0, formatSeconds = 0, writeSeconds = 0;

        void WriteOldest()
        {
            var (done, task) = pending.Dequeue();
            task.GetAwaiter().GetResult();
            double start = ThreadCpuClock.Now();
            output.Write(done.Text.AsSpan(0, done.TextLength));
            writeSeconds += ThreadCpuClock.Now() - start;
            rows += done.Count;
            outside += done.Outside;
            networkSeconds += done.NetworkSeconds;
            formatSeconds += done.FormatSeconds;
            idle.Push(done);
            progress?.Invoke(new CsvPredictionProgress(rows, failed, clock.Elapsed.TotalSeconds));
        }

        Block Next()
        {
            // At most two blocks per worker in flight: enough to keep every core busy, little memory.
            if (idle.Count == 0 && pending.Count >= 2 * workers) WriteOldest();
            if (idle.TryPop(out var reused)) { reused.Clear(); return reused; }
            return new Block(options.BlockRows, header.Length, new BlockPredictor(model, threads: 1), delimiter);
        }

        var block = Next();
        double parseStart = ThreadCpuClock.Now();
        foreach (var row in reader)
        {
            int r = block.Count;
            block.Store(row);
            bool valid = true;
            for (int i = 0; i < columns.Length; i++)
            {
                var failure = Read(row, columns[i], model.InputNames[i], out block.Inputs[r * columns.Length + i]);
                if (failure is null) continue;
                valid = false;
                failed++;
                if (failures.Count < options.MaxReportedFailures) failures.Add(failure);
                break;
            }
            block.Valid[r] = valid;
            if (block.Count < options.BlockRows) continue;
            parseSeconds += ThreadCpuClock.Now() - parseStart;
            var full = block;
            pending.Enqueue((full, Task.Run(full.PredictAndFormat)));
            block = Next();
            parseStart = ThreadCpuClock.Now();
        }
        parseSeconds += ThreadCpuClock.Now() - parseStart;
        if (block.Count > 0) pending.Enqueue((block, Task.Run(block.PredictAndFormat)));
        while (pending.Count > 0) WriteOldest();
        output.Flush();
        return new CsvPredictionSummary(rows, outside, failed, failures, clock.Elapsed.TotalSeconds, networkSeconds)
        {
            ParseSeconds = parseSeconds,
            FormatSeconds = formatSeconds,
            WriteSeconds = writeSeconds,
        };
    }

    private static Sep Separator(CsvPredictionOptions options)
    {
        try { return new Sep(options.Delimiter); }
        catch (ArgumentException e)
        {
            throw new CsvInputException($"delimiter '{options.Delimiter}' cannot separate columns ({e.Message}); use e.g. ',', ';', '|' or a tab");
        }
    }

    /// <summary>The column of each model input, matched by name (exactly, else ignoring surrounding spaces).</summary>
    private static int[] InputColumns(IPredictor model, IReadOnlyList<string> header, CsvPredictionOptions options)
    {
        var columns = model.InputNames.Select(name =>
        {
            for (int c = 0; c < header.Count; c++) if (header[c] == name) return c;
            for (int c = 0; c < header.Count; c++) if (header[c].Trim() == name) return c;
            return -1;
        }).ToArray();
        var missing = model.InputNames.Where((_, i) => columns[i] < 0).ToArray();
        if (missing.Length > 0)
            throw new CsvInputException(
                $"{options.Source}:1: the header lacks {string.Join(", ", missing)}; it must name every input of the model " +
                $"({string.Join(", ", model.InputNames)}) in any order, but has {string.Join(", ", header.Select(h => $"'{h}'"))}" +
                (header.Count == 1 && header[0].IndexOfAny([',', ';', '\t', '|']) >= 0 ? $". Is the delimiter right (now '{options.Delimiter}')?" : ""));
        return columns;
    }

    private static CsvRowFailure? Read(SepReader.Row row, int column, string name, out double value)
    {
        value = double.NaN;
        if (column >= row.ColCount) return new CsvRowFailure(row.LineNumberFrom, name, "", "is missing (the row is short)");
        var col = row[column];
        if (col.TryParse(out value)) return double.IsFinite(value) ? null : new CsvRowFailure(row.LineNumberFrom, name, col.ToString(), "is not a finite number");
        // Rare cases Sep's parser does not take: surrounding spaces, quotes.
        var text = col.Span.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = text[1..^1].Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return text.Length == 0
                ? new CsvRowFailure(row.LineNumberFrom, name, "", "is missing")
                : new CsvRowFailure(row.LineNumberFrom, name, text.ToString(), "is not a number");
        return double.IsFinite(value) ? null : new CsvRowFailure(row.LineNumberFrom, name, text.ToString(), "is not a finite number");
    }

    /// <summary>A header cell as read, without its quotes (RFC 4180).</summary>
    private static string Unquote(string cell) =>
        cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"' ? cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cell;

    /// <summary>A cell quoted if it holds the delimiter, a quote or a line break (RFC 4180).</summary>
    private static string Quote(string cell, char delimiter) =>
        cell.IndexOfAny([delimiter, '"', '\n', '\r']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Reads through to the caller's reader but leaves closing it to the caller, who opened it.</summary>
    private sealed class UnclosedReader(TextReader inner) : TextReader
    {
        public override int Peek() => inner.Peek();

        public override int Read() => inner.Read();

        public override int Read(char[] buffer, int index, int count) => inner.Read(buffer, index, count);

        public override int Read(Span<char> buffer) => inner.Read(buffer);

        public override int ReadBlock(Span<char> buffer) => inner.ReadBlock(buffer);

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>One block of rows: their text as read, parsed inputs, then the output text (rows with predictions appended).</summary>
    private sealed class Block(int capacity, int columns, BlockPredictor predictor, char delimiter)
    {
        private char[] _rows = new char[capacity * columns * 20];
        private readonly int[] _ends = new int[capacity];
        private int _length;

        public readonly double[] Inputs = new double[capacity * predictor.InputCount];
        public readonly bool[] Valid = new bool[capacity];
        private readonly double[] _outputs = new double[capacity * predictor.OutputCount];
        private readonly bool[] _inDomain = new bool[capacity];

        public int Count { get; private set; }

        /// <summary>The rows with outputs, after <see cref="PredictAndFormat"/>.</summary>
        public char[] Text { get; private set; } = [];

        public int TextLength { get; private set; }

        public int Outside { get; private set; }

        public double NetworkSeconds { get; private set; }

        public double FormatSeconds { get; private set; }

        /// <summary>Keeps the row's text: as read when it has the header's columns, else cut or padded to them.</summary>
        public void Store(SepReader.Row row)
        {
            int n = row.ColCount;
            if (n == columns) Append(row.Span);
            else
            {
                for (int c = 0; c < columns; c++)
                {
                    if (c > 0) Append([delimiter]);
                    if (c < n) Append(row[c].Span);
                }
            }
            _ends[Count++] = _length;
        }

        public void Clear()
        {
            Count = 0;
            _length = 0;
        }

        private void Append(ReadOnlySpan<char> text)
        {
            if (_length + text.Length > _rows.Length) Array.Resize(ref _rows, Math.Max(2 * _rows.Length, _length + text.Length));
            text.CopyTo(_rows.AsSpan(_length));
            _length += text.Length;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void PredictAndFormat()
        {
            double start = ThreadCpuClock.Now();
            Outside = predictor.Predict(Inputs, Valid, Count, _outputs, _inDomain);
            double predicted = ThreadCpuClock.Now();
            NetworkSeconds = predicted - start;
            int o = predictor.OutputCount;
            // Round-trip doubles take at most 24 characters; "false" and the delimiters fit in the rest.
            int needed = _length + Count * (o * 26 + 8);
            if (Text.Length < needed) Text = new char[needed];
            var text = Text.AsSpan();
            int at = 0, from = 0;
            for (int r = 0; r < Count; r++)
            {
                _rows.AsSpan(from, _ends[r] - from).CopyTo(text[at..]);
                at += _ends[r] - from;
                from = _ends[r];
                for (int j = 0; j < o; j++)
                {
                    text[at++] = delimiter;
                    if (!Valid[r]) continue;
                    _outputs[r * o + j].TryFormat(text[at..], out int written, "R", CultureInfo.InvariantCulture);
                    at += written;
                }
                text[at++] = delimiter;
                if (Valid[r])
                {
                    (_inDomain[r] ? "true" : "false").CopyTo(text[at..]);
                    at += _inDomain[r] ? 4 : 5;
                }
                text[at++] = '\n';
            }
            TextLength = at;
            FormatSeconds = ThreadCpuClock.Now() - predicted;
        }
    }
}
