using EqNet.Expressions;
using EqNet.Features;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// The magnitude target of an output that one product defines, with periodic or folded factors of the inputs (such as
/// x = exp(-g t) cos(w t)): the product with each sin and cos of inputs set to 1 and each fold set to its mean over the
/// sample, a smooth envelope. Such an output keeps the product head y = exp(m) t: the magnitude follows the envelope and
/// the shape carries the oscillation, linear in the periodic features (<see cref="EquationFeatures"/>), where the term
/// scale itself would drive the magnitude towards log |cos(w t)|, which has a pole at every zero.
/// </summary>
internal sealed class PeriodicEnvelope
{
    /// <summary>Share of the sample where the envelope must be finite and non-zero for it to be used.</summary>
    private const double Coverage = 0.99;

    /// <summary>A factor whose smallest size over the sample is below this share of its largest comes to zero there.</summary>
    private const double ZeroShare = 0.01;

    private readonly CompiledExpression?[] _envelopes;

    private PeriodicEnvelope(CompiledExpression?[] envelopes) => _envelopes = envelopes;

    /// <summary>Finds each output's envelope from a sample of the inputs (row-major count x inputs).</summary>
    public static PeriodicEnvelope Of(Problem problem, double[] sample, int count)
    {
        var inputs = problem.InputNames;
        var inputSet = inputs.ToHashSet(StringComparer.Ordinal);
        var outputs = problem.OutputNames.ToHashSet(StringComparer.Ordinal);
        var envelopes = new CompiledExpression?[problem.Outputs.Count];
        for (int j = 0; j < envelopes.Length; j++)
        {
            var definition = Definition(problem, problem.Outputs[j].Name, outputs);
            if (definition is null || AdditiveTerms.Signed(definition).Count != 1) continue;
            bool changed = false;
            var envelope = Replace(definition, inputSet, sample, count, inputs, ref changed);
            if (!changed) continue;
            var compiled = envelope.Compile(inputs);
            var values = new double[count];
            compiled.EvaluateBatch(sample, count, values);
            if (!ReachesZeroAgainst(definition, values, sample, count, inputs)) continue;
            if (values.Count(v => double.IsFinite(v) && v != 0) >= Coverage * count) envelopes[j] = compiled;
        }
        return new PeriodicEnvelope(envelopes);
    }

    /// <summary>Whether output <paramref name="output"/> has an envelope (and so keeps the product head).</summary>
    public bool Applies(int output) => _envelopes[output] is not null;

    /// <summary>
    /// The envelope's term scale 2 |envelope| (the output and its one term) at each point, for output
    /// <paramref name="output"/>; NaN where it is not finite or zero.
    /// </summary>
    public double[] Scales(ReadOnlySpan<double> inputs, int count, int output)
    {
        var values = new double[count];
        _envelopes[output]!.EvaluateBatch(inputs, count, values);
        for (int i = 0; i < count; i++) values[i] = double.IsFinite(values[i]) && values[i] != 0 ? 2 * Math.Abs(values[i]) : double.NaN;
        return values;
    }

    private static Expr? Definition(Problem problem, string name, HashSet<string> outputs)
    {
        foreach (var spec in problem.Equations)
        {
            var eq = spec.Equation;
            if (eq.Lhs.ToString() == name && !eq.Rhs.Variables.Any(outputs.Contains)) return eq.Rhs;
            if (eq.Rhs.ToString() == name && !eq.Lhs.Variables.Any(outputs.Contains)) return eq.Lhs;
        }
        return null;
    }

    /// <summary>The expression with each periodic call of inputs alone set to 1 and each fold to its mean over the sample.</summary>
    private static Expr Replace(Expr e, HashSet<string> inputs, double[] sample, int count, IReadOnlyList<string> names, ref bool changed)
    {
        switch (e)
        {
            case CallExpr call when call.Variables.Count > 0 && call.Variables.All(inputs.Contains) && EquationFeatures.Classify(call) is { } kind
                                    && call.Function != MathFunction.Tan && ReachesZero(call, sample, count, names, out double mean):
                changed = true;
                return new NumberExpr(kind == FeatureKind.Sine ? 1 : mean);
            case CallExpr call:
                {
                    var arguments = new Expr[call.Arguments.Count];
                    for (int k = 0; k < arguments.Length; k++) arguments[k] = Replace(call.Arguments[k], inputs, sample, count, names, ref changed);
                    return new CallExpr(call.Function, arguments);
                }
            case UnaryExpr unary:
                return new UnaryExpr(unary.Operator, Replace(unary.Operand, inputs, sample, count, names, ref changed));
            case BinaryExpr binary:
                {
                    var left = Replace(binary.Left, inputs, sample, count, names, ref changed);
                    return new BinaryExpr(binary.Operator, left, Replace(binary.Right, inputs, sample, count, names, ref changed));
                }
            default:
                return e;
        }
    }

    /// <summary>
    /// Whether the output comes to zero relative to its envelope over the sample (|y / envelope| below
    /// <see cref="ZeroShare"/> of its largest): only then do the periodic factors give log |y| a pole. Inside a sum that
    /// keeps the output away from zero (Klein-Nishina's <c>omega_0/omega + omega/omega_0 - sin(beta)^2</c>, a ratio in
    /// [1, 2]) they do not, and the magnitude learns them as it learns any smooth factor.
    /// </summary>
    private static bool ReachesZeroAgainst(Expr definition, double[] envelope, double[] sample, int count, IReadOnlyList<string> names)
    {
        var values = new double[count];
        definition.Compile(names).EvaluateBatch(sample, count, values);
        var ratios = Enumerable.Range(0, count).Select(i => Math.Abs(values[i] / envelope[i])).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        return ratios.Min() < ZeroShare * ratios.Max();
    }

    /// <summary>
    /// Whether the factor comes to zero over the sample (below <see cref="ZeroShare"/> of its largest size): only such a
    /// factor gives log S a pole. One bounded away from zero, such as sin(theta/2) for theta in [1, 3] in a denominator,
    /// stays in the magnitude's target, where the decades it spans are learned in log space.
    /// </summary>
    private static bool ReachesZero(CallExpr call, double[] sample, int count, IReadOnlyList<string> names, out double mean)
    {
        var values = new double[count];
        call.Compile(names).EvaluateBatch(sample, count, values);
        var sizes = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).ToArray();
        mean = sizes.Average();
        return sizes.Min() < ZeroShare * sizes.Max();
    }
}
