using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EqNet.IO;
using EqNet.Models;
using EqNet.Prediction;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet predict MODEL --at "..."</c> for one point, or <c>--in inputs.csv [--out outputs.csv]</c> for a file,
/// streamed: the model's outputs from the inputs alone, with a warning or an <c>in_domain</c> column outside the
/// trained domain.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Seconds between progress lines on stderr; a file done sooner prints none.</summary>
    private const double ProgressEverySeconds = 2;

    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train'." };
        var at = new Option<string?>("--at") { Description = "One point: \"x1=700, x2=20, ...\"; prints each output." };
        var input = new Option<string?>("--in", "--csv")
        {
            Description = "A CSV file whose header names every input (any order; other columns pass through); '-' for stdin.",
        };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the rows with the outputs and in_domain appended; '-' (default) for stdout.",
            DefaultValueFactory = _ => "-",
        };
        var delimiter = new Option<string>("--delimiter") { Description = "Column separator of input and output: one character, or 'tab'.", DefaultValueFactory = _ => "," };
        var threads = CommonOptions.Threads();
        var newtonSteps = CommonOptions.NewtonSteps();
        var command = new Command("predict", "Predict outputs for given inputs with a trained model (exit code 2 when some CSV rows could not be read; they are written with empty outputs).")
        {
            modelPath, at, input, output, delimiter, threads, newtonSteps,
        };
        command.SetAction(parsed => UserErrors.Guard(() =>
        {
            string? point = parsed.GetValue(at), csv = parsed.GetValue(input);
            if ((point is null) == (csv is null)) throw new UserInputException("give exactly one of --at \"x1=..., ...\" or --in FILE.csv");
            var model = CommonOptions.WithNewtonSteps(Surrogate.LoadAny(parsed.GetRequiredValue(modelPath)), parsed.GetValue(newtonSteps));
            if (point is not null) return PredictPoint(model, point);
            var options = new CsvPredictionOptions
            {
                Delimiter = Delimiter(parsed.GetRequiredValue(delimiter)),
                Threads = CommonOptions.CheckThreads(parsed.GetValue(threads)),
                Source = csv == "-" ? "stdin" : csv!,
            };
            return PredictFile(model, csv!, parsed.GetRequiredValue(output), options);
        }));
        return command;
    }

    private static int PredictPoint(IPredictor model, string text)
    {
        var x = PointParser.Parse(text, model.InputNames);
        var point = model.InputNames.Select((name, i) => (name, x[i])).ToDictionary(p => p.name, p => p.Item2);
        var y = Surrogate.Predict(model, point);
        foreach (var name in model.OutputNames)
            Console.WriteLine($"{name} = {y[name].ToString("R", CultureInfo.InvariantCulture)}");
        if (Surrogate.DomainViolation(model, point) is { } violation)
            Console.Error.WriteLine($"warning: the point is outside the trained domain ({violation}); the prediction is an extrapolation that training never checked.");
        return ExitCodes.Ok;
    }

    private static int PredictFile(IPredictor model, string inPath, string outPath, CsvPredictionOptions options)
    {
        if (inPath != "-" && !File.Exists(inPath)) throw new UserInputException($"{inPath}: no such file");
        using var inStream = inPath == "-" ? Console.OpenStandardInput() : new FileStream(inPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new StreamReader(inStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        long total = inPath == "-" ? 0 : inStream.Length;
        var progressClock = Stopwatch.StartNew();
        double lastProgress = 0;
        void Progress(CsvPredictionProgress p)
        {
            if (p.Seconds - lastProgress < ProgressEverySeconds) return;
            lastProgress = p.Seconds;
            string share = total > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * inStream.Position / total:0}% of {total / 1e6:0.#} MB)") : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predict: {p.Rows:N0} rows{share}, {p.Rows / p.Seconds / 1e6:0.00} M rows/s"));
        }

        CsvPredictionSummary summary;
        try
        {
            if (outPath == "-")
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
                summary = Surrogate.PredictCsv(model, reader, stdout, options, Progress);
            }
            else
            {
                CsvPredictionSummary? written = null;
                AtomicFile.Write(outPath, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    written = Surrogate.PredictCsv(model, reader, writer, options, Progress);
                });
                summary = written!;
            }
        }
        catch (CsvInputException e)
        {
            throw new UserInputException(e.Message);
        }

        foreach (var failure in summary.Failures)
            Console.Error.WriteLine($"eqnet: {options.Source}:{failure.Line}: {failure.Describe()}; the row is written with empty outputs");
        if (summary.FailedRows > summary.Failures.Count)
            Console.Error.WriteLine($"eqnet: ... and {Rows(summary.FailedRows - summary.Failures.Count)} more that could not be read");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"predicted {summary.Rows - summary.FailedRows:N0} of {summary.Rows:N0} rows in {summary.Seconds:0.00} s ({summary.Rows / Math.Max(summary.Seconds, 1e-9) / 1e6:0.00} M rows/s; " +
            $"stage seconds: parse {summary.ParseSeconds:0.00}, model {summary.NetworkSeconds:0.00}, format {summary.FormatSeconds:0.00}, write {summary.WriteSeconds:0.00}); " +
            $"{summary.OutsideDomain:N0} outside the trained domain (in_domain = false); {summary.FailedRows:N0} could not be read"));
        // Rows that could not be read are the input's mistake (exit 2), though every other row is written.
        if (summary.FailedRows > 0)
            Console.Error.WriteLine($"eqnet: {options.Source}: {Rows(summary.FailedRows)} could not be read (listed above); fix {(summary.FailedRows == 1 ? "it" : "them")} and predict again");
        return summary.FailedRows > 0 ? ExitCodes.UserError : ExitCodes.Ok;
    }

    /// <summary>"1 row", "2 rows", "1,000 rows".</summary>
    internal static string Rows(long count) => count == 1 ? "1 row" : $"{count:N0} rows";

    private static char Delimiter(string text) => text switch
    {
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } => text[0],
        _ => throw new UserInputException($"--delimiter must be one character or 'tab', not '{text}'"),
    };
}
