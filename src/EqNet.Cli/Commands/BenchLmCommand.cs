using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Models;
using EqNet.Optimization;

namespace EqNet.Cli.Commands;

/// <summary>
/// <c>eqnet bench lm</c>: the parts of one Levenberg-Marquardt training step timed at the trainer's shapes (Jacobian
/// evaluation, J^T J, Cholesky, the solve), against the FMA peak and, in the same run, OpenBLAS's dsyrk and dpotrf.
/// </summary>
/// <remarks>
/// Each figure is the best of several repetitions (the machine may be shared), and ours and OpenBLAS's alternate
/// within each repetition, so both see the same load. GFLOP/s count a multiply-add as two operations (LAPACK's
/// convention): J^T J is m n (n + 1) operations for the upper triangle, Cholesky n^3 / 3. The two J^T J do the same
/// work on the same J: each writes the upper triangle of a row-major n x n matrix (dsyrk with uplo = Upper and beta = 0;
/// ours leaves the lower triangle unwritten too), and ours also forms J^T r in the same pass, which dsyrk does not
/// (under 1 % of the time). J^T J and Cholesky are
/// also timed in the process's CPU time: on a machine shared with other work the wall clock counts the time slices
/// the others take, and CPU seconds do not (a thread spinning while it waits for the other still counts, for ours and
/// for OpenBLAS's), so GFLOP per CPU second over a core's peak is the fraction of the machine's limit reached while
/// running. Before each timed call on several threads the benchmark sleeps past OpenBLAS's idle workers' spinning
/// (they poll for about 2^28 cycles after a call), which would otherwise be charged to the next call.
/// </remarks>
internal static class BenchLmCommand
{
    private static readonly int[] DefaultParameters = [500, 930, 2000, 5000];
    private static readonly int[] DefaultPoints = [4096, 16384];
    private static readonly int[] DefaultThreads = [1, 2];

    /// <summary>Features of the benchmark network: the seed problem's seven.</summary>
    private const int Features = 7;

    public static Command Create()
    {
        var parameters = new Option<string?>("--parameters") { Description = "Comma-separated parameter counts (default: 500,930,2000,5000)." };
        var points = new Option<string?>("--points") { Description = "Comma-separated point counts (default: 4096,16384)." };
        var threads = new Option<string?>("--threads") { Description = "Comma-separated thread counts (default: 1,2)." };
        var repeats = new Option<int>("--repeats") { Description = "Repetitions per figure; the best is kept.", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json("Print one JSON object with the figures instead of a table.");
        var command = new Command("lm", "Time a Levenberg-Marquardt step's parts (Jacobian, J^T J, Cholesky, solve) at the trainer's shapes, against the FMA peak and OpenBLAS.")
        {
            parameters, points, threads, repeats, json,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(
            Counts(parsed.GetValue(parameters), DefaultParameters, "--parameters"), Counts(parsed.GetValue(points), DefaultPoints, "--points"),
            Counts(parsed.GetValue(threads), DefaultThreads, "--threads"), parsed.GetValue(repeats), parsed.GetValue(json))));
        return command;
    }

