namespace EqNet.Solving;

/// <summary>Newton's solution at one input point, by output name, with the model's prediction beside it when one was given.</summary>
/// <param name="Outputs">The solution (the last iterate when not converged).</param>
/// <param name="Converged">Every scale-relative residual at or below the solver's tolerance.</param>
/// <param name="Iterations">Newton iterations used (over all starts).</param>
/// <param name="Residual">Largest scale-relative residual |lhs - rhs| / S at the solution.</param>
/// <param name="EquationResiduals">Per equation, in file order: scale-relative residual at the solution.</param>
/// <param name="Prediction">The model's outputs (Newton's start), or null without a model.</param>
/// <param name="PredictionResiduals">Per equation: scale-relative residual at the prediction, or null without a model.</param>
public sealed record PointSolution(IReadOnlyDictionary<string, double> Outputs, bool Converged, int Iterations, double Residual,
    IReadOnlyList<double> EquationResiduals, IReadOnlyDictionary<string, double>? Prediction, IReadOnlyList<double>? PredictionResiduals);
