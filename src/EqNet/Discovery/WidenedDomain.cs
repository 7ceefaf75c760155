using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Discovery;

/// <summary>
/// The stated domain widened tenfold each way, to test a formula beyond the data it was found on: an input with
/// constant positive bounds goes to [min/10, max*10], sampled log-uniformly (a positive input's natural scale is its
/// decades); any other constant range (and an integer one) keeps its centre and gets ten times its half-width. Bounds that use other
/// inputs are kept as written, since they state a relation rather than a range.
/// </summary>
public static class WidenedDomain
{
    /// <summary>The widening factor each way.</summary>
    public const double Factor = 10;

    /// <summary>A copy of <paramref name="problem"/> whose constant input ranges are widened.</summary>
    public static Problem Of(Problem problem)
    {
        var inputs = problem.Inputs.Select(input =>
        {
            if (!input.HasConstantBounds) return input;
            double min = input.Min.Evaluate(new Dictionary<string, double>());
            double max = input.Max.Evaluate(new Dictionary<string, double>());
            if (!(min < max)) return input;
            if (min > 0 && input.Sampling != SamplingKind.Integer)
                return input with { Min = new NumberExpr(min / Factor), Max = new NumberExpr(max * Factor), Sampling = SamplingKind.Log };
            double center = (min + max) / 2, half = (max - min) / 2;
            return input with { Min = new NumberExpr(center - Factor * half), Max = new NumberExpr(center + Factor * half), };
        }).ToList();
        return problem with { Inputs = inputs };
    }
}
