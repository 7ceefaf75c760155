using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Models;

/// <summary>
/// A model that is a closed form per output (found by <c>eqnet discover</c>): it predicts from the inputs alone, like a
/// network, by evaluating each output's formula in float64.
/// </summary>
public sealed class FormulaModel : IPredictor
{
    private readonly CompiledExpression[] _compiled;

    /// <summary>Creates the model; <paramref name="formulas"/> has one expression of the inputs per output, in order.</summary>
    /// <exception cref="ArgumentException">The count does not match the outputs, or a formula uses something other than the inputs.</exception>
    public FormulaModel(Problem problem, IReadOnlyList<Expr> formulas)
    {
        if (formulas.Count != problem.Outputs.Count)
            throw new ArgumentException($"{problem.Outputs.Count} outputs need as many formulas, got {formulas.Count}", nameof(formulas));
        Problem = problem;
        Formulas = formulas;
        try { _compiled = formulas.Select(f => f.Compile(problem.InputNames)).ToArray(); }
        catch (UnknownVariableException e) { throw new ArgumentException($"a formula uses a variable that is not an input: {e.Message}", nameof(formulas), e); }
    }

    /// <summary>The problem the formulas were found for.</summary>
    public Problem Problem { get; }

    /// <summary>One formula per output.</summary>
    public IReadOnlyList<Expr> Formulas { get; }

    /// <inheritdoc/>
    public IReadOnlyList<OutputStructure> Structure =>
        Problem.OutputNames.Select((name, j) => new OutputStructure(name, OutputStructureKind.Formula, "formula", [], Formulas[j].ToString())).ToArray();

    /// <summary>Input names, in order.</summary>
    public IReadOnlyList<string> InputNames => Problem.InputNames;

    /// <summary>Output names, in order.</summary>
    public IReadOnlyList<string> OutputNames => Problem.OutputNames;

    /// <inheritdoc/>
    public double[] Predict(ReadOnlySpan<double> inputs, int count, int threads = 0)
    {
        var outputs = new double[count * _compiled.Length];
        Predict(inputs, count, outputs);
        return outputs;
    }

    /// <summary>Predicts outputs (row-major count x outputs) for raw inputs (row-major count x inputs).</summary>
    public void Predict(ReadOnlySpan<double> inputs, int count, Span<double> outputs)
    {
        int o = _compiled.Length;
        var column = new double[count];
        for (int j = 0; j < o; j++)
        {
            _compiled[j].EvaluateBatch(inputs, count, column);
            for (int i = 0; i < count; i++) outputs[i * o + j] = column[i];
        }
    }
}
