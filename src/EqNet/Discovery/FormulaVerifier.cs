using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Discovery;

/// <summary>
/// Scores candidates with the problem's own metric: the other outputs at their true values, this output at the
/// candidate's value, and the scale-relative error |lhs - rhs| / S of the worst equation (for one explicit equation
/// <c>y = f</c> that is |y_hat - f| / (|y_hat| + sum |terms of f|)), on a held-out sample of the stated domain and
/// on a sample of the domain widened tenfold (<see cref="WidenedDomain"/>), counting only points where the truth is
/// defined.
/// </summary>
public sealed class FormulaVerifier
{
    private readonly CompiledSystem _system;
    private readonly DiscoverySample _heldOut;
    private readonly DiscoverySample? _widened;
    private readonly CompiledSystem? _widenedSystem;

    /// <summary>Draws the held-out sample (<paramref name="count"/> points, <paramref name="seed"/>) and the widened one (seed + 1).</summary>
    public FormulaVerifier(Problem problem, int count, int seed)
    {
        _system = new CompiledSystem(problem);
        _heldOut = DiscoverySample.Draw(problem, count, seed);
        try
        {
            var wide = WidenedDomain.Of(problem);
            _widened = DiscoverySample.Draw(wide, count, seed + 1);
            _widenedSystem = new CompiledSystem(wide);
        }
        catch (ProblemException)
        {
            // A widened bound can empty a dependent range; the widened score is then undefined, not an error.
            _widened = null;
        }
    }

    /// <summary>The candidate with its held-out and widened scores filled in.</summary>
    public FormulaCandidate Score(FormulaCandidate candidate)
    {
        var (median, p99) = Errors(_system, _heldOut, candidate);
        double widened = _widened is null ? double.NaN : Errors(_widenedSystem!, _widened, candidate).P99;
        return candidate with { HeldOutP99 = p99, HeldOutMedian = median, WidenedP99 = widened };
    }

    private static (double Median, double P99) Errors(CompiledSystem system, DiscoverySample sample, FormulaCandidate candidate)
    {
        int o = system.OutputCount, d = system.InputCount;
        var points = Enumerable.Range(0, sample.Count).Where(i => Enumerable.Range(0, o).All(j => double.IsFinite(sample.Truth[i * o + j]))).ToArray();
        if (points.Length == 0) return (double.NaN, double.NaN);
        var inputs = sample.InputRows(points);
        var predicted = new double[points.Length];
        candidate.Formula.Compile(system.Problem.InputNames).EvaluateBatch(inputs, points.Length, predicted);
        var outputs = new double[points.Length * o];
        for (int k = 0; k < points.Length; k++)
        {
            for (int j = 0; j < o; j++) outputs[k * o + j] = sample.Truth[points[k] * o + j];
            outputs[k * o + candidate.Output] = predicted[k];
        }
        var (_, overall) = system.ScaleRelativeErrors(system.Join(inputs, outputs, points.Length), points.Length);
        double p99 = FormulaScore.Percentile(overall, 0.99);
        return (overall[overall.Length / 2], p99);
    }
}
