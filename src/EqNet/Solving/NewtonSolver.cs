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
        int o = _system.OutputCount, e = _system.EquationCount, d = _system.InputCount;
        var damping = Enumerable.Repeat(1e-8, open.Length).ToArray();
        var active = Enumerable.Range(0, open.Length).ToList();
        var trialZ = new double[open.Length * o];
        for (int iteration = 0; iteration < MaxIterations && active.Count > 0; iteration++)
        {
            var (r, jz) = Linearise(inputs, open, active, z);
            var norm = new double[active.Count];
            var next = new List<int>();
            for (int a = 0; a < active.Count; a++)
            {
                int k = active[a], i = open[k];
                iterations[i]++;
                double worst = 0, sum = 0;
                for (int q = 0; q < e; q++) { double v = r[a * e + q]; worst = Math.Max(worst, Math.Abs(v)); sum += v * v; }
                if (double.IsNaN(worst)) { worst = double.PositiveInfinity; sum = double.PositiveInfinity; }
                norm[a] = sum;
                if (worst < bestResidual[i])
                {
                    bestResidual[i] = worst;
                    Array.Copy(z, i * o, bestZ, i * o, o);
                }
                if (worst <= Tolerance) { converged[i] = true; continue; }
                if (!double.IsFinite(sum)) continue;
                Step(jz.AsSpan(a * e * o, e * o), r.AsSpan(a * e, e), damping[k], trialZ.AsSpan(k * o, o), z.AsSpan(i * o, o), e, o, _transforms);
                next.Add(a);
            }
            if (next.Count == 0) break;
            var trialActive = next.Select(a => active[a]).ToList();
            var trialNorm = Norms(inputs, open, trialActive, trialZ);
            var survivors = new List<int>();
            for (int t = 0; t < trialActive.Count; t++)
            {
                int k = trialActive[t], i = open[k];
                if (trialNorm[t] < norm[next[t]])
                {
                    Array.Copy(trialZ, k * o, z, i * o, o);
                    damping[k] = Math.Max(damping[k] / 10, 1e-12);
                }
                else
                {
                    damping[k] *= 10;
                    if (damping[k] > 1e12) continue;
                }
                survivors.Add(k);
            }
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

    /// <summary>One damped Gauss-Newton step: (J^T J + mu I) dz = -J^T r, solved by Gaussian elimination (o is small).</summary>
    private static void Step(ReadOnlySpan<double> j, ReadOnlySpan<double> r, double mu, Span<double> trial, ReadOnlySpan<double> z, int e, int o, UnknownTransform[] transforms)
    {
        var a = new double[o * (o + 1)];
        for (int p = 0; p < o; p++)
        {
            for (int q = 0; q < o; q++)
            {
                double s = 0;
                for (int k = 0; k < e; k++) s += j[k * o + p] * j[k * o + q];
                // Damping relative to the diagonal: J^T J is tiny for unknowns of large magnitude (J is per unit y).
                a[p * (o + 1) + q] = p == q ? s * (1 + mu) + double.Epsilon : s;
            }
            double g = 0;
            for (int k = 0; k < e; k++) g += j[k * o + p] * r[k];
            a[p * (o + 1) + o] = -g;
        }
        for (int c = 0; c < o; c++)
        {
            int pivot = c;
            for (int row = c + 1; row < o; row++) if (Math.Abs(a[row * (o + 1) + c]) > Math.Abs(a[pivot * (o + 1) + c])) pivot = row;
            if (pivot != c) for (int col = 0; col <= o; col++) (a[c * (o + 1) + col], a[pivot * (o + 1) + col]) = (a[pivot * (o + 1) + col], a[c * (o + 1) + col]);
            double diag = a[c * (o + 1) + c];
            if (diag == 0) diag = 1e-300;
            for (int row = 0; row < o; row++)
            {
                if (row == c) continue;
                double f = a[row * (o + 1) + c] / diag;
                for (int col = c; col <= o; col++) a[row * (o + 1) + col] -= f * a[c * (o + 1) + col];
            }
        }
        for (int p = 0; p < o; p++)
        {
            double step = a[p * (o + 1) + o] / a[p * (o + 1) + p];
            if (!double.IsFinite(step)) step = 0;
            // A log-space unknown moves at most 20 e-folds a step, so one wild step cannot overflow exp(z).
            trial[p] = z[p] + (transforms[p].IsLogarithmic ? Math.Clamp(step, -20, 20) : step);
        }
    }
}
