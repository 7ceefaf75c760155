using EqNet.Expressions;

namespace EqNet.Sampling;

/// <summary>
/// One bound of one input, ready to evaluate per sample: a constant, or an expression compiled once over the
/// inputs before it (so a row's prefix is exactly its argument list).
/// </summary>
internal sealed class InputBound
{
    private readonly double _constant;
    private readonly CompiledExpression? _compiled;

    public InputBound(Expr bound, IReadOnlyList<string> earlierInputs)
    {
        if (bound.Variables.Count == 0)
            _constant = bound.Evaluate(new Dictionary<string, double>());
        else
            _compiled = bound.Compile(earlierInputs);
    }

    /// <summary>The bound's value given the already-drawn values of the earlier inputs.</summary>
    public double Evaluate(ReadOnlySpan<double> earlierValues) =>
        _compiled is null ? _constant : _compiled.Evaluate(earlierValues);
}
