using EqNet.Models;
using EqNet.Problems.Compiled;
using EqNet.Sampling;

namespace EqNet.Evaluation;

/// <summary>Measures a model on a fresh held-out sample of its problem's stated domain.</summary>
public static class Evaluator
{
    /// <summary>Seed offset for held-out evaluation, so it never coincides with a training or validation seed.</summary>
    public const int HeldOutSeedOffset = 1_000_003;

    /// <summary>Draws <paramref name="samples"/> points with <paramref name="seed"/> and measures <paramref name="model"/> on them.</summary>
    public static EvaluationResult Evaluate(EqNetModel model, int samples, int seed, int threads = 0)
    {
        var problem = model.Problem;
        var inputs = new DomainSampler(problem).Sample(samples, seed);
        var predicted = model.Predict(inputs, samples, threads);
        var system = new CompiledSystem(problem);
        var (perEquation, overall) = system.ScaleRelativeErrors(system.Join(inputs, predicted, samples), samples);

        int e = system.EquationCount, o = system.OutputCount;
        var equations = new EquationResult[e];
        var column = new double[samples];
        for (int k = 0; k < e; k++)
        {
            for (int i = 0; i < samples; i++) column[i] = perEquation[i * e + k];
            equations[k] = new EquationResult(problem.Equations[k].Text, ErrorSummary.Of(column));
        }

        var (reference, _) = new ExplicitDefinitions(problem).Evaluate(inputs, samples);
        var outputs = new OutputResult[o];
        for (int j = 0; j < o; j++)
            outputs[j] = Compare(problem.Outputs[j].Name, predicted, reference, samples, o, j);

        return new EvaluationResult(problem.Name, samples, seed, ErrorSummary.Of(overall), equations, outputs,
            new EvaluationPoints(inputs, predicted, reference, perEquation, overall));
    }

    /// <summary>R^2 and root-relative error of output <paramref name="j"/> against reference values (NaN = unknown).</summary>
    public static OutputResult Compare(string name, ReadOnlySpan<double> predicted, ReadOnlySpan<double> reference, int samples, int outputs, int j)
    {
        double mean = 0;
        int known = 0;
        for (int i = 0; i < samples; i++)
        {
            double y = reference[i * outputs + j];
            if (double.IsNaN(y)) continue;
            mean += y;
            known++;
        }
        if (known == 0) return new OutputResult(name, null, null);
        mean /= known;
        double residual = 0, total = 0;
        var relative = new double[known];
        int at = 0;
        for (int i = 0; i < samples; i++)
        {
            double y = reference[i * outputs + j];
            if (double.IsNaN(y)) continue;
            double yhat = predicted[i * outputs + j];
            residual += (yhat - y) * (yhat - y);
            total += (y - mean) * (y - mean);
            relative[at++] = Math.Abs(yhat - y) / Math.Max(Math.Abs(y), 1e-300);
        }
        double r2 = total > 0 ? 1 - residual / total : residual == 0 ? 1 : double.NegativeInfinity;
        return new OutputResult(name, r2, ErrorSummary.Of(relative));
    }
}
