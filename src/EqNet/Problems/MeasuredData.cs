using System.Globalization;
using nietras.SeparatedValues;

namespace EqNet.Problems;

/// <summary>
/// Measured rows read from a CSV file: one column per named variable (inputs and outputs), and the optional per-row
/// standard deviations (<see cref="DataSettings.SigmaColumn"/>). Other columns are ignored.
/// </summary>
public sealed class MeasuredData
{
    private MeasuredData(string source, IReadOnlyList<string> names, double[][] columns, double[]? sigma, int rows, IReadOnlyList<string> ignored)
    {
        Source = source;
        Names = names;
        Columns = columns;
        Sigma = sigma;
        Rows = rows;
        IgnoredColumns = ignored;
    }

    /// <summary>The file the rows came from.</summary>
    public string Source { get; }

    /// <summary>The variables read, in the order of <see cref="Columns"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One array of <see cref="Rows"/> values per name.</summary>
    public IReadOnlyList<double[]> Columns { get; }

    /// <summary>Per-row standard deviations (all positive), or null when the file has no sigma column.</summary>
    public double[]? Sigma { get; }

    /// <summary>Number of data rows (the header excluded).</summary>
    public int Rows { get; }

    /// <summary>Header columns that name no variable and were not read.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>The rows <paramref name="rows"/> (0-based, in the order given) as data of their own, from the same source (a cross-validation fold).</summary>
    public MeasuredData Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double[] Pick(double[] column) => [.. rows.Select(i => column[i])];
        return new MeasuredData(Source, Names, [.. Columns.Select(Pick)], Sigma is null ? null : Pick(Sigma), rows.Count, IgnoredColumns);
    }

    /// <summary>The column of <paramref name="name"/>.</summary>
    public double[] Column(string name) => Columns[Names.ToList().IndexOf(name)];

    /// <summary>
    /// Reads the columns <paramref name="names"/> (and <c>sigma</c> when present) from the CSV file at
    /// <paramref name="path"/>, streamed row by row (only the needed columns are kept, 8 bytes per value).
    /// </summary>
    /// <exception cref="ProblemException">
    /// The file is missing or empty, a column is missing, or a cell is not a finite number (file, line, column), or a
    /// sigma is not positive.
    /// </exception>
    public static MeasuredData Read(string path, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(names);
        if (!File.Exists(path))
            throw new ProblemException(path, 0, "", "data file not found; data.file is read relative to the problem file's folder.");
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = true, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture, Unescape = true })
            .FromFile(path);
        var header = reader.Header.ColNames.Select(h => h.Trim()).ToArray();
        if (header.Length == 0 || header.All(h => h.Length == 0))
            throw new ProblemException(path, 1, "", $"the file is empty; its first line must name the columns ({string.Join(", ", names)}).");
        int[] index = [.. names.Select(n => Array.IndexOf(header, n))];
        var missing = names.Where((_, i) => index[i] < 0).ToArray();
        if (missing.Length > 0)
            throw new ProblemException(path, 1, "",
                $"no column named {string.Join(", ", missing.Select(m => $"'{m}'"))}; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}. " +
                $"Name one column after each input and output the equations use ({string.Join(", ", names)}); other columns are ignored." +
                (header.Length == 1 && header[0].IndexOfAny([';', '\t', '|']) >= 0 ? " The file must be comma-separated." : ""));
        int sigmaIndex = Array.IndexOf(header, DataSettings.SigmaColumn);
        var ignored = header.Where((h, c) => !index.Contains(c) && c != sigmaIndex).ToArray();

        var columns = names.Select(_ => new List<double>()).ToArray();
        var sigma = sigmaIndex >= 0 ? new List<double>() : null;
        foreach (var row in reader)
        {
            int line = row.LineNumberFrom;
            for (int i = 0; i < index.Length; i++)
                columns[i].Add(Cell(row, index[i], names[i], path, line));
            if (sigma is not null)
            {
                double s = Cell(row, sigmaIndex, DataSettings.SigmaColumn, path, line);
                if (!(s > 0))
                    throw new ProblemException(path, line, DataSettings.SigmaColumn,
                        $"sigma must be positive (it is the row's standard deviation; weights are 1/sigma^2), found {s.ToString("R", CultureInfo.InvariantCulture)}.");
                sigma.Add(s);
            }
        }
        int rows = columns.Length > 0 ? columns[0].Count : 0;
        if (rows == 0)
            throw new ProblemException(path, 2, "", "the file has a header but no data rows.");
        return new MeasuredData(path, [.. names], [.. columns.Select(c => c.ToArray())], sigma?.ToArray(), rows, ignored);
    }

    private static double Cell(SepReader.Row row, int column, string name, string path, int line)
    {
        if (column >= row.ColCount)
            throw new ProblemException(path, line, name, $"the row has {row.ColCount} cells, so column '{name}' is missing; give every row a value in every column.");
        var text = row[column].Span.Trim();
        if (text.Length == 0)
            throw new ProblemException(path, line, name, "empty cell; every row needs a number in every column the fit reads (delete the row, or fill it in).");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new ProblemException(path, line, name, $"'{text}' is not a number; write numbers like 12.5 or 1.2e-3 (a dot for decimals).");
        if (!double.IsFinite(value))
            throw new ProblemException(path, line, name, $"'{text}' is not a finite number; a fit needs measured values (delete the row, or give a value).");
        return value;
    }
}
