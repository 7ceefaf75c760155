using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Solving;

/// <summary>
/// Newton's method globalised by Powell's dogleg trust region (MINPACK's <c>hybrj</c>), on the scale-relative residuals
/// (lhs - rhs) / S of a problem's whole system, in float64, for many points at once; with continuation in the inputs
/// from a neighbouring solved point where every start fails. Bounds on outputs hold by working in transformed unknowns
/// (<see cref="UnknownTransform"/>). More equations than unknowns are solved in the least-squares sense.
/// </summary>
/// <remarks>
/// Per point and start: the Gauss-Newton step by QR; taken whole when it fits in the trust region ||D dz|| &lt;= Delta
/// (D the Jacobian's column norms, updated to their running maximum as in MINPACK), else Powell's dogleg between it and
/// the Cauchy step; Delta halves after a step that achieves less than a tenth of the reduction the linear model
/// predicts and doubles after one that achieves half (Moré, Garbow, Hillstrom, "User Guide for MINPACK-1", 1980; J. E.
/// Dennis, R. B. Schnabel, "Numerical Methods for Unconstrained Optimization and Nonlinear Equations", 1983, ch. 6).
/// Points every start leaves unsolved are continued from the root of the nearest solved point of the same batch: the
/// inputs move from that point's toward the failed point's in steps that grow after a success and shrink after a
/// failure, each solved from the previous root (natural-parameter continuation; E. L. Allgower, K. Georg,
/// "Introduction to Numerical Continuation Methods", 2003, ch. 1). A root that exists along the path is then followed
/// rather than searched for.
/// </remarks>
public sealed class NewtonSolver
{
    private readonly CompiledSystem _system;
    private readonly UnknownTransform[] _transforms;
    private readonly bool[] _logInputs;

    /// <summary>Largest scale-relative residual counted as solved.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Iterations (accepted or rejected trust-region steps) per start.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Whether points no start solves are continued from the nearest solved point of the batch (on by default).</summary>
    public bool Continuation { get; init; } = true;

    /// <summary>MINPACK's initial trust radius factor: 100 times ||D z0|| (hybrj's <c>factor</c> default), cut to the first Newton step.</summary>
    private const double RadiusFactor = 100;

    /// <summary>A log-space unknown moves at most 20 e-folds a step, so one wild step cannot overflow exp(z).</summary>
    private const double LogStepCap = 20;

    /// <summary>A start is abandoned when 15 iterations have not halved the sum of squared residuals (MINPACK's slow-progress test, in spirit).</summary>
    private const int SlowIterations = 30;

    /// <summary>Iterations per homotopy step: each starts next to the root it continues, so Newton needs a handful.</summary>
    private const int ContinuationIterations = 30;

    /// <summary>Smallest homotopy step, as a share of the path, before a neighbour is given up.</summary>
    private const double SmallestContinuationStep = 1.0 / 512;

    /// <summary>Neighbours (nearest solved points) a failed point is continued from, one after another.</summary>
    private const int Neighbours = 3;

    /// <summary>Solved points a failed point's nearest neighbour is searched among (a stride over the solved ones beyond that).</summary>
    private const int MaxAnchors = 4096;

    /// <summary>Compiles the problem's system.</summary>
    public NewtonSolver(Problem problem) : this(new CompiledSystem(problem)) { }

    /// <summary>Uses an already compiled system.</summary>
    public NewtonSolver(CompiledSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        _transforms = system.Problem.Outputs.Select(UnknownTransform.For).ToArray();
        _logInputs = system.Problem.Inputs.Select(i => i.Sampling == SamplingKind.Log).ToArray();
    }

