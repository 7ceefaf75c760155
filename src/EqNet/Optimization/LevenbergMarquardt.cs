using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// Levenberg-Marquardt for nonlinear least squares: Gauss-Newton steps damped by lambda I, with Nielsen's update of lambda
/// from the ratio of actual to predicted cost reduction.
/// </summary>
/// <remarks>
/// Cost is the plain sum of squared residuals. Memory is m x n for the Jacobian plus min(m, n)^2 twice, so this suits
/// models up to a few thousand parameters.
/// </remarks>
public static class LevenbergMarquardt
{
    /// <summary>
    /// Minimises the sum of squared residuals of <paramref name="problem"/> from <paramref name="x"/>, which is updated in
    /// place and holds the best point found when this returns.
    /// </summary>
    public static LevenbergMarquardtResult Minimize(ILeastSquaresProblem problem, double[] x, LevenbergMarquardtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new LevenbergMarquardtOptions();
        options.Validate();
        int m = problem.ResidualCount, n = problem.ParameterCount;
        if (n < 1) throw new ArgumentException($"Levenberg-Marquardt was given a problem with {n} parameters; it needs at least one", nameof(problem));
        if (m < 1) throw new ArgumentException($"Levenberg-Marquardt was given a problem with {m} residuals; it needs at least one", nameof(problem));
        if (x.Length != n) throw new ArgumentException($"the starting point has {x.Length} components but the problem has {n} parameters", nameof(x));
        if ((long)m * n > Array.MaxLength)
            throw new ArgumentException($"the Jacobian would have {m} x {n} entries, more than one array can hold; use fewer residuals or parameters, or a first-order optimiser", nameof(problem));

        var watchdog = new StopWatchdog(options.TimeLimit, options.CancellationToken);
        var jacobian = new double[m * n];
        var residuals = new double[m];
        var trialResiduals = new double[m];
        var step = new double[n];
        var trial = new double[n];
        var solver = new DampedGaussNewtonStep(m, n, options.Threads);
        var history = new List<double>();
        int iterations = 0, accepted = 0;
        double lambda = 0, nu = 2, gradientNorm = double.PositiveInfinity;

        problem.Evaluate(x, residuals, jacobian);
        double cost = SumOfSquares(residuals);
        history.Add(cost);

        LevenbergMarquardtResult Done(ExitCondition exit) =>
            new(x, cost, gradientNorm, iterations, accepted, lambda, history, exit, watchdog.Elapsed);

        if (!double.IsFinite(cost) || !IsFinite(jacobian)) return Done(ExitCondition.NonFiniteValue);
        bool fresh = true, smallStep = false;
        while (true)
        {
            if (fresh)
            {
                solver.Prepare(jacobian, residuals);
                gradientNorm = Math.Abs(TensorPrimitives.MaxMagnitude<double>(solver.Gradient));
                if (lambda == 0) lambda = options.InitialDampingScale * Math.Max(solver.MaxCurvature, double.Epsilon);
                fresh = false;
            }
            if (gradientNorm <= options.GradientTolerance) return Done(ExitCondition.GradientTolerance);
            if (cost <= options.CostTolerance) return Done(ExitCondition.CostTolerance);
            if (smallStep) return Done(ExitCondition.StepTolerance);
            if (iterations >= options.MaxIterations) return Done(ExitCondition.MaxIterations);
            if (watchdog.Check() is { } stop) return Done(stop);
            if (lambda > options.MaxDamping) return Done(ExitCondition.DampingOverflow);
            iterations++;
            if (!solver.Solve(jacobian, residuals, lambda, step))
            {
                (lambda, nu) = (lambda * nu, nu * 2);
                continue;
            }
            TensorPrimitives.Add(x, step, trial);
            problem.Evaluate(trial, trialResiduals, default);
            double trialCost = SumOfSquares(trialResiduals);
            // Predicted reduction of |r + J h|^2 when (J^T J + lambda I) h = -J^T r: h.(lambda h - J^T r).
            double predicted = lambda * TensorPrimitives.Dot(step, step) - TensorPrimitives.Dot(step, solver.Gradient);
            double rho = (cost - trialCost) / predicted;
            if (!(rho > 0) || !(predicted > 0))
            {
                (lambda, nu) = (lambda * nu, nu * 2);
                continue;
            }
            double stepNorm = TensorPrimitives.Norm(step), xNorm = TensorPrimitives.Norm(x);
            trial.CopyTo(x, 0);
            cost = trialCost;
            history.Add(cost);
            accepted++;
            double t = 2 * rho - 1;
            lambda *= Math.Max(1.0 / 3, 1 - t * t * t);
            nu = 2;
            smallStep = stepNorm <= options.StepTolerance * (xNorm + options.StepTolerance);
            problem.Evaluate(x, residuals, jacobian);
            if (!IsFinite(jacobian)) return Done(ExitCondition.NonFiniteValue);
            fresh = true;
        }
    }

    private static double SumOfSquares(ReadOnlySpan<double> r)
    {
        double s = TensorPrimitives.SumOfSquares(r);
        return double.IsNaN(s) ? double.PositiveInfinity : s;
    }

    private static bool IsFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (!double.IsFinite(v)) return false;
        return true;
    }
}
