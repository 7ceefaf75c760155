using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Symbolic;

/// <summary>
/// Newton again where its fixed starts found no solution, started from the closed forms the equations give
/// (<see cref="ClosedFormRoots"/>): near the edge of an arm's reach Newton from plausible values can stall although the
/// solution exists, and a warning that there is none would send the user to fix bounds that are right.
/// </summary>
public static class ClosedFormStarts
{
    /// <summary>
    /// <paramref name="solved"/> with the points where it did not converge solved again from the closed forms (where the
    /// problem has them); the same object where every point converged or there is no closed form.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="inputs">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    /// <param name="solved">Newton's solutions at these rows (count of them).</param>
    /// <exception cref="ArgumentException"><paramref name="solved"/> has fewer than <paramref name="count"/> rows.</exception>
    public static SolveResult Retry(Problem problem, double[] inputs, int count, SolveResult solved)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solved);
        if (solved.Converged.Length < count) throw new ArgumentException($"{solved.Converged.Length} solutions for {count} rows", nameof(solved));
        if (solved.Converged.AsSpan(0, count).IndexOf(false) < 0) return solved;
        var explicitOutputs = new ExplicitDefinitions(problem).ExplicitNames;
        return Retry(problem, inputs, count, solved, ClosedFormRoots.Of(problem, inputs, count, explicitOutputs, solved).Roots);
    }

    /// <summary>As <see cref="Retry(Problem, double[], int, SolveResult)"/>, with the closed forms (per output, null where none) at hand.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="inputs">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    /// <param name="solved">Newton's solutions at these rows.</param>
    /// <param name="roots">Per output, its closed form (an expression of the inputs) or null.</param>
    public static SolveResult Retry(Problem problem, double[] inputs, int count, SolveResult solved, IReadOnlyList<Expressions.Expr?> roots)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(solved);
        ArgumentNullException.ThrowIfNull(roots);
        var failed = Enumerable.Range(0, count).Where(i => !solved.Converged[i]).ToArray();
        if (failed.Length == 0 || roots.All(r => r is null)) return solved;
        int d = problem.Inputs.Count, o = problem.Outputs.Count;
        var rows = new double[failed.Length * d];
        for (int k = 0; k < failed.Length; k++) Array.Copy(inputs, failed[k] * d, rows, k * d, d);
        var names = problem.Inputs.Select(i => i.Name).ToArray();
        var starts = new double[failed.Length * o];
        for (int j = 0; j < o; j++)
        {
            var values = roots[j] is { } root ? ZeroStructure.Evaluate(root, names, rows, failed.Length) : null;
            for (int k = 0; k < failed.Length; k++) starts[k * o + j] = values?[k] ?? solved.Solutions[failed[k] * o + j];
        }
        var again = new NewtonSolver(problem).Solve(rows, failed.Length, starts);
        var (solutions, converged, residuals, iterations) = ((double[])solved.Solutions.Clone(), (bool[])solved.Converged.Clone(),
            (double[])solved.Residuals.Clone(), (int[])solved.Iterations.Clone());
        for (int k = 0; k < failed.Length; k++)
        {
            if (!again.Converged[k]) continue;
            int i = failed[k];
            Array.Copy(again.Solutions, k * o, solutions, i * o, o);
            (converged[i], residuals[i], iterations[i]) = (true, again.Residuals[k], iterations[i] + again.Iterations[k]);
        }
        return new SolveResult(solutions, converged, residuals, iterations);
    }
}
