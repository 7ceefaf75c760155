using System.Diagnostics;

namespace EqNet.Optimization;

/// <summary>Why a minimiser stopped.</summary>
public enum ExitCondition
{
    /// <summary>The gradient's largest component fell below the tolerance.</summary>
    GradientTolerance,

    /// <summary>The relative decrease of the objective fell below the tolerance.</summary>
    FunctionTolerance,

    /// <summary>The step became negligible.</summary>
    StepTolerance,

    /// <summary>The iteration limit.</summary>
    MaxIterations,

    /// <summary>The deadline or a cancellation.</summary>
    Deadline,

    /// <summary>No step satisfying the line-search conditions was found.</summary>
    LineSearchFailed,

    /// <summary>Levenberg-Marquardt's damping grew past its limit: no step decreases the cost.</summary>
    DampingOverflow,
}

/// <summary>Settings of <see cref="Lbfgs.Minimize"/>.</summary>
public sealed record LbfgsOptions
{
    /// <summary>Correction pairs kept.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Stop when max |gradient| is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Stop when the relative decrease is below this.</summary>
    public double FunctionTolerance { get; init; } = 1e-15;

    /// <summary>Iteration limit.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Wall-clock limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Stops early when cancelled.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>What <see cref="Lbfgs.Minimize"/> found.</summary>
/// <param name="Value">f at the returned point (the point is written into the caller's array).</param>
/// <param name="Iterations">Iterations done.</param>
/// <param name="Evaluations">Objective evaluations.</param>
/// <param name="Exit">Why it stopped.</param>
public sealed record MinimizationResult(double Value, int Iterations, int Evaluations, ExitCondition Exit);

/// <summary>
/// Limited-memory BFGS with a strong Wolfe line search (Nocedal and Wright, algorithms 7.4, 3.5 and 3.6): for smooth
/// objectives of many parameters where a Hessian would not fit, e.g. a float64 polish of a larger network.
/// </summary>
public static class Lbfgs
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="x"/> (overwritten with the result).</summary>
    public static MinimizationResult Minimize(IObjective objective, double[] x, LbfgsOptions? options = null)
    {
        options ??= new LbfgsOptions();
        int n = x.Length;
        if (n == 0) throw new ArgumentException("L-BFGS needs at least one parameter.", nameof(x));
        var clock = Stopwatch.StartNew();
        var g = new double[n];
        var direction = new double[n];
        var s = new double[options.Memory][];
        var y = new double[options.Memory][];
        var rho = new double[options.Memory];
        var alpha = new double[options.Memory];
        int stored = 0, newest = -1, evaluations = 1;
        double f = objective.Evaluate(x, g);
        var search = new WolfeLineSearch(objective, n);
        for (int iteration = 0; ; iteration++)
        {
            if (MaxAbs(g) <= options.GradientTolerance) return new(f, iteration, evaluations, ExitCondition.GradientTolerance);
            if (iteration >= options.MaxIterations) return new(f, iteration, evaluations, ExitCondition.MaxIterations);
            if (options.Cancellation.IsCancellationRequested || options.TimeLimit is { } limit && clock.Elapsed > limit)
                return new(f, iteration, evaluations, ExitCondition.Deadline);

            // Two-loop recursion: direction = -H g.
            for (int i = 0; i < n; i++) direction[i] = -g[i];
            for (int k = 0; k < stored; k++)
            {
                int j = (newest - k + options.Memory) % options.Memory;
                alpha[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alpha[j], y[j], direction);
            }
            if (stored > 0) Scale(direction, Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]));
            for (int k = stored - 1; k >= 0; k--)
            {
                int j = (newest - k + options.Memory) % options.Memory;
                double beta = rho[j] * Dot(y[j], direction);
                Axpy(alpha[j] - beta, s[j], direction);
            }
            double slope = Dot(g, direction);
            if (slope >= 0)
            {
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope = Dot(g, direction);
                stored = 0;
            }
            double initial = stored == 0 ? Math.Min(1, 1 / Math.Max(1e-300, Math.Sqrt(-slope))) : 1;
            var (ok, step, fNew, gNew, used) = search.Search(x, f, g, direction, slope, initial);
            evaluations += used;
            if (!ok) return new(f, iteration, evaluations, ExitCondition.LineSearchFailed);
            newest = (newest + 1) % options.Memory;
            s[newest] ??= new double[n];
            y[newest] ??= new double[n];
            for (int i = 0; i < n; i++)
            {
                s[newest][i] = step * direction[i];
                y[newest][i] = gNew[i] - g[i];
                x[i] += s[newest][i];
            }
            double sy = Dot(s[newest], y[newest]);
            rho[newest] = sy > 0 ? 1 / sy : 0;
            stored = Math.Min(stored + 1, options.Memory);
            double previous = f;
            f = fNew;
            Array.Copy(gNew, g, n);
            if (Math.Abs(previous - f) <= options.FunctionTolerance * Math.Max(1, Math.Abs(f)))
                return new(f, iteration + 1, evaluations, ExitCondition.FunctionTolerance);
        }
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y) => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, a, y, y);

    private static void Scale(Span<double> x, double a) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, a, x);

    private static double MaxAbs(ReadOnlySpan<double> x) => System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x) is var m && double.IsNaN(m) ? double.PositiveInfinity : Math.Abs(m);
}
