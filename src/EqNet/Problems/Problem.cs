namespace EqNet.Problems;

/// <summary>A validated problem: what to sample, what to predict, and the equations that tie them together.</summary>
/// <param name="Name">The problem's name (<c>name</c>; defaults to the file name without extension).</param>
/// <param name="SourcePath">The path the problem was loaded from, or the source name given to the parser.</param>
/// <param name="SourceText">The original YAML text, so that a saved model can embed the exact problem.</param>
/// <param name="Inputs">The inputs, in file order (a bound uses only inputs before it).</param>
/// <param name="Outputs">The outputs, in file order.</param>
/// <param name="Equations">The equations, in file order.</param>
/// <param name="Model">The <c>model</c> section.</param>
/// <param name="Training">The <c>training</c> section.</param>
/// <param name="Data">The <c>data</c> section.</param>
public sealed record Problem(
    string Name,
    string SourcePath,
    string SourceText,
    IReadOnlyList<InputSpec> Inputs,
    IReadOnlyList<OutputSpec> Outputs,
    IReadOnlyList<EquationSpec> Equations,
    ModelSettings Model,
    TrainingSettings Training,
    DataSettings Data)
{
    /// <summary>The input names in file order (the column order of sampled rows).</summary>
    public IReadOnlyList<string> InputNames => [.. Inputs.Select(input => input.Name)];

    /// <summary>The unknown constants (the <c>parameters</c> section), in file order; empty when the equations have none.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; init; } = [];

    /// <summary>The parameter names in file order.</summary>
    public IReadOnlyList<string> ParameterNames => [.. Parameters.Select(p => p.Name)];

    /// <summary>The output names in file order.</summary>
    public IReadOnlyList<string> OutputNames => [.. Outputs.Select(output => output.Name)];

    /// <summary>
    /// The outputs no equation mentions, learned from the <c>data</c> file's column of the same name (a network fitted
    /// to measured data, see docs/data.md), in file order; empty when the equations give every output.
    /// </summary>
    public IReadOnlyList<string> DataOutputs { get; init; } = [];

    /// <summary>Whether every output is learned from measured data (no equation gives any of them).</summary>
    public bool IsDataOnly => DataOutputs.Count > 0 && DataOutputs.Count == Outputs.Count;

    /// <summary>
    /// The inputs whose <c>min</c> or <c>max</c> the file left out and the data's range supplied: name -> (min, max) as
    /// taken (a bound the file gives is kept and also listed). Saved with a model so that it reads back without the data file.
    /// </summary>
    public IReadOnlyDictionary<string, (double Min, double Max)> DataRanges { get; init; } = new Dictionary<string, (double Min, double Max)>();

    /// <summary>Things the user should know that are no mistakes (e.g. an input's range taken from the data), one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
