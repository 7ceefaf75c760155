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
    private readonly LevenbergMarquardt _solver = new(new LevenbergMarquardtOptions { Threads = threads });

    public double Damping => _solver.Damping;

    public double Cost => _solver.Cost;

    public bool LastCostFinite => _solver.LastCostFinite;

    public bool Step(ILeastSquaresProblem problem, double[] x) => _solver.Step(problem, x);

    public void Invalidate() => _solver.Invalidate();

    public void Recover() => _solver.Recover();
}
