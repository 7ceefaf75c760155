using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EqNet.Export;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Training;
using Microsoft.ML.OnnxRuntime;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench predict</c>: a CSV of points of the model's domain through <see cref="CsvPredictor"/>, file to file,
/// timed end to end and split into parsing, the network and writing (target: 1,000,000 rows/s); then the
/// same points in memory through EqNet's batch prediction and through ONNX Runtime on the exported graph, side by side.
/// </summary>
internal static class BenchPredictCommand
{
    /// <summary>Target end-to-end throughput, rows per second: a million-row file in a second.</summary>
    private const double TargetRowsPerSecond = 1_000_000;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model to run (default: the seed example trained for 3 s; speed does not depend on the fit)." };
        var rows = new Option<int>("--rows") { Description = "Rows of the CSV.", DefaultValueFactory = _ => 1_000_000 };
        var examples = new Option<string>("--examples") { Description = "Folder holding seed.yaml.", DefaultValueFactory = _ => "examples" };
        var onnx = new Option<string?>("--onnx") { Description = "An ONNX file exported from the model (eqnet export --onnx) to run in ONNX Runtime (default: the model exported in memory, float64)." };
        var command = new Command("predict", "Throughput of 'eqnet predict --in FILE --out FILE' on a CSV of the model's domain, split into parsing, network and writing; EqNet's and ONNX Runtime's in-memory batch throughput side by side.")
        {
            model, rows, examples, onnx,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetValue(model), parsed.GetValue(rows), parsed.GetRequiredValue(examples), parsed.GetValue(onnx))));
        return command;
    }

    private static int Run(string? modelPath, int rows, string examples, string? onnxPath)
    {
        if (rows < 1) throw new UserInputException($"--rows must be at least 1, not {rows}");
        if (onnxPath is not null && !File.Exists(onnxPath)) throw new UserInputException($"{onnxPath}: no such file");
        EqNetModel model;
        if (modelPath is not null) model = Surrogate.Load(modelPath);
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
            using (var writer = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 16))
                Surrogate.SampleCsv(model.Problem, rows, writer, seed: 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows:N0} rows of {model.Problem.Name}'s domain, {new FileInfo(input).Length / 1e6:0.0} MB; {Environment.ProcessorCount} cores, load average {LoadAverage()} (wall times are shared, CPU times less so)"));

            var cpu = CpuSeconds();
            CsvPredictionSummary summary;
            using (var reader = new StreamReader(input, Encoding.UTF8, false, 1 << 16))
            using (var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 16))
                summary = CsvPredictor.Run(model, reader, writer, new CsvPredictionOptions { Source = input });
            double cpuSeconds = CpuSeconds() - cpu, rate = summary.Rows / summary.Seconds;
            double parts = summary.ParseSeconds + summary.NetworkSeconds + summary.FormatSeconds + summary.WriteSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"predict --in --out  {summary.Seconds,6:0.00} s wall  {rate / 1e6,5:0.00} M rows/s: {(rate >= TargetRowsPerSecond ? "meets" : "MISSES")} >= {TargetRowsPerSecond / 1e6:0} M rows/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU               {cpuSeconds,6:0.00} s       {summary.Rows / cpuSeconds / 1e6,5:0.00} M rows per CPU-second (x {Environment.ProcessorCount} cores = {summary.Rows / cpuSeconds * Environment.ProcessorCount / 1e6:0.00} M rows/s on an idle machine)"));
            Split("parse (1 thread)", summary.ParseSeconds);
            Split("network (blocks)", summary.NetworkSeconds);
            Split("format (blocks)", summary.FormatSeconds);
            Split("write (1 thread)", summary.WriteSeconds);
            Split("other", Math.Max(0, cpuSeconds - parts));
            void Split(string stage, double seconds) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {stage,-17} {seconds,6:0.00} s  {seconds / cpuSeconds,5:P0} of the CPU time, {summary.Rows / seconds / 1e6,6:0.00} M rows per CPU-second"));

            var x = ReadInputs(model, input, rows);
            var expected = new double[rows * model.OutputNames.Count];
            model.Predict(x.AsSpan(0, Math.Min(rows, 4096) * model.InputNames.Count), Math.Min(rows, 4096), expected);
            var clock = Stopwatch.StartNew();
            cpu = CpuSeconds();
            model.Predict(x, rows, expected);
            double eqnetWall = clock.Elapsed.TotalSeconds, eqnetCpu = CpuSeconds() - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"in memory, EqNet    {eqnetWall,6:0.00} s wall  {rows / eqnetWall / 1e6,5:0.00} M rows/s, {rows / eqnetCpu / 1e6:0.00} M rows per CPU-second (features and network, all cores)"));

            using var session = OpenSession(onnxPath, model);
            var actual = new double[expected.Length];
            OnnxCheck.Run(session, x, Math.Min(rows, 4096), model.InputNames.Count, model.OutputNames.Count, actual);
            clock.Restart();
            cpu = CpuSeconds();
            OnnxCheck.Run(session, x, rows, model.InputNames.Count, model.OutputNames.Count, actual);
            double onnxWall = clock.Elapsed.TotalSeconds, onnxCpu = CpuSeconds() - cpu;
            var (plain, floored) = OnnxCheck.Difference(actual, expected, model.OutputNames.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"in memory, ONNX RT  {onnxWall,6:0.00} s wall  {rows / onnxWall / 1e6,5:0.00} M rows/s, {rows / onnxCpu / 1e6:0.00} M rows per CPU-second ({onnxPath ?? "exported float64 graph"}, {OnnxCheck.BatchRows:N0}-row calls)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  largest relative difference ONNX Runtime vs EqNet: {plain:E2} ({floored:E2} relative to at least 1e-3 of the output's largest size)"));
            var system = new CompiledSystem(model.Problem);
            var eqnetError = system.ScaleRelativeErrors(system.Join(x, expected, rows), rows).Overall;
            var onnxError = system.ScaleRelativeErrors(system.Join(x, actual, rows), rows).Overall;
            double change = 0;
            for (int i = 0; i < rows; i++) change = Math.Max(change, Math.Abs(onnxError[i] - eqnetError[i]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  scale-relative error (eqnet eval's metric) on these points: max {eqnetError.Max():E2} EqNet, {onnxError.Max():E2} ONNX Runtime; largest change at a point {change:E2}"));
            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static InferenceSession OpenSession(string? path, EqNetModel model)
    {
        if (path is null) return new InferenceSession(OnnxExporter.Export(model));
        try
        {
            var session = new InferenceSession(path);
            string? inputs = session.ModelMetadata.CustomMetadataMap.GetValueOrDefault("input_names");
            if (inputs != string.Join(",", model.InputNames))
            {
                session.Dispose();
                throw new UserInputException($"{path}: its inputs are [{inputs}], the model's [{string.Join(",", model.InputNames)}]; export it from this model (eqnet export MODEL --onnx FILE)");
            }
            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new UserInputException($"{path}: ONNX Runtime cannot load it ({e.Message}); export it again with eqnet export MODEL --onnx FILE");
        }
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    /// <summary>The CSV's inputs, row-major (the file is <see cref="DomainCsv"/>'s: inputs in model order).</summary>
    private static double[] ReadInputs(EqNetModel model, string path, int rows)
    {
        int d = model.InputNames.Count;
        var x = new double[rows * d];
        int k = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
            foreach (var cell in line.Split(','))
                x[k++] = double.Parse(cell, CultureInfo.InvariantCulture);
        return x;
    }
}