    /// <summary>
    /// Solves at each point (inputs row-major n x inputs). Starts from <paramref name="starts"/> (n x outputs) when given,
    /// then, for points not yet solved, from the first of a fixed list of plausible values within the declared bounds; then
    /// continues the points still unsolved from their nearest solved neighbours, then tries the rest of the list, and
    /// continues once more.
    /// </summary>
    public SolveResult Solve(ReadOnlySpan<double> inputs, int count, ReadOnlySpan<double> starts = default)
    {
        int o = _system.OutputCount, d = _system.InputCount;
        var state = new BatchState(count, o);
        var candidates = StartCombinations();
        var x = inputs[..(count * d)].ToArray();
        // Starts a few plain steps take to the root (a trained model's predictions) are kept in y: the transformed
        // iteration could not hold them to the tolerance (see Polish).
        double[]? polishedStarts = null;
        bool[]? keptStarts = null;
        if (!starts.IsEmpty)
        {
            var given = starts[..(count * o)].ToArray();
            var near = NewtonPolish.Run(_system, x, count, given, 0, Tolerance).Residuals;
            var rows = Enumerable.Range(0, count).Where(i => near[i] <= NearRoot).ToArray();
            var (rowInputs, values) = (Rows(x, rows, d), Rows(given, rows, o));
            NewtonPolish.Run(_system, rowInputs, rows.Length, values, PolishSteps, Tolerance);
            // One step more, to rounding: a start already within the tolerance would otherwise be its own reference, and
            // the root error measured against it nothing (the step's size is the start's distance from the root).
            var residuals = NewtonPolish.Run(_system, rowInputs, rows.Length, values, 1, 0).Residuals;
            (polishedStarts, keptStarts) = (new double[count * o], new bool[count]);
            for (int k = 0; k < rows.Length; k++)
            {
                if (!(residuals[k] <= Tolerance)) continue;
                int i = rows[k];
                (state.Converged[i], state.Residual[i], keptStarts[i]) = (true, residuals[k], true);
                Array.Copy(values, k * o, polishedStarts, i * o, o);
            }
            RunStart(x, state, (i, j) => SafeZ(j, given[i * o + j]));
        }
        RunStart(x, state, (_, j) => candidates[0][j]);
        bool continued = false;
        if (Continuation && state.Converged.Contains(false)) continued = Continue(x, state);
        for (int s = 1; s < candidates.Count && state.Converged.Contains(false); s++)
            RunStart(x, state, (_, j) => candidates[s][j]);
        if (Continuation && state.Converged.Contains(false) && (!continued || state.Converged.Contains(true))) Continue(x, state);
        var y = new double[count * o];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < o; j++) y[i * o + j] = keptStarts?[i] == true ? polishedStarts![i * o + j] : _transforms[j].ToY(state.BestZ[i * o + j]);
        Polish(x, y, state);
        return new SolveResult(y, state.Converged, state.Residual, state.Iterations);
    }

    /// <summary>
    /// Largest scale-relative residual of a start kept in y when plain steps take it to the tolerance: a start this close
    /// is in the basin of the root the trust region would reach; a start further off goes the globalised way.
    /// </summary>
    private const double NearRoot = 1e-6;

    /// <summary>Newton steps in the outputs themselves after the transformed iteration, at points it left above the tolerance.</summary>
    private const int PolishSteps = 5;

    /// <summary>
    /// Finishes points the transformed unknowns cannot resolve: a logit over a wide bound carries an unknown near 0 as a
    /// difference of the bounds' size (lam in [-120, 1000] at -0.003 keeps 12 digits), so its residual stalls near
    /// 1e-12. Plain Newton steps in y (<see cref="NewtonPolish"/>) never leave a point worse.
    /// </summary>
    private void Polish(double[] x, double[] y, BatchState state)
    {
        int o = _system.OutputCount, d = _system.InputCount;
        var open = Enumerable.Range(0, state.Converged.Length).Where(i => !state.Converged[i] && double.IsFinite(state.Residual[i])).ToArray();
        if (open.Length == 0) return;
        var values = Rows(y, open, o);
        var polished = NewtonPolish.Run(_system, Rows(x, open, d), open.Length, values, PolishSteps, Tolerance);
        for (int k = 0; k < open.Length; k++)
        {
            int i = open[k];
            if (!(polished.Residuals[k] < state.Residual[i])) continue;
            Array.Copy(values, k * o, y, i * o, o);
            state.Residual[i] = polished.Residuals[k];
            state.Converged[i] = polished.Residuals[k] <= Tolerance;
        }
    }

    /// <summary>The listed rows of a row-major array of rows of <paramref name="width"/> values.</summary>
    private static double[] Rows(double[] source, int[] rows, int width)
    {
        var taken = new double[rows.Length * width];
        for (int k = 0; k < rows.Length; k++) Array.Copy(source, rows[k] * width, taken, k * width, width);
        return taken;
    }

    /// <summary>
    /// The problem's guess: the outputs every point starts from when no start is given (the first of the fixed list):
    /// the middle of a two-sided bound, one unit inside a one-sided bound, 1 for a free output.
    /// </summary>
    public double[] Guess() => _transforms.Select(t => t.ToY(t.Starts()[0])).ToArray();

    /// <summary>Per point of a batch: best iterate so far, its residual, converged, iterations.</summary>
    private sealed class BatchState(int count, int o)
    {
        public readonly double[] BestZ = new double[count * o];
        public readonly double[] Residual = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
        public readonly bool[] Converged = new bool[count];
        public readonly int[] Iterations = new int[count];
    }

    private void RunStart(double[] x, BatchState state, Func<int, int, double> start)
    {
        int o = _system.OutputCount, d = _system.InputCount;
        var open = Enumerable.Range(0, state.Converged.Length).Where(i => !state.Converged[i]).ToArray();
        if (open.Length == 0) return;
        var z = new double[open.Length * o];
        for (int k = 0; k < open.Length; k++)
            for (int j = 0; j < o; j++) z[k * o + j] = start(open[k], j);
        var result = TrustRegion(Rows(x, open, d), open.Length, z, MaxIterations);
        for (int k = 0; k < open.Length; k++)
        {
            int i = open[k];
            state.Iterations[i] += result.Iterations[k];
            if (result.Residual[k] < state.Residual[i])
            {
                state.Residual[i] = result.Residual[k];
                Array.Copy(result.Z, k * o, state.BestZ, i * o, o);
            }
            state.Converged[i] |= result.Converged[k];
        }
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

    /// <summary>What one trust-region run left per point: the best iterate (z), its largest residual, converged, iterations.</summary>
    private sealed record RunResult(double[] Z, double[] Residual, bool[] Converged, int[] Iterations);

    /// <summary>
    /// Powell's dogleg trust-region iteration from <paramref name="z"/> (n x outputs, transformed) at the inputs
    /// <paramref name="x"/> (n x inputs), at most <paramref name="maxIterations"/> iterations per point.
    /// </summary>
    private RunResult TrustRegion(double[] x, int n, double[] z, int maxIterations)
    {
        int o = _system.OutputCount, e = _system.EquationCount;
        var bestZ = (double[])z.Clone();
        var bestResidual = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var converged = new bool[n];
        var iterations = new int[n];
        var r = new double[n * e];
        var jz = new double[n * e * o];
        var norm2 = new double[n];
        var radius = new double[n];
        var scale = new double[n * o];
        var newton = new double[n * o];
        var step = new double[n * o];
        var stepNorm = new double[n];
        var predicted = new double[n];
        var markNorm = new double[n];
        var markIteration = new int[n];
        var fresh = new bool[n];
        var work = new double[Dogleg.WorkSize(e, o)];
        var trialZ = new double[n * o];

        var active = Enumerable.Range(0, n).ToArray();
        var f = new double[n * e];
        var termScales = new double[n * e];
        var jRaw = new double[n * e * o];
        Linearise(x, active, z, f, termScales, jRaw);
        for (int k = 0; k < n; k++) norm2[k] = Scale(k, e, o, f, termScales, jRaw, r, jz);
        var currentScales = (double[])termScales.Clone();
        Array.Fill(fresh, true);
        for (int a = 0; a < n; a++) markNorm[a] = norm2[a];
        for (int iteration = 0; iteration < maxIterations && active.Length > 0; iteration++)
        {
            var stepping = new List<int>(active.Length);
            foreach (int k in active)
            {
                iterations[k]++;
                double worst = 0;
                for (int q = 0; q < e; q++) worst = Math.Max(worst, Math.Abs(r[k * e + q]));
                if (double.IsNaN(worst)) worst = double.PositiveInfinity;
                if (worst < bestResidual[k])
                {
                    bestResidual[k] = worst;
                    Array.Copy(z, k * o, bestZ, k * o, o);
                }
                if (worst <= Tolerance) { converged[k] = true; continue; }
                if (!double.IsFinite(worst)) continue;
                var jk = jz.AsSpan(k * e * o, e * o);
                var rk = r.AsSpan(k * e, e);
                var dk = scale.AsSpan(k * o, o);
                var nk = newton.AsSpan(k * o, o);
                if (fresh[k])
                {
                    // The Jacobian changed: new Newton step, scaling D raised to the column norms (MINPACK mode 1).
                    bool first = iteration == 0;
                    for (int c = 0; c < o; c++)
                    {
                        double column = 0;
                        for (int q = 0; q < e; q++) column += jk[q * o + c] * jk[q * o + c];
                        column = Math.Sqrt(column);
                        dk[c] = first ? (column > 0 && double.IsFinite(column) ? column : 1) : Math.Max(dk[c], double.IsFinite(column) ? column : 0);
                    }
                    if (!Dogleg.GaussNewton(jk, rk, e, o, nk, work)) continue;
                    if (first)
                    {
                        double zNorm = Dogleg.ScaledNorm(z.AsSpan(k * o, o), dk);
                        radius[k] = Math.Min(RadiusFactor * (zNorm > 0 ? zNorm : 1), Math.Max(Dogleg.ScaledNorm(nk, dk), double.Epsilon));
                    }
                    fresh[k] = false;
                }
                var sk = step.AsSpan(k * o, o);
                stepNorm[k] = Dogleg.Step(jk, rk, e, o, nk, dk, radius[k], sk);
                double cap = 1;
                for (int c = 0; c < o; c++)
                    if (_transforms[c].IsLogarithmic && Math.Abs(sk[c]) > LogStepCap) cap = Math.Min(cap, LogStepCap / Math.Abs(sk[c]));
                if (cap < 1)
                {
                    for (int c = 0; c < o; c++) sk[c] *= cap;
                    stepNorm[k] *= cap;
                }
                predicted[k] = norm2[k] - Dogleg.ModelSquares(jk, rk, e, o, sk);
                // No predicted decrease: a minimum of the residual norm that is not a root (or rounding). This start is done.
                if (!(predicted[k] > 0)) continue;
                for (int c = 0; c < o; c++) trialZ[k * o + c] = z[k * o + c] + sk[c];
                stepping.Add(k);
            }
            if (stepping.Count == 0) break;
            var trial = stepping.ToArray();
            Linearise(x, trial, trialZ, f, termScales, jRaw);
            var next = new List<int>(trial.Length);
            foreach (int k in trial)
            {
                // The reduction is measured with the rows scaled by the current point's S, the scaling the linear model
                // used: S itself varies with the unknowns, and far from the root |f| / S saturates near 1.
                double frozen = 0;
                for (int q = 0; q < e; q++)
                {
                    double value = f[k * e + q] / currentScales[k * e + q];
                    frozen += value * value;
                }
                double trialNorm = double.IsFinite(frozen) ? frozen : double.PositiveInfinity;
                double ratio = double.IsFinite(trialNorm) ? (norm2[k] - trialNorm) / predicted[k] : double.NegativeInfinity;
                if (ratio < 0.1) radius[k] = 0.5 * Math.Min(radius[k], stepNorm[k]);
                else if (ratio >= 0.5 || Math.Abs(ratio - 1) <= 0.1) radius[k] = Math.Max(radius[k], 2 * stepNorm[k]);
                // Progress is also a step that halves the residuals under the scaling it was taken with: far from an
                // exponential's root |f| / S stays near 1 while each step cuts f e-fold (x**2 * P = K with K near 1e-18).
                bool halvedFrozen = ratio >= 1e-4 && trialNorm < 0.5 * norm2[k];
                if (ratio >= 1e-4)
                {
                    Array.Copy(trialZ, k * o, z, k * o, o);
                    norm2[k] = Scale(k, e, o, f, termScales, jRaw, r, jz);
                    Array.Copy(termScales, k * e, currentScales, k * e, e);
                    fresh[k] = true;
                }
                if (norm2[k] < 0.5 * markNorm[k] || halvedFrozen)
                    (markNorm[k], markIteration[k]) = (Math.Min(norm2[k], markNorm[k]), iteration);
                else if (iteration - markIteration[k] >= SlowIterations) continue;
                double zNorm = Dogleg.ScaledNorm(z.AsSpan(k * o, o), scale.AsSpan(k * o, o));
                if (radius[k] <= 1e-15 * Math.Max(zNorm, 1e-300)) continue;
                next.Add(k);
            }
            active = [.. next];
        }
        // The last accepted iterate of points still active was not checked yet.
        foreach (int k in active)
        {
            double worst = 0;
            for (int q = 0; q < e; q++) worst = Math.Max(worst, Math.Abs(r[k * e + q]));
            if (double.IsNaN(worst)) worst = double.PositiveInfinity;
            if (worst < bestResidual[k])
            {
                bestResidual[k] = worst;
                Array.Copy(z, k * o, bestZ, k * o, o);
            }
            converged[k] |= worst <= Tolerance;
        }
        return new RunResult(bestZ, bestResidual, converged, iterations);
    }

    /// <summary>
    /// At the listed points: residuals lhs - rhs (<paramref name="f"/>, n x equations), term scales S, and the
    /// Jacobian of the residuals in z (n x equations x outputs), none divided by S yet.
    /// </summary>
    private void Linearise(double[] x, int[] which, double[] z, double[] f, double[] termScales, double[] jz)
    {
        int o = _system.OutputCount, e = _system.EquationCount, d = _system.InputCount, v = d + o, n = which.Length;
        var points = new double[n * v];
        for (int a = 0; a < n; a++)
        {
            int k = which[a];
            Array.Copy(x, k * d, points, a * v, d);
            for (int j = 0; j < o; j++) points[a * v + d + j] = _transforms[j].ToY(z[k * o + j]);
        }
        var residuals = new double[n * e];
        var scales = new double[n * e];
        var derivatives = new double[n * e * o];
        _system.Evaluate(points, n, residuals, scales, default, derivatives);
        for (int a = 0; a < n; a++)
        {
            int k = which[a];
            for (int q = 0; q < e; q++)
            {
                f[k * e + q] = residuals[a * e + q];
                termScales[k * e + q] = scales[a * e + q] > 0 ? scales[a * e + q] : 1;
                for (int j = 0; j < o; j++)
                    jz[(k * e + q) * o + j] = derivatives[(a * e + q) * o + j] * _transforms[j].Slope(z[k * o + j]);
            }
        }
    }

    /// <summary>Point k's scale-relative residuals r = f / S and Jacobian J / S from the raw ones; returns ||r||^2 (+infinity when not finite).</summary>
    private static double Scale(int k, int e, int o, double[] f, double[] termScales, double[] jRaw, double[] r, double[] jz)
    {
        double sum = 0;
        for (int q = 0; q < e; q++)
        {
            double s = termScales[k * e + q], value = f[k * e + q] / s;
            r[k * e + q] = value;
            sum += value * value;
            for (int j = 0; j < o; j++) jz[(k * e + q) * o + j] = jRaw[(k * e + q) * o + j] / s;
        }
        return double.IsFinite(sum) ? sum : double.PositiveInfinity;
    }

    /// <summary>
    /// Continues each unsolved point from the roots of its nearest solved points (inputs compared on the unit scale of
    /// their spread, logarithmic for log-sampled inputs). True when any solved point was there to start from.
    /// </summary>
    private bool Continue(double[] x, BatchState state)
    {
        int d = _system.InputCount, o = _system.OutputCount;
        var solved = Enumerable.Range(0, state.Converged.Length).Where(i => state.Converged[i]).ToArray();
        if (solved.Length == 0) return false;
        if (solved.Length > MaxAnchors)
            solved = Enumerable.Range(0, MaxAnchors).Select(k => solved[(int)((long)k * solved.Length / MaxAnchors)]).ToArray();
        var failed = Enumerable.Range(0, state.Converged.Length).Where(i => !state.Converged[i]).ToArray();
        var u = Coordinates(x, state.Converged.Length);
        var neighbours = failed.Select(i => Nearest(u, d, i, solved, Neighbours)).ToArray();
        for (int rank = 0; rank < Neighbours; rank++)
        {
            var pending = Enumerable.Range(0, failed.Length).Where(f => !state.Converged[failed[f]] && rank < neighbours[f].Length).ToArray();
            if (pending.Length == 0) break;
            var from = pending.Select(f => neighbours[f][rank]).ToArray();
            var to = pending.Select(f => failed[f]).ToArray();
            Homotopy(x, state, from, to);
        }
        return true;
    }

    /// <summary>For each pair, moves the inputs from point from[k] (solved) to point to[k], carrying the root along.</summary>
    private void Homotopy(double[] x, BatchState state, int[] from, int[] to)
    {
        int d = _system.InputCount, o = _system.OutputCount, m = from.Length;
        var t = new double[m];
        var dt = Enumerable.Repeat(1.0, m).ToArray();
        var z = new double[m * o];
        for (int k = 0; k < m; k++) Array.Copy(state.BestZ, from[k] * o, z, k * o, o);
        var active = Enumerable.Range(0, m).ToList();
        while (active.Count > 0)
        {
            var rows = new double[active.Count * d];
            var zs = new double[active.Count * o];
            var target = new double[active.Count];
            for (int a = 0; a < active.Count; a++)
            {
                int k = active[a];
                target[a] = Math.Min(1, t[k] + dt[k]);
                for (int c = 0; c < d; c++)
                    rows[a * d + c] = Between(c, x[from[k] * d + c], x[to[k] * d + c], target[a]);
                Array.Copy(z, k * o, zs, a * o, o);
            }
            var result = TrustRegion(rows, active.Count, zs, ContinuationIterations);
            var next = new List<int>(active.Count);
            for (int a = 0; a < active.Count; a++)
            {
                int k = active[a], i = to[k];
                state.Iterations[i] += result.Iterations[a];
                if (result.Converged[a])
                {
                    Array.Copy(result.Z, a * o, z, k * o, o);
                    t[k] = target[a];
                    if (t[k] >= 1)
                    {
                        state.Converged[i] = true;
                        state.Residual[i] = result.Residual[a];
                        Array.Copy(result.Z, a * o, state.BestZ, i * o, o);
                        continue;
                    }
                    dt[k] = Math.Min(2 * dt[k], 1 - t[k]);
                }
                else
                {
                    if (target[a] >= 1 && result.Residual[a] < state.Residual[i])
                    {
                        state.Residual[i] = result.Residual[a];
                        Array.Copy(result.Z, a * o, state.BestZ, i * o, o);
                    }
                    dt[k] /= 4;
                    if (dt[k] < SmallestContinuationStep) continue;
                }
                next.Add(k);
            }
            active = next;
        }
    }

    /// <summary>Input c a share <paramref name="t"/> of the way from a to b: geometric for log-sampled positive inputs; b itself at t = 1.</summary>
    private double Between(int c, double a, double b, double t)
    {
        if (t >= 1) return b;
        if (_logInputs[c] && a > 0 && b > 0) return a * Math.Pow(b / a, t);
        return a + t * (b - a);
    }

    /// <summary>Inputs on a common scale for distances: logarithms for log-sampled positive inputs, each divided by its spread.</summary>
    private double[] Coordinates(double[] x, int count)
    {
        int d = _system.InputCount;
        var u = new double[count * d];
        for (int c = 0; c < d; c++)
        {
            bool log = _logInputs[c];
            for (int i = 0; i < count && log; i++) log = x[i * d + c] > 0;
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                double v = log ? Math.Log(x[i * d + c]) : x[i * d + c];
                u[i * d + c] = v;
                if (double.IsFinite(v)) (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
            }
            double spread = hi > lo ? hi - lo : 1;
            for (int i = 0; i < count; i++) u[i * d + c] /= spread;
        }
        return u;
    }

    private static int[] Nearest(double[] u, int d, int i, int[] candidates, int count)
    {
        var best = new List<(double Distance, int Index)>(count + 1);
        foreach (int a in candidates)
        {
            double s = 0;
            for (int c = 0; c < d; c++)
            {
                double diff = u[a * d + c] - u[i * d + c];
                s += diff * diff;
            }
            if (!double.IsFinite(s) || (best.Count == count && s >= best[^1].Distance)) continue;
            int at = best.FindIndex(b => b.Distance > s);
            best.Insert(at < 0 ? best.Count : at, (s, a));
            if (best.Count > count) best.RemoveAt(count);
        }
        return best.Select(b => b.Index).ToArray();
    }
}
