using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>Limited-memory BFGS with a strong Wolfe line search, for smooth unconstrained minimisation.</summary>
public static class Lbfgs
{
    /// <summary>
    /// Minimises <paramref name="objective"/> starting from <paramref name="x"/>, which is updated in place and holds the
    /// best point found when this returns.
    /// </summary>
    public static LbfgsResult Minimize(IObjective objective, double[] x, LbfgsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new LbfgsOptions();
        options.Validate();
        int n = x.Length;
        if (n == 0) throw new ArgumentException("L-BFGS was given 0 parameters; the starting point must have at least one component", nameof(x));
        var watchdog = new StopWatchdog(options.TimeLimit, options.CancellationToken);
        var gradient = new double[n];
        var direction = new double[n];
        var history = new LbfgsHistory(options.Memory, n);
        var search = new StrongWolfeLineSearch(objective, n, options.SufficientDecrease, options.Curvature, options.MaxLineSearchEvaluations);
        double f = objective.Evaluate(x, gradient);
        int evaluations = 1, iterations = 0;

        LbfgsResult Done(ExitCondition exit) =>
            new(x, f, Math.Abs(TensorPrimitives.MaxMagnitude(gradient)), iterations, evaluations, exit, watchdog.Elapsed);

        if (!double.IsFinite(f) || !IsFinite(gradient)) return Done(ExitCondition.NonFiniteValue);
        while (true)
        {
            if (Math.Abs(TensorPrimitives.MaxMagnitude(gradient)) <= options.GradientTolerance) return Done(ExitCondition.GradientTolerance);
            if (iterations >= options.MaxIterations) return Done(ExitCondition.MaxIterations);
            if (watchdog.Check() is { } stop) return Done(stop);
            history.Direction(gradient, direction);
            double slope = TensorPrimitives.Dot(gradient, direction);
            if (!(slope < 0))
            {
                // The estimate lost positive definiteness to rounding: restart from steepest descent.
                history.Clear();
                history.Direction(gradient, direction);
                slope = TensorPrimitives.Dot(gradient, direction);
            }
            // Without curvature pairs the direction is -g, whose length says nothing about a good step: start at unit length.
            double initial = history.Count == 0 ? Math.Min(1, 1 / TensorPrimitives.Norm(direction)) : 1;
            double alpha = search.Search(x, direction, f, slope, initial);
            evaluations += search.Evaluations;
            if (alpha == 0)
            {
                if (history.Count == 0) return Done(ExitCondition.LineSearchFailure);
                history.Clear();
                continue;
            }
            double fOld = f;
            history.Push(search.Point, x, search.Gradient, gradient);
            search.Point.CopyTo(x, 0);
            search.Gradient.CopyTo(gradient, 0);
            f = search.Value;
            iterations++;
            if (fOld - f <= options.FunctionTolerance * Math.Max(Math.Abs(fOld), Math.Abs(f))) return Done(ExitCondition.FunctionTolerance);
        }
    }

    private static bool IsFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (!double.IsFinite(v)) return false;
        return true;
    }
}
