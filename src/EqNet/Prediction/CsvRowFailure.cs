namespace EqNet.Prediction;

/// <summary>A row whose inputs could not be read: it is written with empty outputs, never dropped.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1).</param>
/// <param name="Column">The input column at fault.</param>
/// <param name="Text">The text found there (empty when the value is missing).</param>
/// <param name="Reason">What is wrong, e.g. "is not a number".</param>
public sealed record CsvRowFailure(int Line, string Column, string Text, string Reason)
{
    /// <summary>What is wrong without the line, e.g. <c>x2 'abc' is not a number</c>.</summary>
    public string Describe() => Text.Length == 0 ? $"{Column} {Reason}" : $"{Column} '{Text}' {Reason}";

    /// <summary>e.g. <c>line 17: x2 'abc' is not a number</c>.</summary>
    public override string ToString() => $"line {Line}: {Describe()}";
}
