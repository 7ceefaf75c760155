using EqNet.Optimization;
using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Solving;

/// <summary>
/// Damped Newton (Gauss-Newton with Levenberg damping when there are more equations than unknowns) on the scale-relative
/// residuals (lhs - rhs) / S of a problem's whole system, in float64, for many points at once. Each point keeps its own
/// damping; bounds on outputs hold by working in transformed unknowns (<see cref="UnknownTransform"/>).
/// </summary>
public sealed class NewtonSolver
{
    private readonly CompiledSystem _system;
    private readonly UnknownTransform[] _transforms;

    /// <summary>Largest scale-relative residual counted as solved.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>
    /// Newton's damping: Marquardt's scaling, because J^T J is tiny for unknowns of large magnitude (J is per unit y);
    /// starting nearly undamped (1e-8 of each curvature), because a start is usually in the root's basin; given up on
    /// past 1e12, where a step no longer moves the unknowns.
    /// </summary>
    private static readonly LevenbergMarquardtOptions Damping = new() { DiagonalDamping = true, InitialDampingScale = 1e-8, MaxDamping = 1e12, Threads = 1 };

    /// <summary>Iteration limit per start.</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>Compiles the problem's system.</summary>
    public NewtonSolver(Problem problem) : this(new CompiledSystem(problem)) { }

    /// <summary>Uses an already compiled system.</summary>
    public NewtonSolver(CompiledSystem system)
    {
        _system = system;
        _transforms = system.Problem.Outputs.Select(UnknownTransform.For).ToArray();
    }

