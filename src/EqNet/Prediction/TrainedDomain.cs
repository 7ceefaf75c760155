using EqNet.Problems;
using EqNet.Sampling;
using System.Runtime.CompilerServices;

namespace EqNet.Prediction;

/// <summary>
/// The domain a model was trained on: every input within its declared bounds, a dependent bound (such as
/// <c>x2 &lt;= x1</c>) evaluated from the earlier inputs of the same point, as the sampler drew them. Outside it a
/// prediction is an extrapolation the training never checked.
/// </summary>
public sealed class TrainedDomain
{
    private readonly InputSpec[] _inputs;
    private readonly InputBound[] _min;
    private readonly InputBound[] _max;

    /// <summary>The domain of <paramref name="problem"/>'s inputs.</summary>
    public TrainedDomain(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _inputs = [.. problem.Inputs];
        var names = problem.InputNames;
        _min = [.. _inputs.Select((input, i) => new InputBound(input.Min, names.Take(i).ToList()))];
        _max = [.. _inputs.Select((input, i) => new InputBound(input.Max, names.Take(i).ToList()))];
    }

    /// <summary>Number of inputs a point has.</summary>
    public int InputCount => _inputs.Length;

    /// <summary>Whether <paramref name="point"/> (one value per input, in file order) lies inside the domain, bounds included.</summary>
    public bool Contains(ReadOnlySpan<double> point) => FirstViolation(point) is null;

    /// <summary>The first input of <paramref name="point"/> outside its bounds, or null when the point is inside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DomainViolation? FirstViolation(ReadOnlySpan<double> point)
    {
        if (point.Length < _inputs.Length)
            throw new ArgumentException($"a point has {_inputs.Length} values, got {point.Length}", nameof(point));
        for (int i = 0; i < _inputs.Length; i++)
        {
            double v = point[i];
            double min = _min[i].Evaluate(point[..i]);
            // Written so that NaN (a value, or a bound evaluated from one) counts as outside.
            if (!(v >= min)) return new DomainViolation(_inputs[i].Name, v, Text(_inputs[i].Min), min, IsUpper: false);
            double max = _max[i].Evaluate(point[..i]);
            if (!(v <= max)) return new DomainViolation(_inputs[i].Name, v, Text(_inputs[i].Max), max, IsUpper: true);
        }
        return null;
    }

    private static string? Text(EqNet.Expressions.Expr bound) => bound.Variables.Count == 0 ? null : bound.ToString();
}
