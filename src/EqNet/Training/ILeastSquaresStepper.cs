using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// One iteration at a time of a least-squares method, so the trainer can validate and refresh points in between:
/// exact Levenberg-Marquardt for networks whose normal matrix a step can afford, an inexact one above that.
/// </summary>
internal interface ILeastSquaresStepper
{
    /// <summary>The current damping (for progress lines).</summary>
    double Damping { get; }

    /// <summary>Sum of squared residuals at the current point.</summary>
    double Cost { get; }

    /// <summary>Whether the cost at the start of the last iteration was finite.</summary>
    bool LastCostFinite { get; }

    /// <summary>One iteration from <paramref name="x"/>, updated in place; true if a step was taken.</summary>
    bool Step(ILeastSquaresProblem problem, double[] x);

    /// <summary>Forget the cost: the problem's points changed.</summary>
    void Invalidate();

    /// <summary>After a non-finite cost: damp harder.</summary>
    void Recover();
}

/// <summary>Exact Levenberg-Marquardt (normal matrix and Cholesky) as a stepper.</summary>
internal sealed class ExactStepper(int threads) : ILeastSquaresStepper
{
    /// <summary>
    /// Initial damping relative to the largest curvature (Nielsen's tau). Measured at 60 steps, seed 1: tau 1e-3 (the
    /// minimiser's default) left the seed at p99 3.4e-5, because the pre-fit spends its few iterations per start
    /// undamping; 1e-6 reached 2.6e-7 (Nielsen's own advice for a start near the solution).
    /// </summary>
    private const double InitialDamping = 1e-6;

    private readonly LevenbergMarquardt _solver = new(new LevenbergMarquardtOptions { Threads = threads, InitialDampingScale = InitialDamping });

    public double Damping => _solver.Damping;

    public double Cost => _solver.Cost;

    public bool LastCostFinite => _solver.LastCostFinite;

    public bool Step(ILeastSquaresProblem problem, double[] x) => _solver.Step(problem, x);

    public void Invalidate() => _solver.Invalidate();

    public void Recover() => _solver.Recover();
}
