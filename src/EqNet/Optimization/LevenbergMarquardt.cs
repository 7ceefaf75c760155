using System.Diagnostics;

namespace EqNet.Optimization;

/// <summary>Settings of <see cref="LevenbergMarquardt.Minimize"/>.</summary>
public sealed record LevenbergMarquardtOptions
{
    /// <summary>Iteration limit.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when max |J^T r| is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-14;

    /// <summary>Stop when the largest component of an accepted step is below this.</summary>
    public double StepTolerance { get; init; } = 1e-15;

    /// <summary>Wall-clock limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Worker threads for J^T J (0 = one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Stops early when cancelled.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>What <see cref="LevenbergMarquardt.Minimize"/> found.</summary>
/// <param name="Cost">Sum of squared residuals at the returned point.</param>
/// <param name="Iterations">Iterations done.</param>
/// <param name="Exit">Why it stopped.</param>
/// <param name="History">Cost after each iteration.</param>
public sealed record LeastSquaresResult(double Cost, int Iterations, ExitCondition Exit, IReadOnlyList<double> History);

/// <summary>
/// Levenberg-Marquardt (Gauss-Newton with damping lambda I; measured better than Marquardt's diagonal on EqNet's
/// problems) for nonlinear least squares: J^T J by a register-blocked kernel, Cholesky solves, a step accepted only if
/// it lowers the cost. The trainer drives the same machinery one iteration at a time.
/// </summary>
public static class LevenbergMarquardt
{
    /// <summary>Minimises the sum of squared residuals from <paramref name="x"/> (overwritten with the result).</summary>
    public static LeastSquaresResult Minimize(ILeastSquaresProblem problem, double[] x, LevenbergMarquardtOptions? options = null)
    {
        options ??= new LevenbergMarquardtOptions();
        if (problem.ParameterCount < 1) throw new ArgumentException("Levenberg-Marquardt needs at least one parameter.", nameof(problem));
        if (x.Length != problem.ParameterCount) throw new ArgumentException($"x has {x.Length} values; the problem has {problem.ParameterCount} parameters", nameof(x));
        var clock = Stopwatch.StartNew();
        var lm = new DampedLeastSquares(options.Threads);
        var history = new List<double>();
        for (int iteration = 0; ; iteration++)
        {
            if (iteration >= options.MaxIterations) return new(lm.Cost, iteration, ExitCondition.MaxIterations, history);
            if (options.Cancellation.IsCancellationRequested || options.TimeLimit is { } limit && clock.Elapsed > limit)
                return new(lm.Cost, iteration, ExitCondition.Deadline, history);
            bool accepted = lm.Iterate(problem, x);
            history.Add(lm.Cost);
            if (lm.GradientNorm <= options.GradientTolerance) return new(lm.Cost, iteration + 1, ExitCondition.GradientTolerance, history);
            if (!accepted && lm.Damping >= 1e12) return new(lm.Cost, iteration + 1, ExitCondition.DampingOverflow, history);
            if (accepted && lm.StepNorm <= options.StepTolerance) return new(lm.Cost, iteration + 1, ExitCondition.StepTolerance, history);
        }
    }
}
