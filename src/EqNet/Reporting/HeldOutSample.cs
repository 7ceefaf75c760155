namespace EqNet.Reporting;

/// <summary>
/// Held-out points the trained network was evaluated on, with the error at each point.
/// All per-sample arrays have one entry per sample, in the same order.
/// </summary>
/// <param name="InputNames">Names of the inputs, for example <c>x1</c>.</param>
/// <param name="Inputs">Input values, row-major: sample <c>i</c>, input <c>j</c> is at <c>i * InputNames.Count + j</c>.</param>
/// <param name="InputIsLog">Per input: whether it is log-scaled (spans decades); its plots then use log axes and log bins.</param>
/// <param name="OverallError">Per sample: the overall scale-relative error (NaN where it could not be computed).</param>
/// <param name="EquationErrors">Per equation, per sample: that equation's scale-relative error.</param>
/// <param name="EquationTexts">The equations as written in the problem, in the order of <paramref name="EquationErrors"/>.</param>
/// <param name="Outputs">The network's outputs at the held-out points, with reference values when known.</param>
public sealed record HeldOutSample(
    IReadOnlyList<string> InputNames,
    double[] Inputs,
    IReadOnlyList<bool> InputIsLog,
    double[] OverallError,
    double[][] EquationErrors,
    IReadOnlyList<string> EquationTexts,
    OutputSample Outputs)
{
    /// <summary>Number of held-out samples.</summary>
    public int Count => OverallError.Length;
}
