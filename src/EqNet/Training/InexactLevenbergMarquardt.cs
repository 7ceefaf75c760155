using System.Numerics.Tensors;
using EqNet.Optimization;

namespace EqNet.Training;

/// <summary>
/// Levenberg-Marquardt whose damped step, min ||J s + r||^2 + l ||D s||^2, is solved approximately by conjugate gradients
/// on the least-squares form (CGLS: Hestenes and Stiefel 1952; Bjorck, Numerical Methods for Least Squares Problems,
/// 1996, sec. 7.4) from products J v and J^T w alone: no parameters x parameters matrix, so it trains networks whose
/// normal matrix a step cannot afford. D holds J's column norms (Marquardt 1963), which also preconditions CG; stopping
/// CG early is an inexact Newton method (Dembo, Eisenstat and Steihaug 1982).
/// </summary>
internal sealed class InexactLevenbergMarquardt(int threads) : ILeastSquaresStepper
{
    /// <summary>
    /// Most CG iterations per step: each reads J twice, about a fifth of the cost of forming J for a network of 28,000
    /// parameters, so 20 keep the solve at about the cost of 4 Jacobians (sum of 64 squares).
    /// </summary>
    public const int MaxInnerIterations = 20;

    /// <summary>CG stops once the normal equations' residual has fallen by this factor: a looser step is still a descent step.</summary>
    public const double InnerTolerance = 1e-3;

    private double[] _jacobian = [], _residuals = [], _trial = [], _norms = [], _y = [], _p = [], _s = [], _q = [], _rr = [], _candidate = [];
    private double[][] _partials = [];

    public double Damping { get; private set; } = 1e-3;

    public double Cost { get; private set; } = double.PositiveInfinity;

    public bool LastCostFinite { get; private set; } = true;

    /// <summary>CG iterations of the last solve (for tests and progress).</summary>
    public int LastInnerIterations { get; private set; }

    public void Invalidate() => Cost = double.PositiveInfinity;

    public void Recover()
    {
        Damping = Math.Min(Damping * 100, 1e6);
        Invalidate();
    }

