using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// Warnings where the data cannot tell parameters apart: a near-singular Jacobian (naming the combination the data do
/// not constrain), pairs correlated beyond a threshold, intervals wider than the estimate. Each says what data would help.
/// </summary>
internal static class Identifiability
{
    public static IEnumerable<string> Warnings(Problem problem, IReadOnlyList<ParameterEstimate> estimates, double[][] correlation,
        double condition, double[] weakest, double highCorrelation, double nearSingular)
    {
        int p = estimates.Count;
        string inputs = string.Join(", ", problem.InputNames);
        if (condition > nearSingular)
        {
            var involved = Enumerable.Range(0, p).Where(j => Math.Abs(weakest[j]) > 0.1).OrderByDescending(j => Math.Abs(weakest[j]))
                .Select(j => $"{weakest[j]:+0.00;-0.00} {estimates[j].Name}");
            yield return $"the Jacobian is near-singular (condition number {condition:G3} with unit columns): the data barely constrain the combination " +
                $"{string.Join(" ", involved)} (in units of each parameter's sensitivity). Measure where these parameters act differently " +
                $"(a wider range of {inputs}), or fix one of them as a number.";
        }
        for (int i = 0; i < p; i++)
        {
            for (int j = i + 1; j < p; j++)
            {
                double c = correlation[i][j];
                if (Math.Abs(c) > highCorrelation)
                    yield return $"{estimates[i].Name} and {estimates[j].Name} are correlated {c:+0.0000;-0.0000}: the data cannot tell them apart " +
                        $"(a change in one is nearly undone by the other). Rows over a wider range of {inputs}, where their effects differ, would separate them; " +
                        "or fix one as a number, or rewrite the model so that they enter independently.";
            }
        }
        foreach (var e in estimates)
        {
            if (double.IsFinite(e.StandardError) && e.Upper - e.Lower > 2 * Math.Abs(e.Estimate))
                yield return $"{e.Name}'s 95% interval [{ParameterFitter.Show(e.Lower)}, {ParameterFitter.Show(e.Upper)}] is wider than its value {ParameterFitter.Show(e.Estimate)}" +
                    (e.Lower < 0 && e.Upper > 0 ? " and includes 0" : "") +
                    $": the data hardly determine it. More rows, less noise, or rows where {e.Name} changes the outputs most would narrow it.";
            else if (!double.IsFinite(e.StandardError))
                yield return $"{e.Name} has no standard error (the Jacobian is rank-deficient or there are no degrees of freedom); the data do not determine it.";
        }
    }
}