    /// <summary>
    /// Solves at each point (inputs row-major n x inputs). Starts from <paramref name="starts"/> (n x outputs) when given,
    /// then, for points not yet solved, from a fixed list of plausible values within the declared bounds.
    /// </summary>
    public SolveResult Solve(ReadOnlySpan<double> inputs, int count, ReadOnlySpan<double> starts = default)
    {
        int o = _system.OutputCount;
        var z = new double[count * o];
        var converged = new bool[count];
        var residual = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
        var iterations = new int[count];
        var bestZ = new double[count * o];
        var candidates = StartCombinations();
        int firstStart = starts.IsEmpty ? 0 : -1;
        var inputCopy = inputs[..(count * _system.InputCount)].ToArray();
        for (int s = firstStart; s < candidates.Count; s++)
        {
            var open = Enumerable.Range(0, count).Where(i => !converged[i]).ToArray();
            if (open.Length == 0) break;
            foreach (int i in open)
                for (int j = 0; j < o; j++)
                    z[i * o + j] = s < 0 ? SafeZ(j, starts[i * o + j]) : candidates[s][j];
            Iterate(inputCopy, open, z, converged, residual, iterations, bestZ);
        }
        var y = new double[count * o];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < o; j++) y[i * o + j] = _transforms[j].ToY(bestZ[i * o + j]);
        return new SolveResult(y, converged, residual, iterations);
    }

    private double SafeZ(int j, double y)
    {
        double z = _transforms[j].ToZ(y);
        return double.IsFinite(z) ? z : _transforms[j].Starts()[0];
    }

    private List<double[]> StartCombinations()
    {
        var lists = _transforms.Select(t => t.Starts()).ToArray();
        var combos = new List<double[]> { new double[lists.Length] };
        // Vary one unknown at a time around the first start, then all together: a short list even for several unknowns.
        for (int j = 0; j < lists.Length; j++)
            combos[0][j] = lists[j][0];
        int longest = lists.Max(l => l.Length);
        for (int k = 1; k < longest; k++)
            combos.Add(lists.Select(l => l[Math.Min(k, l.Length - 1)]).ToArray());
        for (int j = 0; j < lists.Length && lists.Length > 1; j++)
            for (int k = 1; k < lists[j].Length; k++)
            {
                var c = lists.Select(l => l[0]).ToArray();
                c[j] = lists[j][k];
                combos.Add(c);
            }
        return combos;
    }

    private void Iterate(double[] inputs, int[] open, double[] z, bool[] converged, double[] bestResidual, int[] iterations, double[] bestZ)
    {
        int o = _system.OutputCount, e = _system.EquationCount;
        var solvers = open.Select(_ => new LevenbergMarquardt(Damping)).ToArray();
        var active = Enumerable.Range(0, open.Length).ToList();
        var trialZ = new double[open.Length * o];
        var step = new double[o];
        for (int iteration = 0; iteration < MaxIterations && active.Count > 0; iteration++)
        {
            var (r, jz) = Linearise(inputs, open, active, z);
            var next = new List<int>();
            var retry = new List<int>();
            for (int a = 0; a < active.Count; a++)
            {
                int k = active[a], i = open[k];
                iterations[i]++;
                double worst = 0;
                for (int q = 0; q < e; q++) worst = Math.Max(worst, Math.Abs(r[a * e + q]));
                if (double.IsNaN(worst)) worst = double.PositiveInfinity;
                if (worst < bestResidual[i])
                {
                    bestResidual[i] = worst;
                    Array.Copy(z, i * o, bestZ, i * o, o);
                }
                if (worst <= Tolerance) { converged[i] = true; continue; }
                if (!solvers[k].Propose(jz.AsSpan(a * e * o, e * o), r.AsSpan(a * e, e), e, o, step))
                {
                    // A non-finite residual ends this start; a matrix that is not positive definite is retried, damped harder.
                    if (solvers[k].LastCostFinite && !solvers[k].Exhausted) retry.Add(k);
                    continue;
                }
                for (int j = 0; j < o; j++)
                {
                    double dz = double.IsFinite(step[j]) ? step[j] : 0;
                    // A log-space unknown moves at most 20 e-folds a step, so one wild step cannot overflow exp(z).
                    trialZ[k * o + j] = z[i * o + j] + (_transforms[j].IsLogarithmic ? Math.Clamp(dz, -20, 20) : dz);
                }
                next.Add(a);
            }
            if (next.Count == 0 && retry.Count == 0) break;
            var trialActive = next.Select(a => active[a]).ToList();
            var trialNorm = Norms(inputs, open, trialActive, trialZ);
            var survivors = retry;
            for (int t = 0; t < trialActive.Count; t++)
            {
                int k = trialActive[t], i = open[k];
                if (solvers[k].Judge(trialNorm[t])) Array.Copy(trialZ, k * o, z, i * o, o);
                else if (solvers[k].Exhausted) continue;
                survivors.Add(k);
            }
            survivors.Sort();
            active = survivors;
        }
    }

    /// <summary>Scale-relative residuals and their Jacobian in z at the active points of <paramref name="open"/>.</summary>
    private (double[] R, double[] Jz) Linearise(double[] inputs, int[] open, List<int> active, double[] z)
    {
        int o = _system.OutputCount, e = _system.EquationCount;
        var points = Points(inputs, open, active, z, z, useTrial: false);
        int n = active.Count;
        var residuals = new double[n * e];
        var scales = new double[n * e];
        var derivatives = new double[n * e * o];
        _system.Evaluate(points, n, residuals, scales, default, derivatives);
        var jz = new double[n * e * o];
        for (int a = 0; a < n; a++)
        {
            int i = open[active[a]];
            for (int q = 0; q < e; q++)
            {
                double s = scales[a * e + q] > 0 ? scales[a * e + q] : 1;
                residuals[a * e + q] /= s;
                for (int j = 0; j < o; j++)
                    jz[(a * e + q) * o + j] = derivatives[(a * e + q) * o + j] * _transforms[j].Slope(z[i * o + j]) / s;
            }
        }
        return (residuals, jz);
    }

    private double[] Norms(double[] inputs, int[] open, List<int> active, double[] trialZ)
    {
        int e = _system.EquationCount;
        var points = Points(inputs, open, active, trialZ, trialZ, useTrial: true);
        int n = active.Count;
        var residuals = new double[n * e];
        var scales = new double[n * e];
        _system.Evaluate(points, n, residuals, scales);
        var norms = new double[n];
        for (int a = 0; a < n; a++)
        {
            double sum = 0;
            for (int q = 0; q < e; q++)
            {
                double s = scales[a * e + q] > 0 ? scales[a * e + q] : 1, v = residuals[a * e + q] / s;
                sum += v * v;
            }
            norms[a] = double.IsNaN(sum) ? double.PositiveInfinity : sum;
        }
        return norms;
    }

    private double[] Points(double[] inputs, int[] open, List<int> active, double[] z, double[] trialZ, bool useTrial)
    {
        int o = _system.OutputCount, d = _system.InputCount, v = d + o;
        var points = new double[active.Count * v];
        for (int a = 0; a < active.Count; a++)
        {
            int k = active[a], i = open[k];
            Array.Copy(inputs, i * d, points, a * v, d);
            for (int j = 0; j < o; j++)
                points[a * v + d + j] = _transforms[j].ToY(useTrial ? trialZ[k * o + j] : z[i * o + j]);
        }
        return points;
    }
}
