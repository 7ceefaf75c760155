using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench predict</c>: a CSV of points of the model's domain through <see cref="CsvPredictor"/>, file to file,
/// timed end to end and split into the model and reading/writing (target: 1,000,000 rows/s, issue 13).
/// </summary>
internal static class BenchPredictCommand
{
    /// <summary>Target end-to-end throughput, rows per second (issue 13).</summary>
    private const double TargetRowsPerSecond = 1_000_000;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model to run (default: the seed example trained for 3 s; speed does not depend on the fit)." };
        var rows = new Option<int>("--rows") { Description = "Rows of the CSV.", DefaultValueFactory = _ => 1_000_000 };
        var examples = new Option<string>("--examples") { Description = "Folder holding seed.yaml.", DefaultValueFactory = _ => "examples" };
        var command = new Command("predict", "Throughput of 'eqnet predict --in FILE --out FILE' on a CSV of the model's domain, split into model and I/O.")
        {
            model, rows, examples,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetValue(model), parsed.GetValue(rows), parsed.GetRequiredValue(examples))));
        return command;
    }

    private static int Run(string? modelPath, int rows, string examples)
    {
        if (rows < 1) throw new UserInputException($"--rows must be at least 1, not {rows}");
        EqNetModel model;
        if (modelPath is not null) model = ModelFile.Load(modelPath);
        else
        {
            Console.WriteLine("training the seed example for 3 s ...");
            model = Trainer.Train(ProblemFile.Load(Path.Combine(examples, "seed.yaml")), new TrainingOptions { TimeBudgetSeconds = 3 }).Model;
        }
        string folder = Path.Combine(Path.GetTempPath(), "eqnet-bench-predict-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string input = Path.Combine(folder, "in.csv"), output = Path.Combine(folder, "out.csv");
            WriteInputs(model, rows, input);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows of {model.Problem.Name}'s domain, {new FileInfo(input).Length / 1e6:0.0} MB"));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            CsvPredictionSummary summary;
            using (var reader = new StreamReader(input, Encoding.UTF8, false, 1 << 16))
            using (var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 16))
                summary = CsvPredictor.Run(model, reader, writer, new CsvPredictionOptions { Source = input });
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            double io = summary.Seconds - summary.NetworkSeconds, rate = summary.Rows / summary.Seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"end to end   {summary.Seconds,7:0.00} s  {rate / 1e6,6:0.00} M rows/s: {(rate >= TargetRowsPerSecond ? "meets" : "MISSES")} >= {TargetRowsPerSecond / 1e6:0} M rows/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  model      {summary.NetworkSeconds,7:0.00} s  {summary.NetworkSeconds / summary.Seconds,6:P0}  (features and network, all cores)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  I/O        {io,7:0.00} s  {io / summary.Seconds,6:P0}  (reading, parsing, formatting, writing; one thread)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU time   {cpuSeconds,7:0.00} s  ({summary.Rows / cpuSeconds / 1e6:0.00} M rows per CPU-second; less disturbed than wall time on a shared machine)"));
            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteInputs(EqNetModel model, int rows, string path)
    {
        var sampler = new DomainSampler(model.Problem);
        int d = model.InputNames.Count;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(string.Join(',', model.InputNames));
        var random = new Random(1);
        var block = new double[4096 * d];
        Span<char> buffer = stackalloc char[32];
        for (int done = 0; done < rows; done += 4096)
        {
            int n = Math.Min(4096, rows - done);
            sampler.Sample(block.AsSpan(0, n * d), random);
            for (int r = 0; r < n; r++)
            {
                for (int i = 0; i < d; i++)
                {
                    if (i > 0) writer.Write(',');
                    block[r * d + i].TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
                    writer.Write(buffer[..written]);
                }
                writer.WriteLine();
            }
        }
    }
}