    public bool Step(ILeastSquaresProblem problem, double[] x)
    {
        int m = problem.ResidualCount, n = problem.ParameterCount;
        if (_jacobian.Length < (long)m * n) _jacobian = new double[(long)m * n];
        if (_residuals.Length < m) { _residuals = new double[m]; _trial = new double[m]; _q = new double[m]; _rr = new double[m]; }
        if (_norms.Length < n) { _norms = new double[n]; _y = new double[n]; _p = new double[n]; _s = new double[n]; _candidate = new double[n]; }
        var jacobian = _jacobian.AsSpan(0, m * n);
        problem.Evaluate(x, _residuals.AsSpan(0, m), jacobian);
        Cost = SumOfSquares(_residuals.AsSpan(0, m));
        LastCostFinite = double.IsFinite(Cost);
        if (!LastCostFinite) return false;
        ColumnNorms(m, n);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            Solve(m, n);
            for (int a = 0; a < n; a++) _candidate[a] = x[a] + _y[a] / _norms[a];
            problem.Evaluate(_candidate.AsSpan(0, n), _trial.AsSpan(0, m), default);
            double cost = SumOfSquares(_trial.AsSpan(0, m));
            if (cost < Cost)
            {
                _candidate.AsSpan(0, n).CopyTo(x);
                Cost = cost;
                Damping = Math.Max(Damping / 3, 1e-12);
                return true;
            }
            Damping = Math.Min(Damping * 4, 1e12);
        }
        return false;
    }

    /// <summary>
    /// CGLS for min ||A y + r||^2 + Damping ||y||^2 with A = J D^-1, into _y (the step is y / D). Starting from y = 0,
    /// every iterate is a descent direction, so stopping early is safe.
    /// </summary>
    private void Solve(int m, int n)
    {
        var y = _y.AsSpan(0, n);
        var p = _p.AsSpan(0, n);
        var s = _s.AsSpan(0, n);
        var q = _q.AsSpan(0, m);
        var rr = _rr.AsSpan(0, m);
        y.Clear();
        TensorPrimitives.Negate(_residuals.AsSpan(0, m), rr);
        TransposeTimes(_rr, m, n, _s);
        s.CopyTo(p);
        double gamma = TensorPrimitives.Dot(s, s), gamma0 = gamma;
        LastInnerIterations = 0;
        for (int k = 0; k < MaxInnerIterations && gamma > 0; k++)
        {
            Times(_p, m, n, _q);
            double delta = TensorPrimitives.Dot(q, q) + Damping * TensorPrimitives.Dot(p, p);
            if (!(delta > 0)) break;
            double alpha = gamma / delta;
            TensorPrimitives.MultiplyAdd(p, alpha, y, y);
            TensorPrimitives.MultiplyAdd(q, -alpha, rr, rr);
            TransposeTimes(_rr, m, n, _s);
            TensorPrimitives.MultiplyAdd(y, -Damping, s, s);
            double next = TensorPrimitives.Dot(s, s);
            LastInnerIterations = k + 1;
            if (next <= InnerTolerance * InnerTolerance * gamma0) break;
            TensorPrimitives.MultiplyAdd(p, next / gamma, s, p);
            gamma = next;
        }
    }

    /// <summary>Column norms of J into _norms (1 for a column of zeros, whose step stays 0 anyway).</summary>
    private void ColumnNorms(int m, int n)
    {
        Reduce(m, n, (row, acc, _) => TensorPrimitives.MultiplyAdd(row, row, acc, acc), _norms);
        for (int a = 0; a < n; a++) _norms[a] = _norms[a] > 0 ? Math.Sqrt(_norms[a]) : 1;
    }

    /// <summary>q = J (v / D).</summary>
    private void Times(double[] v, int m, int n, double[] q)
    {
        var scaled = new double[n];
        TensorPrimitives.Divide(v.AsSpan(0, n), _norms.AsSpan(0, n), scaled);
        var jacobian = _jacobian;
        ForEachChunk(m, (start, end) =>
        {
            for (int i = start; i < end; i++) q[i] = TensorPrimitives.Dot(jacobian.AsSpan(i * n, n), scaled);
        });
    }

    /// <summary>s = D^-1 J^T w.</summary>
    private void TransposeTimes(double[] w, int m, int n, double[] s)
    {
        Reduce(m, n, (row, acc, i) => TensorPrimitives.MultiplyAdd(row, w[i], acc, acc), s);
        TensorPrimitives.Divide(s.AsSpan(0, n), _norms.AsSpan(0, n), s.AsSpan(0, n));
    }

    /// <summary>
    /// result = sum over rows i of J of f(row i): each thread sums a fixed range of rows into its own vector, and the
    /// vectors are added in thread order, so the result does not depend on timing.
    /// </summary>
    private void Reduce(int m, int n, RowAccumulator f, double[] result)
    {
        int t = Chunks(m);
        if (_partials.Length < t || _partials[0].Length < n) _partials = Enumerable.Range(0, t).Select(_ => new double[n]).ToArray();
        var jacobian = _jacobian;
        var partials = _partials;
        Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k =>
        {
            var acc = partials[k].AsSpan(0, n);
            acc.Clear();
            int start = (int)((long)m * k / t), end = (int)((long)m * (k + 1) / t);
            for (int i = start; i < end; i++) f(jacobian.AsSpan(i * n, n), acc, i);
        });
        partials[0].AsSpan(0, n).CopyTo(result);
        for (int k = 1; k < t; k++) TensorPrimitives.Add(result.AsSpan(0, n), partials[k].AsSpan(0, n), result.AsSpan(0, n));
    }

    private void ForEachChunk(int m, Action<int, int> body)
    {
        int t = Chunks(m);
        Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k => body((int)((long)m * k / t), (int)((long)m * (k + 1) / t)));
    }

    private int Chunks(int m) => Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, m / 64));

    private delegate void RowAccumulator(ReadOnlySpan<double> row, Span<double> accumulator, int index);

    private static double SumOfSquares(ReadOnlySpan<double> r)
    {
        double s = TensorPrimitives.Dot(r, r);
        return double.IsNaN(s) ? double.PositiveInfinity : s;
    }
}