    private static int[] Counts(string? text, int[] defaults, string option)
    {
        if (text is null) return defaults;
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var counts = new int[values.Length];
        for (int k = 0; k < values.Length; k++)
            if (!int.TryParse(values[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out counts[k]) || counts[k] < 1)
                throw new UserInputException($"{option} takes positive whole numbers separated by commas, not '{values[k]}'");
        return counts.Length > 0 ? counts : throw new UserInputException($"{option} is empty; give at least one number, e.g. {string.Join(",", defaults)}");
    }

    private static int Run(int[] parameterCounts, int[] pointCounts, int[] threadCounts, int repeats, bool json)
    {
        if (repeats < 1) throw new UserInputException($"--repeats must be at least 1, not {repeats}");
        var peak = CpuPeak.Read();
        var blas = OpenBlas.TryLoad();
        var figures = new JsonObject
        {
            ["cpu"] = peak.Description,
            ["peak_gflops_per_core"] = 2 * peak.GigaFmaPerCore,
            ["openblas"] = blas?.Library,
        };
        if (!json)
        {
            Console.WriteLine($"peak: {peak.Description} = {2 * peak.GigaFmaPerCore:0.0} GFLOP/s a core");
            Console.WriteLine(blas is null
                ? "OpenBLAS: not found (apt-get install libopenblas0); its columns are skipped"
                : $"OpenBLAS: {blas.Library}; best of {repeats}, ours and OpenBLAS alternating");
            Console.WriteLine("wall: GFLOP/s by the wall clock; cpu: GFLOP per CPU second of the process (other processes' time slices not counted); peak: cpu GFLOP/s over one core's peak");
            Console.WriteLine($"{"points",7} {"params",7} {"thr",3} | {"jac ms",8} | {"JtJ ms",8} {"GF/s",6} {"vs OB",5} {"cpu",5} {"peak",5} {"vs OB",5} | {"chol ms",8} {"GF/s",6} {"vs OB",5} {"cpu",5} {"peak",5} {"vs OB",5} | {"solve ms",8} | {"step ms",8}");
        }
        foreach (int target in parameterCounts)
        {
            var network = NetworkOf(target);
            int n = network.ParameterCount;
            foreach (int m in pointCounts)
            {
                foreach (int t in threadCounts)
                {
                    var row = Measure(network, m, t, repeats, blas);
                    string suffix = $"p{target}_t{t}" + (m == pointCounts[0] ? "" : $"_m{m}");
                    double peakGflops = 2 * peak.GigaFmaPerCore;
                    figures[$"parameters_p{target}"] = n;
                    figures[$"jacobian_ms_{suffix}"] = row.Jacobian * 1e3;
                    figures[$"jtj_ms_{suffix}"] = row.Normal * 1e3;
                    figures[$"jtj_gflops_{suffix}"] = row.NormalGflops;
                    figures[$"jtj_cpu_gflops_{suffix}"] = row.NormalCpuGflops;
                    figures[$"jtj_peak_fraction_{suffix}"] = row.NormalCpuGflops / peakGflops;
                    figures[$"jtj_wall_peak_fraction_{suffix}"] = row.NormalGflops / (peakGflops * t);
                    figures[$"chol_ms_{suffix}"] = row.Cholesky * 1e3;
                    figures[$"chol_gflops_{suffix}"] = row.CholeskyGflops;
                    figures[$"chol_cpu_gflops_{suffix}"] = row.CholeskyCpuGflops;
                    figures[$"chol_peak_fraction_{suffix}"] = row.CholeskyCpuGflops / peakGflops;
                    figures[$"solve_ms_{suffix}"] = row.Solve * 1e3;
                    figures[$"step_ms_{suffix}"] = row.Step * 1e3;
                    if (blas is not null)
                    {
                        figures[$"jtj_openblas_gflops_{suffix}"] = row.BlasNormalGflops;
                        figures[$"jtj_vs_openblas_{suffix}"] = row.NormalGflops / row.BlasNormalGflops;
                        figures[$"jtj_vs_openblas_cpu_{suffix}"] = row.NormalCpuGflops / row.BlasNormalCpuGflops;
                        figures[$"chol_openblas_gflops_{suffix}"] = row.BlasCholeskyGflops;
                        figures[$"chol_vs_openblas_{suffix}"] = row.CholeskyGflops / row.BlasCholeskyGflops;
                        figures[$"chol_vs_openblas_cpu_{suffix}"] = row.CholeskyCpuGflops / row.BlasCholeskyCpuGflops;
                    }
                    if (!json)
                    {
                        string Ratio(double ours, double theirs) => blas is null ? "-" : (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{m,7} {n,7} {t,3} | {row.Jacobian * 1e3,8:0.0} | {row.Normal * 1e3,8:0.0} {row.NormalGflops,6:0.0} {Ratio(row.NormalGflops, row.BlasNormalGflops),5} {row.NormalCpuGflops,5:0.0} {row.NormalCpuGflops / peakGflops,5:0.00} {Ratio(row.NormalCpuGflops, row.BlasNormalCpuGflops),5} | ")
                            + string.Create(CultureInfo.InvariantCulture,
                            $"{row.Cholesky * 1e3,8:0.0} {row.CholeskyGflops,6:0.0} {Ratio(row.CholeskyGflops, row.BlasCholeskyGflops),5} {row.CholeskyCpuGflops,5:0.0} {row.CholeskyCpuGflops / peakGflops,5:0.00} {Ratio(row.CholeskyCpuGflops, row.BlasCholeskyCpuGflops),5} | {row.Solve * 1e3,8:0.00} | {row.Step * 1e3,8:0.0}"));
                    }
                }
            }
        }
        if (json) Console.WriteLine(MetricsJson.ToText(figures));
        return ExitCodes.Ok;
    }

    /// <summary>Best wall seconds of each part and best CPU seconds of J^T J and Cholesky (ours and OpenBLAS's); GFLOP/s from them.</summary>
    private sealed record Figures(int M, int N, double Jacobian, double Trial, double Normal, double Cholesky, double Solve, double BlasNormal, double BlasCholesky,
        double NormalCpu, double CholeskyCpu, double BlasNormalCpu, double BlasCholeskyCpu)
    {
        public double NormalCpuGflops => (double)M * N * (N + 1) / NormalCpu * 1e-9;

        public double BlasNormalCpuGflops => (double)M * N * (N + 1) / BlasNormalCpu * 1e-9;

        public double CholeskyCpuGflops => (double)N * N * N / 3 / CholeskyCpu * 1e-9;

        public double BlasCholeskyCpuGflops => (double)N * N * N / 3 / BlasCholeskyCpu * 1e-9;

        public double NormalGflops => (double)M * N * (N + 1) / Normal * 1e-9;

        public double BlasNormalGflops => (double)M * N * (N + 1) / BlasNormal * 1e-9;

        public double CholeskyGflops => (double)N * N * N / 3 / Cholesky * 1e-9;

        public double BlasCholeskyGflops => (double)N * N * N / 3 / BlasCholesky * 1e-9;

        /// <summary>One accepted step: Jacobian, J^T J, one damped factorisation and solve, and the trial point's residuals.</summary>
        public double Step => Jacobian + Normal + Cholesky + Solve + Trial;
    }

    private static Figures Measure(MagnitudeShapeNetwork network, int m, int threads, int repeats, OpenBlas? blas)
    {
        int n = network.ParameterCount;
        var random = new Random(1);
        var features = Enumerable.Range(0, m * Features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var parameters = network.Initialize(1);
        var outputs = new double[m];
        var jacobian = new double[(long)m * n];
        var normal = new double[n * n];
        var gradient = new double[n];
        var factor = new double[n * n];
        var rhs = new double[n];
        var blasOut = new double[n * n];
        double jac = double.MaxValue, trial = double.MaxValue, jtj = double.MaxValue, chol = double.MaxValue, solve = double.MaxValue;
        double blasJtj = double.MaxValue, blasChol = double.MaxValue;
        double jtjCpu = double.MaxValue, cholCpu = double.MaxValue, blasJtjCpu = double.MaxValue, blasCholCpu = double.MaxValue;
        blas?.SetThreads(threads);
        for (int rep = 0; rep < repeats + 1; rep++)
        {
            // Repetition 0 warms the JIT and the caches and is not counted.
            bool counted = rep > 0;
            double Time(Action action, double best)
            {
                long start = Stopwatch.GetTimestamp();
                action();
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return counted ? Math.Min(best, seconds) : best;
            }
            double TimeBoth(Action action, double best, ref double bestCpu)
            {
                // OpenBLAS's workers poll for about 2^28 cycles (0.1 s at 2.6 GHz) after a call; let them go to sleep.
                if (threads > 1) Thread.Sleep(IdleWorkers);
                var cpu = Environment.CpuUsage.TotalTime;
                double wall = Time(action, best);
                // At least the 1 us that getrusage resolves, so a tiny shape's rate stays finite.
                double seconds = Math.Max(1e-6, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
                if (counted) bestCpu = Math.Min(bestCpu, seconds);
                return wall;
            }
            jac = Time(() => network.Evaluate(parameters, features, m, outputs, jacobian, threads), jac);
            trial = Time(() => network.Evaluate(parameters, features, m, outputs, default, threads), trial);
            jtj = TimeBoth(() => NormalEquations.Build(jacobian, outputs, m, n, normal, gradient, threads), jtj, ref jtjCpu);
            if (blas is not null) blasJtj = TimeBoth(() => blas.Syrk(jacobian, m, n, blasOut), blasJtj, ref blasJtjCpu);
            // The damped matrix of a typical step: J^T J plus a damping that keeps it safely positive definite.
            void Damped(double[] into)
            {
                Array.Copy(normal, into, n * n);
                for (int a = 0; a < n; a++) into[a * n + a] += 1e-3 * normal[a * n + a] + 1e-9;
            }
            Damped(factor);
            chol = TimeBoth(() => Check(NormalEquations.CholeskyFactor(factor, n, threads)), chol, ref cholCpu);
            if (blas is not null)
            {
                Damped(blasOut);
                // dpotrf as called reads the row-major lower triangle, and Build writes only the upper one (untimed).
                for (int p = 0; p < n; p++)
                    for (int q = p + 1; q < n; q++) blasOut[q * n + p] = blasOut[p * n + q];
                blasChol = TimeBoth(() => Check(blas.Potrf(blasOut, n)), blasChol, ref blasCholCpu);
            }
            Array.Copy(gradient, rhs, n);
            solve = Time(() => NormalEquations.SolveFactored(factor, rhs, n), solve);
        }
        return new Figures(m, n, jac, trial, jtj, chol, solve, blasJtj, blasChol, jtjCpu, cholCpu, blasJtjCpu, blasCholCpu);
    }

    /// <summary>Milliseconds slept before a timed call on several threads: past OpenBLAS's 2^28-cycle polling at a 2.6 GHz clock (0.1 s), with margin.</summary>
    private const int IdleWorkers = 250;

    private static void Check(bool factored)
    {
        if (!factored) throw new InvalidOperationException("the benchmark's damped J^T J was not positive definite");
    }

    /// <summary>
    /// The seed's network (seven features, a difference head: two magnitudes, each an MLP [w, w] with four log-sum-exp
    /// units and two power terms) with the width w whose parameter count is nearest <paramref name="target"/>
    /// (w = 16 gives the seed's 930).
    /// </summary>
    private static MagnitudeShapeNetwork NetworkOf(int target)
    {
        var heads = new[] { OutputHead.For("y", null, null).AsDifference() };
        MagnitudeShapeNetwork Of(int width) => new(Features, [width, width], 4, 2, heads);
        var best = Of(1);
        for (int width = 2; width <= 256; width++)
        {
            var candidate = Of(width);
            if (Math.Abs(candidate.ParameterCount - target) < Math.Abs(best.ParameterCount - target)) best = candidate;
            if (candidate.ParameterCount > target) break;
        }
        return best;
    }
}
