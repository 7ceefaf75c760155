using EqNet.Problems;

namespace EqNet.Models;

/// <summary>
/// What every model offers whatever it is made of (a network, <see cref="EqNetModel"/>, or closed forms,
/// <see cref="FormulaModel"/>): its problem, and outputs predicted from the inputs alone.
/// </summary>
public interface IPredictor
{
    /// <summary>The problem the model is for.</summary>
    Problem Problem { get; }

    /// <summary>Input names, in order.</summary>
    IReadOnlyList<string> InputNames { get; }

    /// <summary>Output names, in order.</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>How each output is produced (network, closed form x correction, formula...), in output order.</summary>
    IReadOnlyList<OutputStructure> Structure { get; }

    /// <summary>Predicts outputs (row-major count x outputs) for raw inputs (row-major count x inputs) into a new array.</summary>
    double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0);
}
