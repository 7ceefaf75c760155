using System.Diagnostics;
using System.Globalization;
using EqNet.Models;
using nietras.SeparatedValues;

namespace EqNet.Prediction;

/// <summary>
/// Streams a CSV file through a model: the header names the inputs (any order, any other columns), each row is
/// written back with the outputs and an <c>in_domain</c> column appended. Read, predicted and written a block of rows
/// at a time, so a file larger than memory works. A row with a missing or unreadable input is reported with its line
/// and written with empty outputs. Reading and writing are Sep's (quoting per RFC 4180, any one-character separator).
/// </summary>
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
        using var reader = sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture })
            .From(input);
        var header = reader.Header.ColNames;
        if (header.Count == 0)
            throw new CsvInputException($"{options.Source}: empty file; the first line must name the inputs ({string.Join(options.Delimiter, model.InputNames)})");
        var columns = InputColumns(model, header, options);
        var outputNames = model.OutputNames.Append(CsvPredictionOptions.InDomainColumn).ToArray();
        using var writer = sep.Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture, ColNotSetOption = SepColNotSetOption.Empty })
            .To(output, leaveOpen: true);

        var block = new Block(options.BlockRows, header.Count, model.InputNames.Count, model.OutputNames.Count);
        var predictor = new BlockPredictor(model, options.Threads);
        var failures = new List<CsvRowFailure>();
        long rows = 0, failed = 0, outside = 0;
        double networkSeconds = 0;
        void Flush()
        {
            long start = Stopwatch.GetTimestamp();
            outside += predictor.Predict(block.Inputs, block.Valid, block.Count, block.Outputs, block.InDomain);
            networkSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            block.WriteTo(writer, header, outputNames);
            rows += block.Count;
            block.Clear();
            progress?.Invoke(new CsvPredictionProgress(rows, failed, clock.Elapsed.TotalSeconds));
        }

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
            if (block.Count == options.BlockRows) Flush();
        }
        if (block.Count > 0) Flush();
        writer.Flush();
        return new CsvPredictionSummary(rows, outside, failed, failures, clock.Elapsed.TotalSeconds, networkSeconds);
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
        var text = col.Span;
        if (!col.TryParse(out value) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return text.Trim().Length == 0
                ? new CsvRowFailure(row.LineNumberFrom, name, "", "is missing")
                : new CsvRowFailure(row.LineNumberFrom, name, text.ToString(), "is not a number");
        return double.IsFinite(value) ? null : new CsvRowFailure(row.LineNumberFrom, name, text.ToString(), "is not a finite number");
    }

    /// <summary>One block of rows: their cells' text (to pass through), parsed inputs, predictions.</summary>
    private sealed class Block(int capacity, int columns, int inputs, int outputs)
    {
        private char[] _text = new char[capacity * columns * 16];
        private readonly int[] _ends = new int[capacity * columns];
        private readonly int[] _counts = new int[capacity];
        private int _length;

        public readonly double[] Inputs = new double[capacity * inputs];
        public readonly bool[] Valid = new bool[capacity];
        public readonly double[] Outputs = new double[capacity * outputs];
        public readonly bool[] InDomain = new bool[capacity];

        public int Count { get; private set; }

        public void Store(SepReader.Row row)
        {
            int r = Count++;
            int n = Math.Min(row.ColCount, columns);
            for (int c = 0; c < n; c++)
            {
                var span = row[c].Span;
                if (_length + span.Length > _text.Length) Array.Resize(ref _text, Math.Max(2 * _text.Length, _length + span.Length));
                span.CopyTo(_text.AsSpan(_length));
                _length += span.Length;
                _ends[r * columns + c] = _length;
            }
            _counts[r] = n;
        }

        public void WriteTo(SepWriter writer, IReadOnlyList<string> header, string[] outputNames)
        {
            int start = 0, o = outputNames.Length - 1;
            for (int r = 0; r < Count; r++)
            {
                using var row = writer.NewRow();
                for (int c = 0; c < columns; c++)
                {
                    if (c >= _counts[r]) { row[header[c]].Set(""); continue; }
                    int end = _ends[r * columns + c];
                    row[header[c]].Set(_text.AsSpan(start, end - start));
                    start = end;
                }
                for (int j = 0; j < o; j++)
                {
                    if (Valid[r]) row[outputNames[j]].Format(Outputs[r * o + j]);
                    else row[outputNames[j]].Set("");
                }
                row[outputNames[o]].Set(Valid[r] ? (InDomain[r] ? "true" : "false") : "");
            }
        }

        public void Clear()
        {
            Count = 0;
            _length = 0;
        }
    }
}
